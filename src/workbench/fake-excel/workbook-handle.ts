// The test and workbench side of the fake: read and type into cells without the batching API, wait for pending
// custom functions, follow changes (for a grid UI) and list tables.

import { cellName, parseAddress, qualify, quoteSheetName, type Rect } from "./address";
import { commentsOf } from "./comments-proxy";
import { conditionalFormatsOf, formatsAt } from "./conditional-formats";
import {
  columnWidth,
  fitTypedNumbers,
  ownWidthsPx,
  pointsToPx,
  pxToPoints,
  setColumnWidths,
  shownText,
} from "./column-widths";
import { addNote, noteAddress, noteAt, notesOf } from "./notes-proxy";
import { saveWorkbookFile, type WorkbookFile } from "./workbook-file";
import type { CellError, CellScalar } from "./cell-values";
import type { CustomFunctionImpl } from "./custom-functions";
import type { RichValue } from "./data-types";
import { decodeSetting } from "./settings-model";
import type { SheetModel, WorkbookChange, WorkbookModel } from "./workbook-model";

export interface CellState {
  value: CellScalar;
  formula: string;
  numberFormat: string;
  error?: CellError;
  /** Sheet-qualified address of the formula whose spill fills this cell. */
  spilledFrom?: string;
  /** The cell value JSON (an entity, a formatted number) when the cell holds a data type (data-types.ts). */
  valueJson?: RichValue;
}

export type CellReading = CellScalar | { error: string; message?: string };

export interface TableInfo {
  name: string;
  sheet: string;
  /** Sheet-qualified, e.g. "Sheet1!A1:D101". */
  address: string;
  /** Data rows (the header row not counted). */
  rowCount: number;
}

export class FakeWorkbook {
  constructor(private readonly model: WorkbookModel) {}

  /** @internal The model, for the workbench's views of what the fake holds (conditional formats). */
  get _model(): WorkbookModel {
    return this.model;
  }

  /** The top conditional format on a cell (fill and number format), for drawing it; Excel shows the top one. */
  conditionalFormatAt(address: string): { fill: string | null; numberFormat: string | null } | undefined {
    const { sheet, rect } = this.locate(address);
    const [top] = formatsAt(this.model, sheet, rect.row, rect.col);
    return top && { fill: top.fill, numberFormat: top.numberFormat };
  }

  /** Every conditional format (the change marks among them): sheet-qualified range, fill and number format. */
  conditionalFormats(): Array<{ address: string; fill: string | null; numberFormat: string | null }> {
    return conditionalFormatsOf(this.model).map((f) => ({
      address: qualify(f.sheet.name, f.rect),
      fill: f.fill,
      numberFormat: f.numberFormat,
    }));
  }

  /** The workbook as a file (src/workbench/fake-excel/workbook-file.ts), as Excel would save it. */
  saveFile(): WorkbookFile {
    return saveWorkbookFile(this.model);
  }

  private locate(address: string): { sheet: SheetModel; rect: Rect } {
    const parsed = parseAddress(address);
    if (!parsed) throw new Error(`"${address}" is not an A1 address; use one like "A1", "B2:D9" or "'My Sheet'!A1".`);
    const sheet = parsed.sheet === undefined ? this.model.active : this.model.sheetByName(parsed.sheet);
    if (!sheet) throw new Error(`There is no worksheet named "${parsed.sheet}"; add it first (addSheet).`);
    return { sheet, rect: parsed.rect };
  }

  /** Registers custom functions by full name ("KALIBRATE.QUERY") or short name (namespace added). */
  registerFunctions(functions: Record<string, CustomFunctionImpl>): void {
    this.model.batch(() => this.model.engine.register(functions));
  }

  /** Re-evaluates every formula, like Application.calculate(Full). */
  recalc(): void {
    this.model.batch(() => this.model.engine.calculate(true));
  }

  /** Resolves once no custom function is pending (a promise that never settles keeps it waiting, as #BUSY! does). */
  idle(): Promise<void> {
    return this.model.engine.idle();
  }

  getCellState(address: string): CellState {
    const { sheet, rect } = this.locate(address);
    return this.stateAt(sheet, rect.row, rect.col);
  }

  private stateAt(sheet: SheetModel, row: number, col: number): CellState {
    const cell = this.model.cellState(sheet, row, col);
    const state: CellState = { value: cell.v, formula: cell.f, numberFormat: cell.nf };
    if (cell.err) state.error = cell.err.message ? { ...cell.err } : { code: cell.err.code };
    if (cell.rich) state.valueJson = cell.rich;
    if (cell.spill)
      state.spilledFrom = qualify(cell.spill.sheet.name, {
        row: cell.spill.row,
        col: cell.spill.col,
        rows: 1,
        cols: 1,
      });
    return state;
  }

  /** States of every cell in a range, row by row (for drawing a grid). */
  getCellStates(rangeAddress: string): CellState[][] {
    const { sheet, rect } = this.locate(rangeAddress);
    return Array.from({ length: rect.rows }, (_, r) =>
      Array.from({ length: rect.cols }, (_, c) => this.stateAt(sheet, rect.row + r, rect.col + c)),
    );
  }

  /** What each cell of a range shows in its column (Range.text): "####" for a number wider than its column. */
  getTexts(rangeAddress: string): string[][] {
    const { sheet, rect } = this.locate(rangeAddress);
    return Array.from({ length: rect.rows }, (_, r) =>
      Array.from({ length: rect.cols }, (_, c) => {
        const cell = sheet.cells.get(rect.row + r, rect.col + c);
        return cell ? shownText(this.model, sheet, rect.row + r, rect.col + c, cell) : "";
      }),
    );
  }

  /** The width of an address's column, in pixels (the workbench grid draws it). */
  columnWidthPx(address: string): number {
    const { sheet, rect } = this.locate(address);
    return pointsToPx(columnWidth(sheet, rect.col));
  }

  /** The columns of a sheet whose width was set (by the add-in, autofit or a drag), in pixels. */
  columnWidthsPx(sheetName: string): Map<number, number> {
    const sheet = this.model.sheetByName(sheetName);
    return sheet ? ownWidthsPx(sheet) : new Map();
  }

  /** The width of an address's column, in points (RangeFormat.columnWidth). */
  columnWidth(address: string): number {
    const { sheet, rect } = this.locate(address);
    return columnWidth(sheet, rect.col);
  }

  /** Sets the width of an address's columns in pixels, as dragging a column header's edge does. */
  setColumnWidthPx(address: string, px: number): void {
    const { sheet, rect } = this.locate(address);
    this.model.batch(() => setColumnWidths(this.model, sheet, rect, pxToPoints(px)));
  }

  /** Cell notes (ExcelApi 1.18), sheet by sheet, with sheet-qualified cell addresses. */
  notes(): Array<{ address: string; content: string; authorName: string }> {
    return notesOf(this.model).map((n) => ({ address: noteAddress(n), content: n.content, authorName: n.authorName }));
  }

  /** The note on one cell, if it has one. */
  noteAt(address: string): string | undefined {
    const { sheet, rect } = this.locate(address);
    return noteAt(this.model, sheet, rect.row, rect.col)?.content;
  }

  /** Adds a note as a user would (Review › Notes › New Note). */
  addNote(address: string, content: string): void {
    const { sheet, rect } = this.locate(address);
    this.model.batch(() => addNote(this.model, sheet, rect.row, rect.col, content));
  }

  /** Types into a cell: "=…" enters a formula; other input is read as Excel reads typing; null or "" clears it. */
  setCell(address: string, valueOrFormula: CellScalar | null): void {
    const { sheet, rect } = this.locate(address);
    const input = valueOrFormula === null ? "" : valueOrFormula;
    const cell = { ...rect, rows: 1, cols: 1 };
    this.model.batch(() => {
      this.model.write(sheet, cell, "values", [[input]]);
      fitTypedNumbers(this.model, sheet, cell);
    });
  }

  /** Types a block of inputs starting at the range's top-left cell. */
  setValues(address: string, values: Array<Array<CellScalar | null>>): void {
    const { sheet, rect } = this.locate(address);
    const rows = values.length;
    const cols = values[0]?.length ?? 0;
    if (rows === 0 || cols === 0) return;
    const input = values.map((row) => row.map((v) => (v === null ? "" : v)));
    const typed = { row: rect.row, col: rect.col, rows, cols };
    this.model.batch(() => {
      this.model.write(sheet, typed, "values", input);
      fitTypedNumbers(this.model, sheet, typed);
    });
  }

  /** Clears a range's contents (values and formulas; formats stay), as the Delete key does. */
  clearContents(address: string): void {
    const { sheet, rect } = this.locate(address);
    this.model.batch(() => this.model.write(sheet, rect, "values", ""));
  }

  /** Sets a range's number format, as Format Cells does. */
  setNumberFormat(address: string, format: string): void {
    const { sheet, rect } = this.locate(address);
    this.model.batch(() => {
      this.model.write(sheet, rect, "numberFormat", format);
      fitTypedNumbers(this.model, sheet, rect);
    });
  }

  /** Values as shown; error cells read as { error: "#N/A", message? }. */
  getValues(rangeAddress: string): CellReading[][] {
    return this.getCellStates(rangeAddress).map((row) =>
      row.map((state) =>
        state.error
          ? state.error.message
            ? { error: state.error.code, message: state.error.message }
            : { error: state.error.code }
          : state.value,
      ),
    );
  }

  /** Selects a range as a user would (fires onSelectionChanged). */
  select(address: string): void {
    const { sheet, rect } = this.locate(address);
    this.model.batch(() => this.model.select(sheet, rect));
  }

  /** Sheet-qualified address of the selection. */
  selection(): string {
    const sheet = this.model.active;
    return qualify(sheet.name, sheet.selection);
  }

  /** Makes a sheet the active one, as clicking its tab does (its own selection is kept). */
  activate(sheetName: string): void {
    const sheet = this.model.sheetByName(sheetName);
    if (!sheet) throw new Error(`There is no worksheet named "${sheetName}".`);
    this.model.batch(() => this.model.activate(sheet));
  }

  activeSheet(): string {
    return this.model.active.name;
  }

  sheetNames(): string[] {
    return this.model.sheets.map((s) => s.name);
  }

  addSheet(name?: string): string {
    return this.model.batch(() => this.model.addSheet(name)).name;
  }

  /** Sheet-qualified used range (values only), or null for an empty sheet. */
  usedRange(sheetName?: string): string | null {
    const sheet = sheetName === undefined ? this.model.active : this.model.sheetByName(sheetName);
    if (!sheet) throw new Error(`There is no worksheet named "${sheetName}".`);
    const rect = sheet.cells.usedRect(true);
    return rect ? qualify(sheet.name, rect) : null;
  }

  /** Calls the listener after each change (cells, sheets, tables, selection, settings); returns an unsubscribe. */
  onChange(listener: (change: WorkbookChange) => void): () => void {
    return this.model.onChange(listener);
  }

  tablesInfo(): TableInfo[] {
    return this.model.tables.map((t) => ({
      name: t.name,
      sheet: t.sheet.name,
      address: qualify(t.sheet.name, t.rect),
      rowCount: t.dataRows,
    }));
  }

  /** Cell comments, oldest first, with sheet-qualified cell addresses. */
  comments(): Array<{ address: string; content: string }> {
    return commentsOf(this.model).map((c) => ({
      address: `${quoteSheetName(c.sheet.name)}!${cellName(c.row, c.col)}`,
      content: c.content,
    }));
  }

  /** Document settings as the add-in stored them (decoded). */
  settings(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, setting] of this.model.settings) result[key] = decodeSetting(setting.json);
    return result;
  }
}
