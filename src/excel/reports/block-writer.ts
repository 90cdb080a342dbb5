// Writing many rows into Excel: one block of rows per sync, calculation suspended for each, and the block halved
// whenever Excel on the web refuses a request over its 5 MB payload limit (the refused request changed nothing, so
// the same rows are sent again in smaller blocks).
import type { ExcelValue } from "../../core/table";

export const START_BLOCK_ROWS = 5_000;

export interface BlockWriteOptions {
  /** Rows per block to start with (halved on a payload error). Default START_BLOCK_ROWS. */
  blockRows?: number;
  /** Called after each block with the rows written so far. */
  onRows?: (written: number) => void;
}

export interface BlockWriteReport {
  syncs: number;
  /** Block sizes that were refused for their size, in order. */
  refused: number[];
  /** The block size in use at the end. */
  blockRows: number;
}

/** Excel reads text as typing: "0012" would become 12, "-x" a formula. A leading apostrophe keeps text as text. */
export function protectText(value: ExcelValue): ExcelValue {
  return typeof value === "string" && value !== "" ? `'${value}` : value;
}

/** Rows [from, from + count) with their text protected, built in plain loops (a report writes a million cells). */
function protectedBlock(
  rows: readonly (readonly ExcelValue[])[],
  from: number,
  count: number,
  width: number,
): ExcelValue[][] {
  const block = new Array<ExcelValue[]>(count);
  for (let r = 0; r < count; r++) {
    const row = rows[from + r];
    const out = new Array<ExcelValue>(width);
    for (let c = 0; c < width; c++) {
      const value = row[c];
      out[c] = typeof value === "string" && value !== "" ? `'${value}` : value;
    }
    block[r] = out;
  }
  return block;
}

export function isPayloadTooLarge(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "RequestPayloadSizeLimitExceeded" || code === "PayloadTooLarge";
}

/** A read Excel declined for its size: refused for the 5 MB request or response limit or the cell limit. */
export function isReadTooLarge(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return isPayloadTooLarge(error) || code === "ResponsePayloadSizeLimitExceeded" || code === "RangeExceedsLimit";
}

/** Writes `rows` (all the same width) with their top-left cell at (row, column) of the sheet. */
export async function writeRowBlocks(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  at: { row: number; column: number },
  rows: readonly (readonly ExcelValue[])[],
  options: BlockWriteOptions = {},
): Promise<BlockWriteReport> {
  const width = rows[0]?.length ?? 0;
  const report: BlockWriteReport = {
    syncs: 0,
    refused: [],
    blockRows: Math.max(1, options.blockRows ?? START_BLOCK_ROWS),
  };
  if (width === 0) return report;
  let written = 0;
  while (written < rows.length) {
    const count = Math.min(report.blockRows, rows.length - written);
    const block = protectedBlock(rows, written, count, width);
    sheet.getRangeByIndexes(at.row + written, at.column, count, width).values = block;
    context.application.suspendApiCalculationUntilNextSync();
    try {
      // One sync per block is the point of the loop: each block must fit one request.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      report.syncs++;
    } catch (error) {
      if (!isPayloadTooLarge(error) || count === 1) throw error;
      report.refused.push(count);
      report.blockRows = Math.max(1, Math.floor(count / 2));
      continue;
    }
    written += count;
    options.onRows?.(written);
  }
  return report;
}
