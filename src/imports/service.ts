// Sending a range to Kalibrate's import endpoints, over injected ports (the workbook and the API). The rules that
// keep it safe live here: nothing is sent while a row is invalid unless the user asks for the valid rows only;
// read-only credentials are refused before the first batch; every batch's state is saved in the workbook before and
// after its POST, so a failure, a Cancel or a reopened workbook resumes after the last acknowledged batch; a batch
// whose outcome is unknown is resent only with its original Idempotency-Key; an import whose rows changed since it
// started is not resumed.
import { DataApiError } from "../core/api";
import { planBatches, BATCH_BYTES, BATCH_RECORDS, type Batch } from "./batches";
import type { ImportKind } from "./kinds";
import { autoMap, toSavedMapping, unmappedRequired, type ColumnMapping, type SavedMapping } from "./mapping";
import type { CellMark, ImportApi, ImportWorkbook, OperationResult, SourceData, SourceRef } from "./ports";
import { MAPPING_PREFIX, ProgressStore, type BatchProgress, type ImportProgress } from "./progress";
import { loadCatalogue, siteProductResolver } from "./resolve";
import { readOnlyMessage, type Rights } from "./rights";
import { DEFAULT_PRICE_BAND, reasonsByRow, validateRows, type Band, type Validation } from "./validate";

export type ImportErrorReason = "read-only" | "invalid" | "changed" | "not-connected" | "stopped" | "not-found";

/** Nothing (more) was sent; the message says why and what to do. */
export class ImportError extends Error {
  override name = "ImportError";
  constructor(
    message: string,
    readonly reason: ImportErrorReason,
  ) {
    super(message);
  }
}

export interface Prepared {
  kind: ImportKind;
  source: SourceData;
  mapping: ColumnMapping;
  priceBand: Band;
  validation: Validation;
}

export interface SendProgress {
  phase: "sending" | "checking";
  /** Batches acknowledged (sending) or with a final status (checking). */
  done: number;
  batches: number;
  records: number;
}

export interface RejectedRow {
  /** Data row index in the source. */
  row: number;
  reasons: string[];
  /** The batch that carried it, when Kalibrate rejected it (absent: refused by validation, never sent). */
  batch?: number;
}

export interface SendOutcome {
  progress: ImportProgress;
  source: SourceData;
  /** Rows Kalibrate rejected, with its reasons. */
  rejected: RejectedRow[];
  /** Batches still being processed by Kalibrate when checking stopped. */
  processing: number;
  message: string;
  /** Set when sending stopped before every batch was acknowledged (network failure, refusal, Cancel). */
  stopped?: string;
}

export interface SendOptions {
  /** Send the valid rows although others are invalid. */
  validOnly?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: SendProgress) => void;
}

export interface ImportServiceOptions {
  workbook: ImportWorkbook;
  api: ImportApi;
  batchRecords?: number;
  batchBytes?: number;
  /** Wait between status checks of operations still queued. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Give up checking after this long; "Check status" continues later. Default 60 s. */
  maxPollMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  newId?: () => string;
}

const FINAL = new Set(["Completed", "CompletedWithErrors", "Failed"]);
// An answer with one of these statuses means Kalibrate did not process the batch.
const REFUSED = new Set([400, 401, 403, 404, 409, 413, 415, 422]);
const n = (count: number) => count.toLocaleString("en-GB");

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

export class ImportService {
  readonly #workbook: ImportWorkbook;
  readonly #api: ImportApi;
  readonly #store: ProgressStore;
  readonly #options: Required<Omit<ImportServiceOptions, "workbook" | "api">>;

  constructor(options: ImportServiceOptions) {
    this.#workbook = options.workbook;
    this.#api = options.api;
    this.#store = new ProgressStore(options.workbook.storage);
    this.#options = {
      batchRecords: options.batchRecords ?? BATCH_RECORDS,
      batchBytes: options.batchBytes ?? BATCH_BYTES,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      maxPollMs: options.maxPollMs ?? 60_000,
      sleep: options.sleep ?? defaultSleep,
      now: options.now ?? Date.now,
      newId: options.newId ?? (() => globalThis.crypto.randomUUID()),
    };
  }

  rights(): Promise<Rights> {
    return this.#api.rights();
  }

  read(source: SourceRef, onRows?: (rows: number) => void): Promise<SourceData> {
    return this.#workbook.read(source, onRows);
  }

  tableNames(): Promise<string[]> {
    return this.#workbook.tableNames();
  }

  /** The automatic mapping for these headers, with the workbook's saved choices for this kind applied first. */
  async mappingFor(kind: ImportKind, headers: readonly unknown[]): Promise<ColumnMapping> {
    const entries = await this.#workbook.storage.entries(`${MAPPING_PREFIX}${kind}`);
    const saved = entries.find((e) => e.key === `${MAPPING_PREFIX}${kind}`)?.value as SavedMapping | undefined;
    return autoMap(kind, headers, saved && typeof saved === "object" ? saved : undefined);
  }

  /** Saves the mapping by header text (never a value from the rows). */
  async saveMapping(kind: ImportKind, mapping: ColumnMapping, headers: readonly unknown[]): Promise<void> {
    await this.#workbook.storage.put(`${MAPPING_PREFIX}${kind}`, toSavedMapping(mapping, headers));
  }

  /** Checks every row; loads sites and products (two cached queries) to resolve them. Sends nothing. */
  async validate(
    kind: ImportKind,
    source: SourceData,
    mapping: ColumnMapping,
    options: { priceBand?: Band } = {},
  ): Promise<Prepared> {
    const missing = unmappedRequired(kind, mapping);
    if (missing.length > 0) {
      throw new ImportError(`Map a column to ${missing.join(", ")}: Kalibrate needs them in every record.`, "invalid");
    }
    this.#requireEnvironment();
    const priceBand = options.priceBand ?? DEFAULT_PRICE_BAND;
    if (!(priceBand.min >= 0 && priceBand.max > priceBand.min)) {
      throw new ImportError("The price band needs a lowest price of 0 or more below the highest price.", "invalid");
    }
    const catalogue = await loadCatalogue(this.#api);
    const validation = validateRows(kind, source.rows, mapping, siteProductResolver(catalogue, kind), { priceBand });
    return { kind, source, mapping, priceBand, validation };
  }

  /** Marks each invalid cell in the sheet with its reasons (a comment); values are never changed. */
  markInvalid(prepared: Prepared): Promise<{ marked: number; skipped: number }> {
    const byCell = new Map<string, CellMark>();
    for (const problem of prepared.validation.problems) {
      if (problem.column === undefined) continue;
      const key = `${problem.row}:${problem.column}`;
      const mark = byCell.get(key);
      if (mark) mark.reason += `; ${problem.reason}`;
      else byCell.set(key, { row: problem.row, column: problem.column, reason: problem.reason });
    }
    return this.#workbook.markCells(prepared.source, [...byCell.values()]);
  }

  clearMarks(): Promise<number> {
    return this.#workbook.clearMarks();
  }

  /** Copies rows with their reasons to a new sheet (same headers, so the fixed sheet maps the same way). */
  async copyRows(source: SourceData, rows: readonly RejectedRow[]): Promise<string> {
    const width = source.headers.length;
    const table = [
      [...source.headers, "Kalibrate reason"],
      ...rows.map((r) => {
        const values = (source.rows[r.row] ?? []).slice(0, width);
        while (values.length < width) values.push("");
        return [...values, r.reasons.join("; ")];
      }),
    ];
    return this.#workbook.writeSheet("Kalibrate fixes", table);
  }

  /** Rows refused by validation, as the fix sheet takes them. */
  invalidRows(prepared: Prepared): RejectedRow[] {
    return [...reasonsByRow(prepared.validation.problems)].map(([row, reasons]) => ({ row, reasons }));
  }

  /** Imports not finished: some batch not acknowledged, or not yet processed by Kalibrate. */
  async unfinished(): Promise<ImportProgress[]> {
    const all = await this.#store.list();
    return all.filter(
      (p) => p.state === "open" || p.batches.some((b) => b.state === "sent" && !FINAL.has(b.status ?? "")),
    );
  }

  discard(id: string): Promise<void> {
    return this.#store.remove(id);
  }

  /** Starts an import of the prepared rows. */
  async send(prepared: Prepared, options: SendOptions = {}): Promise<SendOutcome> {
    const { validation } = prepared;
    if (validation.invalidRows.length > 0 && !options.validOnly) {
      throw new ImportError(
        `${n(validation.invalidRows.length)} rows are not valid; nothing was sent. Fix them, or choose ` +
          `"Send the valid rows only" to send the other ${n(validation.validRows.length)}.`,
        "invalid",
      );
    }
    if (validation.validRows.length === 0) throw new ImportError("There are no valid rows to send.", "invalid");
    const environment = this.#requireEnvironment();
    await this.#requireWriteRights();
    const batches = planBatches(validation.validRows, validation.records, {
      maxRecords: this.#options.batchRecords,
      maxBytes: this.#options.batchBytes,
    });
    const id = this.#options.newId();
    const now = new Date(this.#options.now()).toISOString();
    const progress: ImportProgress = {
      id,
      kind: prepared.kind,
      environment,
      source: { address: prepared.source.address, sheet: prepared.source.sheet, table: prepared.source.table },
      mapping: prepared.mapping,
      priceBand: prepared.priceBand,
      batchSize: this.#options.batchRecords,
      createdAt: now,
      updatedAt: now,
      // Records, not rows: a cost breakdown read one row per component is one record.
      records: batches.reduce((sum, b) => sum + b.records.length, 0),
      state: "open",
      batches: batches.map((b) => ({
        index: b.index,
        count: b.records.length,
        fingerprint: b.fingerprint,
        idempotencyKey: `${id}-${b.index + 1}`,
        state: "pending",
      })),
    };
    await this.#store.save(progress);
    return this.#run(progress, batches, prepared.source, validation.groups, options);
  }

  /**
   * Continues an import from the workbook's progress: re-reads and re-checks its rows, refuses when they changed,
   * sends only batches not acknowledged (an unknown outcome again with its Idempotency-Key), then checks statuses.
   */
  async resume(id: string, options: Omit<SendOptions, "validOnly"> = {}): Promise<SendOutcome> {
    const progress = await this.#store.get(id);
    if (!progress) throw new ImportError("This import is no longer in the workbook.", "not-found");
    const environment = this.#requireEnvironment();
    if (environment !== progress.environment) {
      throw new ImportError(
        `This import was started on "${progress.environment}"; connect to it to resume (you are on "${environment}").`,
        "not-connected",
      );
    }
    const pendingSends = progress.batches.some((b) => b.state !== "sent");
    if (pendingSends) await this.#requireWriteRights();
    const source = await this.#workbook.read({ kind: "range", address: progress.source.address });
    const catalogue = await loadCatalogue(this.#api);
    const validation = validateRows(
      progress.kind,
      source.rows,
      progress.mapping,
      siteProductResolver(catalogue, progress.kind),
      {
        priceBand: progress.priceBand,
      },
    );
    const batches = planBatches(validation.validRows, validation.records, {
      maxRecords: progress.batchSize,
      maxBytes: this.#options.batchBytes,
    });
    const changed =
      batches.length !== progress.batches.length ||
      batches.some((b, i) => b.fingerprint !== progress.batches[i].fingerprint);
    if (changed) {
      const sent = progress.batches.filter((b) => b.state === "sent").length;
      throw new ImportError(
        `The rows in ${progress.source.address} changed since this import started, so it cannot be resumed safely ` +
          `(${sent} of ${progress.batches.length} batches are already in Kalibrate). Undo the changes and resume, or ` +
          "discard this import and send the rows that were not sent as a new one.",
        "changed",
      );
    }
    return this.#run(progress, batches, source, validation.groups, options);
  }

  async #run(
    progress: ImportProgress,
    batches: Batch[],
    source: SourceData,
    groups: Validation["groups"],
    options: Omit<SendOptions, "validOnly">,
  ): Promise<SendOutcome> {
    const total = progress.batches.length;
    const report = (phase: SendProgress["phase"], done: number) =>
      options.onProgress?.({ phase, done, batches: total, records: progress.records });
    const acknowledged = () => progress.batches.filter((b) => b.state === "sent").length;
    let stopped: string | undefined;
    report("sending", acknowledged());
    for (const batch of progress.batches) {
      if (batch.state === "sent") continue;
      if (options.signal?.aborted) {
        stopped = `Cancelled: ${acknowledged()} of ${total} batches are in Kalibrate; Resume sends the rest.`;
        break;
      }
      batch.state = "sending";
      await this.#save(progress);
      try {
        // The batch in flight is never aborted: Cancel stops before the next one, so no outcome is left unknown.
        const { operationId } = await this.#api.send(progress.kind, batches[batch.index].records, batch.idempotencyKey);
        batch.state = "sent";
        batch.operationId = operationId;
        batch.status = "Queued";
      } catch (error) {
        stopped = this.#stopMessage(error, batch, progress);
        if (error instanceof DataApiError && error.status !== undefined && REFUSED.has(error.status)) {
          batch.state = "refused";
        }
        await this.#save(progress);
        if (error instanceof DataApiError && error.status === 403) {
          throw new ImportError(`${stopped}`, "read-only");
        }
        break;
      }
      await this.#save(progress);
      report("sending", acknowledged());
    }
    if (!stopped) progress.state = "sent";
    await this.#save(progress);
    const processing = await this.#poll(progress, options.signal, (done) => report("checking", done));
    const rejected = this.#rejected(progress, batches, groups);
    return {
      progress,
      source,
      rejected,
      processing,
      stopped,
      message: this.#summary(progress, processing, stopped),
    };
  }

  #stopMessage(error: unknown, batch: BatchProgress, progress: ImportProgress): string {
    const where = `Sending stopped at batch ${batch.index + 1} of ${progress.batches.length}`;
    const done = `${progress.batches.filter((b) => b.state === "sent").length} batches before it are in Kalibrate`;
    const reason = (error as Error)?.message ?? String(error);
    if (error instanceof DataApiError && error.status === 403) {
      return `${readOnlyMessage(this.#api.clientId())} (${where}; ${done}.)`;
    }
    if (error instanceof DataApiError && error.status !== undefined && REFUSED.has(error.status)) {
      return `${where}: Kalibrate refused it (${reason}). ${done}; fix the cause, then Resume.`;
    }
    return (
      `${where}: ${reason} ${done}. Resume sends batch ${batch.index + 1} again with the same Idempotency-Key, ` +
      "so Kalibrate does not import it twice."
    );
  }

  /** Asks for each acknowledged batch's status until all are final or maxPollMs passed; returns those still queued. */
  async #poll(
    progress: ImportProgress,
    signal: AbortSignal | undefined,
    report: (done: number) => void,
  ): Promise<number> {
    // Also asked again: a processed batch with rejections whose reasons this session has not seen (a reopened
    // workbook keeps counts, not reasons).
    const waiting = () =>
      progress.batches.filter(
        (b) =>
          b.state === "sent" &&
          (!FINAL.has(b.status ?? "") || ((b.rejected ?? 0) > 0 && !this.#rejections.has(b.operationId!))),
      );
    const started = this.#options.now();
    const final = () => progress.batches.filter((b) => FINAL.has(b.status ?? "")).length;
    report(final());
    while (waiting().length > 0 && !signal?.aborted) {
      if (this.#options.now() - started > this.#options.maxPollMs) break;
      await this.#options.sleep(this.#options.pollIntervalMs, signal);
      if (signal?.aborted) break;
      for (const batch of waiting()) {
        let result: OperationResult;
        try {
          result = await this.#api.operation(batch.operationId!, signal);
        } catch (error) {
          if (signal?.aborted) break;
          // A failed status check changes nothing: the batch stays acknowledged; "Check status" asks again.
          if (error instanceof DataApiError && error.kind !== "network" && error.kind !== "server") throw error;
          return waiting().length;
        }
        batch.status = result.status;
        batch.accepted = result.acceptedCount;
        batch.rejected = result.rejectedCount;
        this.#rejections.set(batch.operationId!, result.rejected);
        report(final());
      }
      await this.#save(progress);
    }
    return waiting().length;
  }

  // Per-row reasons stay in memory (they can be large); a reopened workbook asks Kalibrate for them again.
  readonly #rejections = new Map<string, OperationResult["rejected"]>();

  #rejected(progress: ImportProgress, batches: Batch[], groups: Validation["groups"]): RejectedRow[] {
    const rows: RejectedRow[] = [];
    for (const batch of progress.batches) {
      const list = batch.operationId ? this.#rejections.get(batch.operationId) : undefined;
      for (const entry of list ?? []) {
        const row = batches[batch.index]?.rows[entry.index];
        if (row === undefined) continue;
        // A rejected cost breakdown comes back as every row it was read from, so the fix sheet holds it whole.
        for (const member of groups?.get(row) ?? [row]) {
          rows.push({ row: member, reasons: entry.reasons, batch: batch.index });
        }
      }
    }
    return rows;
  }

  #summary(progress: ImportProgress, processing: number, stopped?: string): string {
    const accepted = progress.batches.reduce((sum, b) => sum + (b.accepted ?? 0), 0);
    const parts = [
      `${n(progress.batches.filter((b) => b.state === "sent").length)} of ${n(progress.batches.length)} batches sent`,
      `${n(accepted)} records accepted`,
      // Records, as Kalibrate counts them (a rejected cost breakdown may span several rows).
      `${n(progress.batches.reduce((sum, b) => sum + (b.rejected ?? 0), 0))} rejected`,
    ];
    let message = `${parts.join(", ")}.`;
    if (processing > 0) message += ` Kalibrate is still processing ${processing} batches: press Check status later.`;
    if (stopped) message = `${stopped} ${message}`;
    return message;
  }

  async #save(progress: ImportProgress): Promise<void> {
    progress.updatedAt = new Date(this.#options.now()).toISOString();
    await this.#store.save(progress);
  }

  #requireEnvironment(): string {
    const environment = this.#api.environment();
    if (!environment) throw new ImportError("Connect in the Kalibrate pane first.", "not-connected");
    return environment;
  }

  async #requireWriteRights(): Promise<void> {
    if ((await this.#api.rights()) === "Read") {
      throw new ImportError(readOnlyMessage(this.#api.clientId()), "read-only");
    }
  }
}
