// Valid rows in batches sized for the import endpoints: at most BATCH_RECORDS records and BATCH_BYTES of JSON per
// POST (well under the sandbox's 10,000 records and the relay's 10 MiB body limit; Kalibrate documents no limit).
// The plan is a pure function of the records, so re-reading an unchanged range after a reopen gives the same
// batches, and each batch's fingerprint proves it.
import type { ImportRecord } from "./validate";

export const BATCH_RECORDS = 1_000;
export const BATCH_BYTES = 1_000_000;

export interface Batch {
  index: number;
  /** Data-row indices of the source, one per record, in order (Kalibrate reports rejections by record index). */
  rows: number[];
  records: ImportRecord[];
  fingerprint: string;
}

/** FNV-1a over the batch's JSON: cheap, stable, and enough to notice that the rows changed between sessions. */
export function fingerprint(json: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) {
    hash ^= json.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(16).padStart(8, "0")}-${json.length}`;
}

export function planBatches(
  rows: readonly number[],
  records: readonly (ImportRecord | undefined)[],
  options: { maxRecords?: number; maxBytes?: number } = {},
): Batch[] {
  const maxRecords = Math.max(1, options.maxRecords ?? BATCH_RECORDS);
  const maxBytes = Math.max(1, options.maxBytes ?? BATCH_BYTES);
  const batches: Batch[] = [];
  let current: { rows: number[]; records: ImportRecord[]; json: string[]; bytes: number } | undefined;
  const close = () => {
    if (!current) return;
    const json = `[${current.json.join(",")}]`;
    batches.push({
      index: batches.length,
      rows: current.rows,
      records: current.records,
      fingerprint: fingerprint(json),
    });
    current = undefined;
  };
  for (const row of rows) {
    const record = records[row];
    if (!record) continue;
    const json = JSON.stringify(record);
    if (current && (current.records.length >= maxRecords || current.bytes + json.length + 1 > maxBytes)) close();
    current ??= { rows: [], records: [], json: [], bytes: 2 };
    current.rows.push(row);
    current.records.push(record);
    current.json.push(json);
    current.bytes += json.length + 1;
  }
  close();
  return batches;
}
