// The Office.js side of report tables: where a table goes, what it would overwrite, writing and replacing it in row
// blocks, deleting it, and what the user has selected. The report logic (src/reports) decides; this only does.
import { EXCEL_DATE_FORMAT, EXCEL_DATE_TIME_FORMAT, type ExcelTable, type ExcelValue } from "../../core/table";
import type { ReportWorkbook, SelectionInfo, TableLocation, TableRef, TargetCheck } from "../../reports/ports";
import { formatAddress, grownParts, overlaps, shrunkParts, splitAddress, type Rect } from "./a1";
import { Listeners } from "../../core/util";
import { isExcelApiSupported } from "../requirements";
import { isReadTooLarge, START_BLOCK_ROWS, writeRowBlocks, type BlockWriteOptions } from "./block-writer";
import { tableNames, sheetNames } from "../workbook-names";

const GENERAL = "General";
/** Above this many cells the used part of a target is not read cell by cell: it is reported as occupied. */
const MAX_CELLS_TO_INSPECT = 1_000_000;
/** Cells of a target read per sync when looking for content (Excel on the web answers at most 5 MB per sync). */
const CELLS_PER_READ = 50_000;

interface LoadedTable {
  table: Excel.Table;
  sheet: Excel.Worksheet;
  sheetName: string;
  rect: Rect;
}

function tableByRef(context: Excel.RequestContext, ref: TableRef): Excel.Table {
  // Excel's id survives a rename; the name is the fallback for definitions written without one.
  return context.workbook.tables.getItemOrNullObject(ref.tableId ?? ref.tableName);
}

async function loadTable(context: Excel.RequestContext, ref: TableRef): Promise<LoadedTable | undefined> {
  let table = tableByRef(context, ref);
  table.load("id,name");
  await context.sync();
  if (table.isNullObject && ref.tableId) {
    table = context.workbook.tables.getItemOrNullObject(ref.tableName);
    table.load("id,name");
    await context.sync();
  }
  if (table.isNullObject) return undefined;
  const range = table.getRange();
  range.load("rowIndex,columnIndex,rowCount,columnCount");
  const sheet = table.worksheet;
  sheet.load("name");
  await context.sync();
  return {
    table,
    sheet,
    sheetName: sheet.name,
    rect: { row: range.rowIndex, column: range.columnIndex, rows: range.rowCount, columns: range.columnCount },
  };
}

function location(loaded: LoadedTable): TableLocation {
  return {
    tableName: loaded.table.name,
    tableId: loaded.table.id,
    sheet: loaded.sheetName,
    address: formatAddress(loaded.sheetName, loaded.rect),
    rows: loaded.rect.rows - 1,
    columns: loaded.rect.columns,
  };
}

/** Other tables in the way, then cells with content, in the given parts of a sheet. */
async function inspect(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  parts: Rect[],
  except?: string,
  tablesOnly = false,
): Promise<TargetCheck> {
  if (parts.length === 0) return {};
  const tables = sheet.tables;
  tables.load("items/name,items/id");
  await context.sync();
  const ranges = tables.items
    .filter((t) => t.id !== except)
    .map((t) => ({ name: t.name, range: t.getRange().load("rowIndex,columnIndex,rowCount,columnCount") }));
  const used = parts.map((part) =>
    sheet
      .getRangeByIndexes(part.row, part.column, part.rows, part.columns)
      .getUsedRangeOrNullObject(true)
      .load("address,cellCount"),
  );
  await context.sync();
  for (const { name, range } of ranges) {
    const rect = { row: range.rowIndex, column: range.columnIndex, rows: range.rowCount, columns: range.columnCount };
    if (parts.some((part) => overlaps(part, rect))) return { blockedBy: name };
  }
  if (tablesOnly) return {};
  const candidates = used.filter((range) => !range.isNullObject);
  const huge = candidates.find((range) => range.cellCount > MAX_CELLS_TO_INSPECT);
  if (huge) return { occupied: huge.address };
  for (const range of candidates) {
    const { sheet: sheetName, rect } = splitAddress(range.address);
    const cell = await firstWithContent(context, sheet, rect);
    if (cell) return { occupied: formatAddress(sheetName ?? "", cell) };
  }
  return {};
}

/**
 * The first cell of `rect` that holds something, reading its values a bounded block of rows per sync (halved when
 * Excel declines a response for its size) and stopping at the first block with content.
 */
async function firstWithContent(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  rect: Rect,
): Promise<Rect | undefined> {
  let budget = CELLS_PER_READ;
  let row = rect.row;
  while (row < rect.row + rect.rows) {
    const rows = Math.min(Math.max(1, Math.floor(budget / rect.columns)), rect.row + rect.rows - row);
    const block = sheet.getRangeByIndexes(row, rect.column, rows, rect.columns).load("values");
    try {
      // One sync per block: each block is one bounded response, and the first block with content ends the search.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      if (block.values === null) throw Object.assign(new Error("declined"), { code: "RangeExceedsLimit" });
    } catch (error) {
      if (!isReadTooLarge(error) || rows === 1) throw error;
      budget = Math.max(rect.columns, Math.floor((rows * rect.columns) / 2));
      continue;
    }
    for (const [r, values] of block.values.entries()) {
      const c = values.findIndex((v) => v !== "" && v !== null);
      if (c >= 0) return { row: row + r, column: rect.column + c, rows: 1, columns: 1 };
    }
    row += rows;
  }
  return undefined;
}

/**
 * Table.resize needs ExcelApi 1.13. Without it a table changes its row count the way Excel's own commands do: rows
 * added at the end (ExcelApi 1.1; cells below the table move down, never covered) or deleted as whole table rows
 * (cells below move up). Its columns cannot change that way, so that refresh stops before anything is written.
 */
async function resizeByRows(context: Excel.RequestContext, loaded: LoadedTable, rect: Rect): Promise<void> {
  const previous = loaded.rect;
  if (rect.columns !== previous.columns) {
    throw new Error(
      `This Excel cannot resize a table (that needs ExcelApi 1.13), and this refresh changes ${loaded.table.name} from ` +
        `${previous.columns} to ${rect.columns} columns, so the table was left as it was. Update Excel, or delete ` +
        "the table and insert the report again.",
    );
  }
  const blank = new Array<string>(rect.columns).fill("");
  for (let added = previous.rows; added < rect.rows;) {
    const count = Math.min(START_BLOCK_ROWS, rect.rows - added);
    loaded.table.rows.add(
      null as unknown as number,
      Array.from({ length: count }, () => blank),
    );
    // One sync per block keeps each request under Excel on the web's 5 MB.
    // eslint-disable-next-line office-addins/no-context-sync-in-loop
    await context.sync();
    added += count;
  }
  if (rect.rows < previous.rows) {
    loaded.sheet
      .getRangeByIndexes(previous.row + rect.rows, previous.column, previous.rows - rect.rows, previous.columns)
      .delete("Up");
    await context.sync();
  }
}

/** Header plus rows; a table always has at least one data row, so an empty result gets one empty row. */
function gridOf(table: ExcelTable): ExcelValue[][] {
  const rows = table.rows.length > 0 ? table.rows : [table.headers.map(() => "" as ExcelValue)];
  return [table.headers, ...rows];
}

/**
 * Number formats for the data rows of the table at `rect` (header included): General everywhere, then the date
 * columns their date format. One range over the whole body rather than one per column: the same formats in the end,
 * in fewer operations, and a row-by-row pass instead of ten passes down 100,000 rows.
 */
function applyFormats(sheet: Excel.Worksheet, rect: Rect, excel: ExcelTable): void {
  if (excel.headers.length === 0) return;
  const body = { row: rect.row + 1, rows: rect.rows - 1 };
  // A single value applies to every cell of the range (Range.numberFormat accepts it as it does values).
  sheet.getRangeByIndexes(body.row, rect.column, body.rows, excel.headers.length).numberFormat =
    GENERAL as unknown as string[][];
  for (const date of excel.dateColumns) {
    const format = date.hasTime ? EXCEL_DATE_TIME_FORMAT : EXCEL_DATE_FORMAT;
    sheet.getRangeByIndexes(body.row, rect.column + date.index, body.rows, 1).numberFormat =
      format as unknown as string[][];
  }
}

/**
 * A new report's columns fit its header and first rows, so ids are readable and dates do not show "####" (Excel
 * shows that for a number wider than its column). Bounded: autofit measures every cell it is given, and Excel on the
 * web is slow and may time out on a 100,000-row range; later rows wider than these are cut or show "####" until the
 * user widens the column. A refresh never autofits, so widths the user set stay.
 */
const AUTOFIT_ROWS = 200;

function autofitNewReport(
  sheet: Excel.Worksheet,
  at: { row: number; column: number },
  rows: number,
  columns: number,
): void {
  sheet.getRangeByIndexes(at.row, at.column, Math.min(rows, AUTOFIT_ROWS + 1), columns).format.autofitColumns();
}

async function write(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  at: { row: number; column: number },
  excel: ExcelTable,
  onRows?: (rows: number) => void,
  blockRows?: number,
): Promise<void> {
  const options: BlockWriteOptions = { blockRows, onRows: (written) => onRows?.(Math.max(0, written - 1)) };
  await writeRowBlocks(context, sheet, at, gridOf(excel), options);
}

let selectionListeners: Listeners | undefined;

export interface ExcelReportWorkbookOptions {
  /** Rows per write to start with (halved on a payload error). */
  blockRows?: number;
}

export function excelReportWorkbook(options: ExcelReportWorkbookOptions = {}): ReportWorkbook {
  return {
    async selectedCell() {
      return Excel.run(async (context) => {
        const cell = context.workbook.getActiveCell();
        cell.load("address");
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        sheet.load("name");
        await context.sync();
        return { sheet: sheet.name, address: cell.address };
      });
    },

    async checkInsert(at, rows, columns) {
      return Excel.run(async (context) => {
        const { rect } = splitAddress(at.address);
        const sheet = context.workbook.worksheets.getItem(at.sheet);
        const target = { row: rect.row, column: rect.column, rows: Math.max(rows, 1) + 1, columns };
        return inspect(context, sheet, [target]);
      });
    },

    async insert(placement, excel, { tableName, onRows }) {
      return Excel.run(async (context) => {
        let sheet: Excel.Worksheet;
        let at = { row: 0, column: 0 };
        if ("newSheet" in placement) {
          sheet = context.workbook.worksheets.add(placement.newSheet);
          sheet.activate();
        } else {
          sheet = context.workbook.worksheets.getItem(placement.sheet);
          const { rect } = splitAddress(placement.address);
          at = { row: rect.row, column: rect.column };
        }
        sheet.load("name");
        await context.sync();
        await write(context, sheet, at, excel, onRows, options.blockRows);
        const grid = gridOf(excel);
        const range = sheet.getRangeByIndexes(at.row, at.column, grid.length, excel.headers.length);
        const table = sheet.tables.add(range, true);
        table.name = tableName;
        applyFormats(sheet, { ...at, rows: grid.length, columns: excel.headers.length }, excel);
        autofitNewReport(sheet, at, grid.length, excel.headers.length);
        table.load("id,name");
        await context.sync();
        return {
          tableName: table.name,
          tableId: table.id,
          sheet: sheet.name,
          address: formatAddress(sheet.name, { ...at, rows: grid.length, columns: excel.headers.length }),
          rows: excel.rows.length,
          columns: excel.headers.length,
        };
      });
    },

    async findTable(ref) {
      return Excel.run(async (context) => {
        const loaded = await loadTable(context, ref);
        return loaded ? location(loaded) : undefined;
      });
    },

    async checkResize(ref, rows, columns) {
      return Excel.run(async (context) => {
        const loaded = await loadTable(context, ref);
        if (!loaded) return {};
        const grown = { ...loaded.rect, rows: Math.max(rows, 1) + 1, columns };
        // Without Table.resize a table grows by inserting rows, which moves the cells below instead of covering them.
        const inserts = !isExcelApiSupported("1.13") && columns === loaded.rect.columns;
        return inspect(context, loaded.sheet, grownParts(loaded.rect, grown), loaded.table.id, inserts);
      });
    },

    async replace(ref, excel, { onRows }) {
      return Excel.run(async (context) => {
        const loaded = await loadTable(context, ref);
        if (!loaded) throw new Error(`The table ${ref.tableName} is no longer in the workbook.`);
        let next = excel;
        if (excel.headers.length === 0) {
          // Nothing came back and no columns were named: keep the table's columns, empty.
          const header = loaded.table.getHeaderRowRange().load("values");
          await context.sync();
          next = { headers: header.values[0].map(String), rows: [], dateColumns: [] };
        }
        const previous = loaded.rect;
        const grid = gridOf(next);
        const rect = { ...previous, rows: grid.length, columns: next.headers.length };
        let clearShrunk = true;
        if (rect.rows !== previous.rows || rect.columns !== previous.columns) {
          if (isExcelApiSupported("1.13")) {
            loaded.table.resize(loaded.sheet.getRangeByIndexes(rect.row, rect.column, rect.rows, rect.columns));
            await context.sync();
          } else {
            await resizeByRows(context, loaded, rect);
            clearShrunk = false;
          }
        }
        await write(context, loaded.sheet, rect, next, onRows, options.blockRows);
        for (const part of clearShrunk ? shrunkParts(previous, rect) : []) {
          loaded.sheet.getRangeByIndexes(part.row, part.column, part.rows, part.columns).clear("All");
        }
        applyFormats(loaded.sheet, rect, next);
        await context.sync();
        return location({ ...loaded, rect });
      });
    },

    async deleteTable(ref, keepValues) {
      await Excel.run(async (context) => {
        const loaded = await loadTable(context, ref);
        if (!loaded) return;
        if (keepValues) loaded.table.convertToRange();
        else loaded.table.delete();
        await context.sync();
      });
    },

    tableNames,

    sheetNames,

    async writeFormula(formula) {
      return Excel.run(async (context) => {
        const cell = context.workbook.getActiveCell();
        cell.formulas = [[formula]];
        cell.load("address");
        await context.sync();
        return cell.address;
      });
    },

    async selectedCellHasContent() {
      return Excel.run(async (context) => {
        const cell = context.workbook.getActiveCell();
        cell.load("formulas");
        await context.sync();
        const [[content]] = cell.formulas as unknown[][];
        return content !== "" && content !== null && content !== undefined;
      });
    },

    async describeSelection() {
      return Excel.run(async (context): Promise<SelectionInfo> => {
        const selection = context.workbook.getSelectedRange();
        selection.load("address");
        // The selection is always on the active sheet.
        const sheet = context.workbook.worksheets.getActiveWorksheet();
        sheet.load("name");
        const cell = selection.getCell(0, 0);
        cell.load("address,formulas");
        // Finding a spill's formula cell needs ExcelApi 1.12; without it only the formula's own cell is recognised.
        const spills = isExcelApiSupported("1.12");
        const parent = spills ? cell.getSpillParentOrNullObject().load("address,formulas") : undefined;
        const tables = context.workbook.worksheets.getActiveWorksheet().tables;
        tables.load("items/name,items/id");
        await context.sync();
        const hits = tables.items.map((table) => ({
          table,
          hit: cell.getIntersectionOrNullObject(table.getRange()).load("address"),
        }));
        await context.sync();
        const info: SelectionInfo = { address: selection.address, sheet: sheet.name };
        const own = String((cell.formulas as unknown[][])[0][0] ?? "");
        const spilled = !parent || parent.isNullObject ? "" : String((parent.formulas as unknown[][])[0][0] ?? "");
        if (own.startsWith("=")) Object.assign(info, { formula: own, formulaAddress: cell.address });
        else if (spilled.startsWith("=")) Object.assign(info, { formula: spilled, formulaAddress: parent?.address });
        const inTable = hits.find(({ hit }) => !hit.isNullObject);
        if (inTable) info.table = { tableName: inTable.table.name, tableId: inTable.table.id };
        if (!spills && !info.formula && !info.table) {
          info.unavailable =
            "This Excel cannot tell which formula a spilled cell belongs to (that needs ExcelApi 1.12): select the " +
            "formula's own cell, the top-left cell of its results, or a report table.";
        }
        return info;
      });
    },

    onSelectionChanged(listener) {
      if (!selectionListeners) {
        const listeners = new Listeners();
        selectionListeners = listeners;
        // One registration for the runtime's lifetime; components come and go through the listener set.
        void Excel.run(async (context) => {
          context.workbook.onSelectionChanged.add(async () => listeners.emit());
          await context.sync();
        }).catch(() => {
          selectionListeners = undefined;
        });
      }
      return selectionListeners.add(listener);
    },
  };
}
