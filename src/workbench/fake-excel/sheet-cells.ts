// Sparse cell storage for one worksheet: a Map from row index to a (holey) array of cells. Only cells that hold
// something exist, so a 100,000-row table costs its cells and nothing for the rest of the grid.

import type { Rect } from "./address";
import type { CellError, CellScalar } from "./cell-values";
import type { RichValue } from "./data-types";
import type { FormulaCell } from "./formula-cell";

export interface Cell {
  /** The value Excel shows ("" when empty; an error's code when `err` is set). */
  v: CellScalar;
  /** The cell's own formula. Cells filled by a neighbour's spill have none. */
  f?: string;
  /** Number format; undefined means "General". */
  nf?: string;
  err?: CellError;
  /** Cell value JSON a formula returned (data-types.ts); `v` is what it shows. */
  rich?: RichValue;
  /** The formula cell state when `f` is set. */
  calc?: FormulaCell;
  /** The anchor whose spilled result this cell shows. */
  spillOf?: FormulaCell;
}

export const hasContent = (cell: Cell) =>
  cell.v !== "" || cell.f !== undefined || cell.err !== undefined || !!cell.spillOf;

export class SheetCells {
  private rows = new Map<number, Cell[]>();
  /** Bumped on every change; lets callers cache what they computed from the cells. */
  version = 0;
  private usedCache = new Map<string, Rect | undefined>();
  private usedCacheVersion = -1;

  get(row: number, col: number): Cell | undefined {
    return this.rows.get(row)?.[col];
  }

  getOrCreate(row: number, col: number): Cell {
    const cell = this.get(row, col);
    if (!cell) return this.add(row, col, "", undefined);
    this.version++;
    return cell;
  }

  /**
   * Stores a new cell where there is none, its value and format given at once (a table write makes a million). A
   * cell is made with only the two fields a plain cell uses, in one literal: half the size of one with all seven
   * (a million cells are 36 MB less heap for the collector to copy), and writers set the other fields only on cells
   * that need them (a formula, an error, a spill), so plain cells keep this one shape.
   */
  add(row: number, col: number, v: CellScalar, nf: string | undefined): Cell {
    this.version++;
    let line = this.rows.get(row);
    if (!line) {
      line = [];
      this.rows.set(row, line);
    }
    const cell: Cell = { v, nf };
    line[col] = cell;
    return cell;
  }

  /** Drops the cell when it holds nothing any more, so the store stays sparse. */
  compact(row: number, col: number): void {
    this.version++;
    const line = this.rows.get(row);
    const cell = line?.[col];
    if (!line || !cell || hasContent(cell) || cell.nf !== undefined) return;
    delete line[col];
    if (line.every((c) => c === undefined)) this.rows.delete(row);
  }

  touch(): void {
    this.version++;
  }

  /** Visits the existing cells inside `rect` (never materialises empty ones). */
  forEachIn(rect: Rect, visit: (cell: Cell, row: number, col: number) => void): void {
    const rowEnd = rect.row + rect.rows;
    const colEnd = rect.col + rect.cols;
    const visitLine = (line: Cell[], row: number) => {
      if (rect.cols <= 64) {
        for (let c = rect.col; c < colEnd && c < line.length; c++) if (line[c]) visit(line[c], row, c);
      } else {
        line.forEach((cell, c) => {
          if (c >= rect.col && c < colEnd) visit(cell, row, c);
        });
      }
    };
    if (rect.rows <= this.rows.size) {
      for (let r = rect.row; r < rowEnd; r++) {
        const line = this.rows.get(r);
        if (line) visitLine(line, r);
      }
      return;
    }
    for (const [r, line] of [...this.rows.entries()]) if (r >= rect.row && r < rowEnd) visitLine(line, r);
  }

  forEach(visit: (cell: Cell, row: number, col: number) => void): void {
    for (const [r, line] of [...this.rows.entries()]) line.forEach((cell, c) => visit(cell, r, c));
  }

  /** The smallest rectangle holding every non-empty cell (and formatted ones unless valuesOnly). */
  usedRect(valuesOnly: boolean): Rect | undefined {
    if (this.usedCacheVersion !== this.version) {
      this.usedCache.clear();
      this.usedCacheVersion = this.version;
    }
    const key = String(valuesOnly);
    if (this.usedCache.has(key)) return this.usedCache.get(key);
    let minRow = Infinity;
    let maxRow = -1;
    let minCol = Infinity;
    let maxCol = -1;
    for (const [r, line] of this.rows) {
      line.forEach((cell, c) => {
        if (!hasContent(cell) && (valuesOnly || cell.nf === undefined)) return;
        if (r < minRow) minRow = r;
        if (r > maxRow) maxRow = r;
        if (c < minCol) minCol = c;
        if (c > maxCol) maxCol = c;
      });
    }
    const rect =
      maxRow < 0 ? undefined : { row: minRow, col: minCol, rows: maxRow - minRow + 1, cols: maxCol - minCol + 1 };
    this.usedCache.set(key, rect);
    return rect;
  }

  /** Highest row index holding a cell in columns [c0, c1], or -1. */
  lastRowIn(c0: number, c1: number): number {
    let last = -1;
    for (const [r, line] of this.rows) {
      if (r <= last) continue;
      for (let c = c0; c <= c1 && c < line.length; c++) {
        if (line[c]) {
          last = r;
          break;
        }
      }
    }
    return last;
  }

  /**
   * Moves every cell in columns [c0, c1] at or below `atRow` down by `count` rows (Excel's "insert cells, shift
   * down"). `moved` hears where each cell went, so formula positions can follow.
   */
  shiftDown(
    atRow: number,
    count: number,
    c0: number,
    c1: number,
    moved: (cell: Cell, row: number, col: number) => void,
  ) {
    this.version++;
    const affected = [...this.rows.keys()].filter((r) => r >= atRow).sort((a, b) => b - a);
    for (const r of affected) this.moveSpan(r, r + count, c0, c1, moved);
  }

  /** Deletes rows [r0, r0+count) in columns [c0, c1] and moves the cells below up (Excel's "delete, shift up"). */
  shiftUp(r0: number, count: number, c0: number, c1: number, moved: (cell: Cell, row: number, col: number) => void) {
    this.version++;
    for (let r = r0; r < r0 + count; r++) this.clearSpan(r, c0, c1);
    const affected = [...this.rows.keys()].filter((r) => r >= r0 + count).sort((a, b) => a - b);
    for (const r of affected) this.moveSpan(r, r - count, c0, c1, moved);
  }

  lastColumnIn(r0: number, r1: number): number {
    let last = -1;
    for (const [r, line] of this.rows) {
      if (r < r0 || r > r1) continue;
      for (let c = line.length - 1; c > last; c--) {
        if (line[c]) {
          last = c;
          break;
        }
      }
    }
    return last;
  }

  /** Moves every cell in rows [r0, r1] at or right of `atCol` right by `count` columns ("insert, shift right"). */
  shiftRight(
    atCol: number,
    count: number,
    r0: number,
    r1: number,
    moved: (cell: Cell, row: number, col: number) => void,
  ) {
    this.version++;
    for (const [r, line] of this.rows) {
      if (r < r0 || r > r1) continue;
      for (let c = line.length - 1; c >= atCol; c--) this.moveCell(line, r, c, c + count, moved);
    }
  }

  /** Deletes columns [c0, c0+count) in rows [r0, r1] and moves the cells right of them left ("delete, shift left"). */
  shiftLeft(c0: number, count: number, r0: number, r1: number, moved: (cell: Cell, row: number, col: number) => void) {
    this.version++;
    for (const [r, line] of [...this.rows]) {
      if (r < r0 || r > r1) continue;
      this.clearSpan(r, c0, c0 + count - 1);
      for (let c = c0 + count; c < line.length; c++) this.moveCell(line, r, c, c - count, moved);
      if (line.every((cell) => cell === undefined)) this.rows.delete(r);
    }
  }

  private moveCell(
    line: Cell[],
    row: number,
    from: number,
    to: number,
    moved: (cell: Cell, row: number, col: number) => void,
  ) {
    const cell = line[from];
    if (!cell) return;
    line[to] = cell;
    delete line[from];
    moved(cell, row, to);
  }

  private clearSpan(row: number, c0: number, c1: number) {
    const line = this.rows.get(row);
    if (!line) return;
    for (let c = c0; c <= c1 && c < line.length; c++) delete line[c];
    if (line.every((c) => c === undefined)) this.rows.delete(row);
  }

  private moveSpan(
    from: number,
    to: number,
    c0: number,
    c1: number,
    moved: (cell: Cell, row: number, col: number) => void,
  ) {
    const source = this.rows.get(from);
    if (!source) return;
    this.clearSpan(to, c0, c1);
    let target = this.rows.get(to);
    for (let c = c0; c <= c1 && c < source.length; c++) {
      const cell = source[c];
      if (!cell) continue;
      if (!target) {
        target = [];
        this.rows.set(to, target);
      }
      target[c] = cell;
      delete source[c];
      moved(cell, to, c);
    }
    if (source.every((c) => c === undefined)) this.rows.delete(from);
  }
}
