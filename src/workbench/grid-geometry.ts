// Where rows and columns of a whole Excel sheet (1,048,576 × 16,384) sit in the grid's scroll area. Rows have one
// height, so a row's place is arithmetic; columns can be dragged wider, so their starts are a prefix sum over 16,384
// widths (recomputed on a drag, searched by bisection on a scroll).

import { MAX_COLUMNS, MAX_ROWS } from "./fake-excel/address";
import { DEFAULT_COLUMN_WIDTH_POINTS, pointsToPx } from "./fake-excel/column-widths";

export const ROW_HEIGHT = 20;
export const HEADER_HEIGHT = 22;
export const ROW_HEADER_WIDTH = 60;
/** Excel's default column: 8.43 characters of Calibri 11, 64 px (the fake host's, column-widths.ts). */
export const DEFAULT_COLUMN_WIDTH = pointsToPx(DEFAULT_COLUMN_WIDTH_POINTS);
export const MIN_COLUMN_WIDTH = 12;

export class ColumnLayout {
  private readonly starts = new Float64Array(MAX_COLUMNS + 1);

  constructor(widths: ReadonlyMap<number, number> = new Map()) {
    for (let c = 0; c < MAX_COLUMNS; c++) this.starts[c + 1] = this.starts[c] + (widths.get(c) ?? DEFAULT_COLUMN_WIDTH);
  }

  start(col: number): number {
    return this.starts[col];
  }

  width(col: number): number {
    return this.starts[col + 1] - this.starts[col];
  }

  get total(): number {
    return this.starts[MAX_COLUMNS];
  }

  /** The column under an x offset from the left of column A. */
  indexAt(x: number): number {
    let low = 0;
    let high = MAX_COLUMNS - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= x) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

export const totalHeight = HEADER_HEIGHT + MAX_ROWS * ROW_HEIGHT;

/** The rows and columns to draw for a scroll position and a viewport size (one extra each side of the view). */
export function visibleWindow(
  layout: ColumnLayout,
  scroll: { top: number; left: number },
  size: { width: number; height: number },
): { rows: [number, number]; cols: [number, number] } {
  const firstRow = Math.min(MAX_ROWS - 1, Math.max(0, Math.floor(scroll.top / ROW_HEIGHT)));
  const lastRow = Math.min(MAX_ROWS - 1, firstRow + Math.ceil(size.height / ROW_HEIGHT) + 1);
  const firstCol = layout.indexAt(Math.max(0, scroll.left));
  const lastCol = Math.min(MAX_COLUMNS - 1, layout.indexAt(scroll.left + size.width) + 1);
  return { rows: [firstRow, lastRow], cols: [firstCol, lastCol] };
}

/** The scroll position that brings a cell fully into view, moving as little as possible (as Excel does). */
export function scrollToShow(
  layout: ColumnLayout,
  cell: { row: number; col: number },
  scroll: { top: number; left: number },
  size: { width: number; height: number },
): { top: number; left: number } {
  const viewHeight = Math.max(ROW_HEIGHT, size.height - HEADER_HEIGHT);
  const viewWidth = Math.max(0, size.width - ROW_HEADER_WIDTH);
  const rowTop = cell.row * ROW_HEIGHT;
  let top = scroll.top;
  if (rowTop < top) top = rowTop;
  else if (rowTop + ROW_HEIGHT > top + viewHeight) top = rowTop + ROW_HEIGHT - viewHeight;
  const colLeft = layout.start(cell.col);
  const colRight = colLeft + layout.width(cell.col);
  let left = scroll.left;
  if (colLeft < left || colRight - colLeft > viewWidth) left = colLeft;
  else if (colRight > left + viewWidth) left = colRight - viewWidth;
  return { top, left };
}
