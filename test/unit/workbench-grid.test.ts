// The workbench grid's arithmetic: where rows and columns of a whole sheet sit, what scrolling must do to show a cell,
// and where Ctrl+arrow lands (issue 9, item 5).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { MAX_COLUMNS, MAX_ROWS } from "../../src/workbench/fake-excel/address";
import {
  ColumnLayout,
  DEFAULT_COLUMN_WIDTH,
  HEADER_HEIGHT,
  ROW_HEADER_WIDTH,
  ROW_HEIGHT,
  scrollToShow,
  totalHeight,
  visibleWindow,
} from "../../src/workbench/grid-geometry";
import { edge, step } from "../../src/workbench/grid-navigation";

describe("grid geometry", () => {
  test("a dragged column moves every column after it, and bisection finds the column under an offset", () => {
    const layout = new ColumnLayout(new Map([[1, 200]]));
    assert.equal(layout.start(2), DEFAULT_COLUMN_WIDTH + 200);
    assert.equal(layout.width(1), 200);
    assert.equal(layout.total, (MAX_COLUMNS - 1) * DEFAULT_COLUMN_WIDTH + 200);
    assert.equal(layout.indexAt(0), 0);
    assert.equal(layout.indexAt(DEFAULT_COLUMN_WIDTH + 199), 1);
    assert.equal(layout.indexAt(DEFAULT_COLUMN_WIDTH + 200), 2);
    assert.equal(layout.indexAt(layout.total + 1000), MAX_COLUMNS - 1);
  });

  test("scrolled to the end, the window holds row 1,048,576 and column XFD and goes no further", () => {
    const layout = new ColumnLayout();
    const size = { width: 1000, height: 600 };
    const end = { top: totalHeight - size.height, left: ROW_HEADER_WIDTH + layout.total - size.width };
    const view = visibleWindow(layout, end, {
      width: size.width - ROW_HEADER_WIDTH,
      height: size.height - HEADER_HEIGHT,
    });
    assert.equal(view.rows[1], MAX_ROWS - 1);
    assert.equal(view.cols[1], MAX_COLUMNS - 1);
  });

  test("showing a cell scrolls as little as needed, and not at all when it is in view", () => {
    const layout = new ColumnLayout();
    const size = { width: 1000, height: 600 };
    const here = { top: 0, left: 0 };
    assert.deepEqual(scrollToShow(layout, { row: 3, col: 2 }, here, size), here);
    const last = scrollToShow(layout, { row: MAX_ROWS - 1, col: MAX_COLUMNS - 1 }, here, size);
    assert.equal(last.top + size.height - HEADER_HEIGHT, MAX_ROWS * ROW_HEIGHT, "the last row's bottom at the view's");
    assert.equal(last.left + size.width - ROW_HEADER_WIDTH, layout.total);
    assert.deepEqual(scrollToShow(layout, { row: 0, col: 0 }, last, size), { top: 0, left: 0 });
  });
});

describe("Ctrl+arrow", () => {
  // Column 0 filled in rows 0-9 and 20-29; nothing else.
  const filled = (c: { row: number; col: number }) => c.col === 0 && (c.row < 10 || (c.row >= 20 && c.row < 30));
  const isEmpty = (c: { row: number; col: number }) => !filled(c);
  const used = { row: 0, col: 0, rows: 30, cols: 1 };

  test("from inside a run it stops at the run's last cell", () => {
    assert.deepEqual(edge({ row: 0, col: 0 }, 1, 0, isEmpty, used), { row: 9, col: 0 });
  });

  test("from a run's end it jumps to the next run, and past the last to the sheet's edge", () => {
    assert.deepEqual(edge({ row: 9, col: 0 }, 1, 0, isEmpty, used), { row: 20, col: 0 });
    assert.deepEqual(edge({ row: 29, col: 0 }, 1, 0, isEmpty, used), { row: MAX_ROWS - 1, col: 0 });
    assert.deepEqual(edge({ row: 5, col: 0 }, 0, 1, isEmpty, used), { row: 5, col: MAX_COLUMNS - 1 });
    assert.deepEqual(edge({ row: 5, col: 3 }, 0, -1, isEmpty, used), { row: 5, col: 0 });
  });

  test("at the sheet's edge it stays; plain steps stop at the edge too", () => {
    assert.deepEqual(edge({ row: 0, col: 0 }, -1, 0, isEmpty, used), { row: 0, col: 0 });
    assert.deepEqual(step({ row: MAX_ROWS - 1, col: 0 }, 1, 0), { row: MAX_ROWS - 1, col: 0 });
    assert.deepEqual(step({ row: 0, col: 0 }, 0, -1), { row: 0, col: 0 });
  });
});
