// Reading rectangles of cells within what Excel on the web will answer (about 5 MB a response): a bounded number of
// cells per sync, halved whenever Excel declines a response for its size or answers null, so that a read too large
// is read again in smaller pieces instead of failing. Refresh reads formulas this way, What moved spilled results.
import { isReadTooLarge } from "./reports/block-writer";

/** A rectangle of cells: its top-left (0-based) and its size. */
export interface CellRect {
  row: number;
  column: number;
  rows: number;
  columns: number;
}

/** Cuts `rect` into pieces of at most `cells` cells: row slices, and column pieces of a row wider than that. */
export function cutRect<T extends CellRect>(rect: T, cells: number): T[] {
  const out: T[] = [];
  const columnsPerPiece = Math.min(rect.columns, Math.max(1, cells));
  const rowsPerSlice = Math.max(1, Math.floor(cells / columnsPerPiece));
  for (let r = 0; r < rect.rows; r += rowsPerSlice) {
    for (let c = 0; c < rect.columns; c += columnsPerPiece) {
      out.push({
        ...rect,
        row: rect.row + r,
        rows: Math.min(rowsPerSlice, rect.rows - r),
        column: rect.column + c,
        columns: Math.min(columnsPerPiece, rect.columns - c),
      });
    }
  }
  return out;
}

export interface RectRead<T extends CellRect, L> {
  /** Queues the load of a piece of a rectangle (not synced yet). */
  load: (piece: T) => L;
  /** Whether Excel answered a load with nothing (a response it declined without an error). */
  declined: (loaded: L) => boolean;
  /** Takes what was loaded for a piece, once its sync succeeded. */
  use: (piece: T, loaded: L) => void;
}

class DeclinedRead extends Error {}

/** Reads `rects` in pieces, in order, at most `budget` cells per sync (halved when refused). */
export async function readRects<T extends CellRect, L>(
  context: Excel.RequestContext,
  rects: readonly T[],
  budget: number,
  read: RectRead<T, L>,
): Promise<void> {
  let pending = rects.flatMap((rect) => cutRect(rect, budget));
  while (pending.length > 0) {
    const batch: T[] = [];
    let cells = 0;
    while (pending.length > 0 && (batch.length === 0 || cells + pending[0].rows * pending[0].columns <= budget)) {
      const next = pending.shift()!;
      batch.push(next);
      cells += next.rows * next.columns;
    }
    const loaded = batch.map((piece) => read.load(piece));
    try {
      // One sync per batch: each batch is one bounded response.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      if (loaded.some((value) => read.declined(value))) throw new DeclinedRead();
    } catch (error) {
      if (!(error instanceof DeclinedRead) && !isReadTooLarge(error)) throw error;
      if (cells <= 1) throw error;
      // The refused read changed nothing: read the same cells again in halves.
      budget = Math.max(1, Math.floor(Math.min(budget, cells) / 2));
      pending = [...batch.flatMap((piece) => cutRect(piece, budget)), ...pending];
      continue;
    }
    batch.forEach((piece, i) => read.use(piece, loaded[i]));
  }
}
