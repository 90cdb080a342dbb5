// Per-import progress in the workbook's document settings (`kalibrate.import.<id>`): which batches Kalibrate
// acknowledged, with their operation ids, so a retry after a network failure, a closed pane or a reopened workbook
// resumes after the last acknowledged batch and never sends one twice. It holds counts, fingerprints and operation
// ids, never a row's values or a secret. A batch saved as "sending" had its POST started but no answer recorded:
// its outcome is unknown, and resuming resends it with the same Idempotency-Key (see README: idempotency rule).
import type { ImportKind } from "./kinds";
import type { OperationStatus } from "./ports";
import type { KeyValueStorage } from "./ports";
import type { Band } from "./validate";
import type { ColumnMapping } from "./mapping";

export const PROGRESS_PREFIX = "kalibrate.import.";
export const MAPPING_PREFIX = "kalibrate.importMapping.";

export type BatchState = "pending" | "sending" | "sent" | "refused";

export interface BatchProgress {
  index: number;
  count: number;
  fingerprint: string;
  idempotencyKey: string;
  state: BatchState;
  operationId?: string;
  status?: OperationStatus;
  accepted?: number;
  rejected?: number;
}

export interface ImportProgress {
  id: string;
  kind: ImportKind;
  environment: string;
  source: { address: string; sheet: string; table?: string };
  mapping: ColumnMapping;
  priceBand: Band;
  batchSize: number;
  createdAt: string;
  updatedAt: string;
  /** Records planned (valid rows sent). */
  records: number;
  /** "open" until every batch is acknowledged; "cancelled" by the user (the rest is not sent). */
  state: "open" | "sent" | "cancelled";
  batches: BatchProgress[];
}

export const progressKey = (id: string) => `${PROGRESS_PREFIX}${id}`;

function isProgress(value: unknown): value is ImportProgress {
  const v = value as ImportProgress | null;
  return (
    !!v &&
    typeof v === "object" &&
    typeof v.id === "string" &&
    typeof v.kind === "string" &&
    Array.isArray(v.batches) &&
    v.batches.every((b) => typeof b.idempotencyKey === "string" && typeof b.fingerprint === "string") &&
    typeof v.source?.address === "string"
  );
}

export class ProgressStore {
  constructor(private readonly storage: KeyValueStorage) {}

  async list(): Promise<ImportProgress[]> {
    const entries = await this.storage.entries(PROGRESS_PREFIX);
    return entries
      .map((entry) => entry.value)
      .filter(isProgress)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async get(id: string): Promise<ImportProgress | undefined> {
    return (await this.list()).find((p) => p.id === id);
  }

  async save(progress: ImportProgress): Promise<void> {
    await this.storage.put(progressKey(progress.id), JSON.parse(JSON.stringify(progress)));
  }

  async remove(id: string): Promise<void> {
    await this.storage.remove(progressKey(id));
  }
}
