// Where the arrow keys take the active cell, Ctrl+arrow included (the edge of the data region, as in Excel).

import { MAX_COLUMNS, MAX_ROWS, type Rect } from "./fake-excel/address";

export interface Cell {
  row: number;
  col: number;
}

const clamp = (value: number, max: number) => Math.min(max - 1, Math.max(0, value));

export function step(cell: Cell, dRow: number, dCol: number): Cell {
  return { row: clamp(cell.row + dRow, MAX_ROWS), col: clamp(cell.col + dCol, MAX_COLUMNS) };
}

/**
 * Ctrl+arrow: from a filled cell whose neighbour is filled, to the last filled cell in that direction; otherwise to
 * the next filled cell, or the sheet's edge when there is none. `used` bounds the search, so it never walks 1M cells.
 */
export function edge(cell: Cell, dRow: number, dCol: number, isEmpty: (c: Cell) => boolean, used: Rect | null): Cell {
  const inside = (c: Cell) => c.row >= 0 && c.row < MAX_ROWS && c.col >= 0 && c.col < MAX_COLUMNS;
  const beyondUsed = (c: Cell) =>
    !used ||
    (dRow > 0 && c.row >= used.row + used.rows) ||
    (dRow < 0 && c.row < used.row) ||
    (dCol > 0 && c.col >= used.col + used.cols) ||
    (dCol < 0 && c.col < used.col);
  const sheetEdge = {
    row: dRow > 0 ? MAX_ROWS - 1 : dRow < 0 ? 0 : cell.row,
    col: dCol > 0 ? MAX_COLUMNS - 1 : dCol < 0 ? 0 : cell.col,
  };
  const next = (c: Cell) => ({ row: c.row + dRow, col: c.col + dCol });
  let at = next(cell);
  if (!inside(at)) return cell;
  if (!isEmpty(cell) && !isEmpty(at)) {
    while (inside(next(at)) && !isEmpty(next(at))) at = next(at);
    return at;
  }
  while (isEmpty(at)) {
    if (beyondUsed(at)) return sheetEdge;
    if (!inside(next(at))) return at;
    at = next(at);
  }
  return at;
}
