// The in-memory workbook behind the fake Excel API: sheets, sparse cells, tables, settings, custom XML parts and the
// selection. Every operation here is what one API action does when a sync reaches it; errors are Excel's.

import { cellCount, contains, intersects, insideGrid, MAX_COLUMNS, MAX_ROWS, type Rect } from "./address";
import { CalcEngine, type EngineHost, type EngineOptions } from "./calc-engine";
import { GENERAL, interpretInput, type CellError, type CellInput, type CellScalar } from "./cell-values";
import type { CustomFunctionImpl } from "./custom-functions";
import { rootNamespace } from "./custom-xml";
import { ErrorCodes, invalidArgument, invalidOperation, itemNotFound, Messages, officeError } from "./errors";
import type { FormulaCell } from "./formula-cell";
import { formatCellText } from "./number-format";
import { SheetCells, type Cell } from "./sheet-cells";

export class SheetModel {
  readonly cells = new SheetCells();
  deleted = false;
  selection: Rect = { row: 0, col: 0, rows: 1, cols: 1 };

  constructor(
    readonly id: string,
    public name: string,
    public position: number,
  ) {}
}

export interface TableColumnModel {
  id: number;
  name: string;
}

export class TableModel {
  deleted = false;
  style = "TableStyleMedium2";
  columns: TableColumnModel[] = [];

  constructor(
    readonly id: string,
    public name: string,
    public sheet: SheetModel,
    public rect: Rect,
  ) {}

  get dataRows(): number {
    return this.rect.rows - 1;
  }

  get headerRect(): Rect {
    return { ...this.rect, rows: 1 };
  }

  get bodyRect(): Rect {
    return { ...this.rect, row: this.rect.row + 1, rows: this.rect.rows - 1 };
  }
}

export interface SettingModel {
  key: string;
  json: string;
  deleted: boolean;
}

export interface XmlPartModel {
  id: string;
  xml: string;
  namespaceUri: string;
  deleted: boolean;
}

export type CalculationMode = "Automatic" | "AutomaticExceptTables" | "Manual";
export type WriteKind = "values" | "formulas" | "numberFormat";
export type ClearApplyTo = "All" | "Formats" | "Contents" | "Hyperlinks" | "RemoveHyperlinks" | "ResetContents";

export interface WorkbookChange {
  reason: "cells" | "sheets" | "tables" | "selection" | "settings" | "customXml";
  sheet?: string;
}

export interface WorkbookModelOptions {
  sheets: string[];
  namespace: string;
  emptyCellArgument: null | 0;
  functions?: Record<string, CustomFunctionImpl>;
  dataTypes?: EngineOptions["dataTypes"];
}

const MAX_FILL_CELLS = 5_000_000;
const INVALID_SHEET_CHARS = /[:\\/?*[\]]/;
const TABLE_NAME = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;
const REFERENCE_LIKE = /^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|[RrCc])$/;

function guid(prefix: number, n: number): string {
  const hex = (v: number, width: number) => v.toString(16).toUpperCase().padStart(width, "0");
  return `{${hex(n, 8)}-${hex(prefix, 4)}-0000-C000-000000000046}`;
}

function randomGuid(): string {
  const hex = () =>
    Math.floor(Math.random() * 0x10000)
      .toString(16)
      .toUpperCase()
      .padStart(4, "0");
  return `{${hex()}${hex()}-${hex()}-${hex()}-${hex()}-${hex()}${hex()}${hex()}}`;
}

/** Settings values travel as JSON; dates survive as "Date(ms)" exactly as office.js encodes them. */
function encodeSetting(value: unknown): string {
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    return this[key] instanceof Date ? `Date(${(this[key] as Date).getTime()})` : v;
  });
  if (json === undefined)
    throw invalidArgument("SettingCollection.add", "A setting's value must be JSON-serialisable.");
  return json;
}

export function decodeSetting(json: string): unknown {
  return JSON.parse(json, (_key, v) =>
    typeof v === "string" && v.length > 6 && v.startsWith("Date(") && v.endsWith(")")
      ? new Date(Number(v.slice(5, -1)))
      : v,
  );
}

export class WorkbookModel implements EngineHost {
  readonly sheets: SheetModel[] = [];
  readonly tables: TableModel[] = [];
  readonly settings = new Map<string, SettingModel>();
  readonly xmlParts: XmlPartModel[] = [];
  readonly engine: CalcEngine;
  active!: SheetModel;
  private sheetCounter = 0;
  private tableCounter = 0;
  private changeListeners = new Set<(change: WorkbookChange) => void>();
  private selectionListeners = new Set<(sheet: SheetModel, rect: Rect) => void>();
  private pendingChanges = new Map<string, WorkbookChange>();
  private depth = 0;

  constructor(options: WorkbookModelOptions) {
    const { namespace, emptyCellArgument, dataTypes } = options;
    this.engine = new CalcEngine(this, { namespace, emptyCellArgument, dataTypes });
    for (const name of options.sheets.length ? options.sheets : ["Sheet1"]) this.addSheet(name);
    this.active = this.sheets[0];
    if (options.functions) this.engine.register(options.functions);
  }

  get calculationMode(): CalculationMode {
    return this.engine.manual ? "Manual" : this.mode;
  }

  set calculationMode(mode: CalculationMode) {
    if (!["Automatic", "AutomaticExceptTables", "Manual"].includes(mode))
      throw invalidArgument("Application.calculationMode");
    this.mode = mode;
    this.engine.manual = mode === "Manual";
  }

  private mode: CalculationMode = "Automatic";

  // ---- notifications ----

  /** Runs one operation; dependents recalculate and listeners hear about it once, at the end. */
  batch<T>(operation: () => T): T {
    this.depth++;
    try {
      return operation();
    } finally {
      if (--this.depth === 0) {
        this.engine.flush();
        this.emitChanges();
      }
    }
  }

  changed(sheet: SheetModel): void {
    this.note({ reason: "cells", sheet: sheet.name });
  }

  note(change: WorkbookChange): void {
    this.pendingChanges.set(`${change.reason}:${change.sheet ?? ""}`, change);
    if (this.depth === 0) this.emitChanges();
  }

  private emitChanges(): void {
    const changes = [...this.pendingChanges.values()];
    this.pendingChanges.clear();
    for (const change of changes) for (const listener of this.changeListeners) listener(change);
  }

  onChange(listener: (change: WorkbookChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onSelection(listener: (sheet: SheetModel, rect: Rect) => void): () => void {
    this.selectionListeners.add(listener);
    return () => this.selectionListeners.delete(listener);
  }

  // ---- sheets ----

  sheetByName(name: string): SheetModel | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  requireSheet(name: string, location?: string): SheetModel {
    const sheet = this.sheetByName(name);
    if (!sheet) throw itemNotFound(location);
    return sheet;
  }

  private validateSheetName(name: string, except?: SheetModel): void {
    if (
      typeof name !== "string" ||
      name.trim() === "" ||
      name.length > 31 ||
      INVALID_SHEET_CHARS.test(name) ||
      name.startsWith("'") ||
      name.endsWith("'") ||
      name.toLowerCase() === "history"
    ) {
      throw invalidArgument(
        undefined,
        "The worksheet name is not valid: use 1 to 31 characters, none of : \\ / ? * [ ], and no leading or trailing apostrophe.",
      );
    }
    const clash = this.sheetByName(name);
    if (clash && clash !== except) throw officeError(ErrorCodes.itemAlreadyExists, Messages.itemAlreadyExists);
  }

  addSheet(name?: string): SheetModel {
    let finalName = name;
    if (finalName === undefined || finalName === null) {
      let n = this.sheets.length + 1;
      while (this.sheetByName(`Sheet${n}`)) n++;
      finalName = `Sheet${n}`;
    }
    this.validateSheetName(finalName);
    const sheet = new SheetModel(guid(1, this.sheetCounter++), finalName, this.sheets.length);
    this.sheets.push(sheet);
    this.note({ reason: "sheets" });
    return sheet;
  }

  renameSheet(sheet: SheetModel, name: string): void {
    if (sheet.name === name) return;
    this.validateSheetName(name, sheet);
    const old = sheet.name;
    sheet.name = name;
    this.engine.renameSheet(old, name);
    this.note({ reason: "sheets" });
  }

  deleteSheet(sheet: SheetModel): void {
    if (this.sheets.length === 1) {
      throw invalidOperation(
        "Worksheet.delete",
        "A workbook must contain at least one visible worksheet. Add another worksheet before deleting this one.",
      );
    }
    const index = this.sheets.indexOf(sheet);
    this.sheets.splice(index, 1);
    this.sheets.forEach((s, i) => (s.position = i));
    sheet.deleted = true;
    for (const table of this.tablesOn(sheet)) this.dropTable(table);
    if (this.active === sheet) this.active = this.sheets[Math.max(0, index - 1)];
    this.engine.sheetRemoved(sheet);
    this.note({ reason: "sheets" });
  }

  activate(sheet: SheetModel): void {
    if (this.active === sheet) return;
    this.active = sheet;
    this.note({ reason: "selection", sheet: sheet.name });
    this.fireSelection(sheet);
  }

  select(sheet: SheetModel, rect: Rect): void {
    this.active = sheet;
    sheet.selection = rect;
    this.note({ reason: "selection", sheet: sheet.name });
    this.fireSelection(sheet);
  }

  private fireSelection(sheet: SheetModel): void {
    for (const listener of this.selectionListeners) listener(sheet, sheet.selection);
  }

  // ---- cells ----

  cell(sheet: SheetModel, row: number, col: number): Cell | undefined {
    return sheet.cells.get(row, col);
  }

  /** Writes values, formulas or number formats; a 2-D array must match the range, a single value fills it. */
  write(sheet: SheetModel, rect: Rect, kind: WriteKind, data: unknown, location?: string): void {
    const grid = Array.isArray(data) ? data : undefined;
    if (grid) {
      const fits =
        grid.length === rect.rows && grid.every((row) => Array.isArray(row) && (row as unknown[]).length === rect.cols);
      if (!fits) throw invalidArgument(location, Messages.dimensionMismatch);
    }
    if (!grid && cellCount(rect) > MAX_FILL_CELLS) {
      // Excel keeps whole-column and whole-sheet formats apart from cells; this model stores cells only.
      throw officeError(
        ErrorCodes.notImplemented,
        `The fake Excel host fills at most ${MAX_FILL_CELLS.toLocaleString("en")} cells from one value; write to the rows in use instead of whole columns or sheets.`,
        location,
      );
    }
    const at = (r: number, c: number): unknown => (grid ? (grid[r] as unknown[])[c] : data);
    for (let r = 0; r < rect.rows; r++) {
      for (let c = 0; c < rect.cols; c++) {
        const input = at(r, c);
        if (kind === "numberFormat") this.applyFormat(sheet, rect.row + r, rect.col + c, input);
        else this.applyTyped(sheet, rect.row + r, rect.col + c, input);
      }
    }
    sheet.cells.touch();
    this.afterCellsChanged(sheet, rect);
  }

  /** One cell, as if typed: "=…" is a formula, text is read like Excel reads typing. */
  applyTyped(sheet: SheetModel, row: number, col: number, input: unknown): void {
    const existing = sheet.cells.get(row, col);
    const parsed = interpretInput(input, existing?.nf ?? GENERAL);
    if (parsed) this.applyInput(sheet, row, col, parsed);
  }

  private applyInput(sheet: SheetModel, row: number, col: number, input: CellInput): void {
    const existing = sheet.cells.get(row, col);
    const clearing = "value" in input && input.value === "";
    // Clearing a cell that a spill fills changes nothing in Excel: the spill owns it.
    if (clearing && (!existing || existing.spillOf)) return;
    if (existing?.calc) this.engine.removeFormula(existing.calc);
    if ("formula" in input) {
      this.engine.setFormula(sheet, row, col, input.formula);
      return;
    }
    const cell = sheet.cells.getOrCreate(row, col);
    cell.spillOf = undefined;
    cell.f = undefined;
    cell.err = undefined;
    cell.rich = undefined;
    cell.v = input.value;
    if (input.numberFormat && cell.nf === undefined) cell.nf = input.numberFormat;
    if (clearing) sheet.cells.compact(row, col);
  }

  private applyFormat(sheet: SheetModel, row: number, col: number, input: unknown): void {
    if (input === null || input === undefined) return;
    const format = String(input);
    if (format === "" || format === GENERAL) {
      const cell = sheet.cells.get(row, col);
      if (!cell) return;
      cell.nf = undefined;
      sheet.cells.compact(row, col);
      return;
    }
    sheet.cells.getOrCreate(row, col).nf = format;
  }

  clear(sheet: SheetModel, rect: Rect, applyTo: ClearApplyTo = "All"): void {
    const contents = applyTo === "All" || applyTo === "Contents" || applyTo === "ResetContents";
    const formats = applyTo === "All" || applyTo === "Formats";
    const touched: Array<[number, number]> = [];
    sheet.cells.forEachIn(rect, (cell, r, c) => touched.push([r, c]));
    for (const [r, c] of touched) {
      const cell = sheet.cells.get(r, c);
      if (!cell) continue;
      if (contents && !cell.spillOf) {
        if (cell.calc) this.engine.removeFormula(cell.calc);
        cell.v = "";
        cell.err = undefined;
        cell.rich = undefined;
        cell.f = undefined;
      }
      if (formats) cell.nf = undefined;
      sheet.cells.compact(r, c);
    }
    sheet.cells.touch();
    this.afterCellsChanged(sheet, rect);
  }

  private afterCellsChanged(sheet: SheetModel, rect: Rect): void {
    for (const table of this.tablesOn(sheet)) if (intersects(table.headerRect, rect)) this.syncHeaders(table);
    this.engine.cellsChanged(sheet, rect);
    this.changed(sheet);
  }

  /** The value a cell shows, its own formula, number format and error. */
  cellState(
    sheet: SheetModel,
    row: number,
    col: number,
  ): { v: CellScalar; f: string; nf: string; err?: CellError; spill?: FormulaCell; rich?: Cell["rich"] } {
    const cell = sheet.cells.get(row, col);
    if (!cell) return { v: "", f: "", nf: GENERAL };
    return { v: cell.v, f: cell.f ?? "", nf: cell.nf ?? GENERAL, err: cell.err, spill: cell.spillOf, rich: cell.rich };
  }

  // ---- structure ----

  /**
   * A shift moves every cell of `zone` (the cells from the insertion or deletion point to the sheet's edge). Tables
   * there must lie wholly inside it and outside the deleted cells: Excel never moves or splits part of a table.
   */
  private assertShiftAllowed(sheet: SheetModel, zone: Rect, owner?: TableModel, deleting?: Rect) {
    for (const table of this.tablesOn(sheet)) {
      if (table === owner || !intersects(table.rect, zone)) continue;
      const t = table.rect;
      const inside = contains(zone, t.row, t.col) && contains(zone, t.row + t.rows - 1, t.col + t.cols - 1);
      if (!inside || (deleting !== undefined && intersects(t, deleting))) {
        throw invalidOperation(
          undefined,
          "This operation would move or split cells of a table. Insert or delete whole table rows, or move the table first.",
        );
      }
    }
  }

  private static belowZone = (row: number, c0: number, c1: number): Rect => ({
    row,
    col: c0,
    rows: MAX_ROWS - row,
    cols: c1 - c0 + 1,
  });

  private static rightZone = (col: number, r0: number, r1: number): Rect => ({
    row: r0,
    col,
    rows: r1 - r0 + 1,
    cols: MAX_COLUMNS - col,
  });

  private static offSheet() {
    return officeError(
      "NonBlankCellOffSheet",
      "Excel can't insert new cells because it would push non-empty cells off the end of the worksheet. Delete or clear the cells at the edge of the sheet first.",
    );
  }

  /** Excel's "insert cells, shift down" in columns [c0, c1]. */
  insertRows(sheet: SheetModel, atRow: number, count: number, c0: number, c1: number, owner?: TableModel): void {
    const zone = WorkbookModel.belowZone(atRow, c0, c1);
    this.assertShiftAllowed(sheet, zone, owner);
    const last = sheet.cells.lastRowIn(c0, c1);
    if (last >= atRow && last + count >= MAX_ROWS) throw WorkbookModel.offSheet();
    this.shift(sheet, zone, () => {
      sheet.cells.shiftDown(atRow, count, c0, c1, (cell, r, c) => cell.calc && this.engine.moved(cell.calc, r, c));
      for (const table of this.tablesOn(sheet)) {
        if (table !== owner && intersects(table.rect, zone)) table.rect.row += count;
      }
    });
  }

  /** Excel's "delete cells, shift up" for rows [r0, r0 + count) in columns [c0, c1]. */
  deleteRows(sheet: SheetModel, r0: number, count: number, c0: number, c1: number, owner?: TableModel): void {
    const zone = WorkbookModel.belowZone(r0, c0, c1);
    const deleted = { row: r0, col: c0, rows: count, cols: c1 - c0 + 1 };
    this.assertShiftAllowed(sheet, zone, owner, deleted);
    this.shift(sheet, zone, () => {
      this.removeFormulasIn(sheet, deleted);
      sheet.cells.shiftUp(r0, count, c0, c1, (cell, r, c) => cell.calc && this.engine.moved(cell.calc, r, c));
      for (const table of this.tablesOn(sheet)) {
        if (table !== owner && intersects(table.rect, zone)) table.rect.row -= count;
      }
    });
  }

  /** Excel's "insert cells, shift right" in rows [r0, r1]. */
  insertColumns(sheet: SheetModel, atCol: number, count: number, r0: number, r1: number): void {
    const zone = WorkbookModel.rightZone(atCol, r0, r1);
    this.assertShiftAllowed(sheet, zone);
    const last = sheet.cells.lastColumnIn(r0, r1);
    if (last >= atCol && last + count >= MAX_COLUMNS) throw WorkbookModel.offSheet();
    this.shift(sheet, zone, () => {
      sheet.cells.shiftRight(atCol, count, r0, r1, (cell, r, c) => cell.calc && this.engine.moved(cell.calc, r, c));
      for (const table of this.tablesOn(sheet)) if (intersects(table.rect, zone)) table.rect.col += count;
    });
  }

  /** Excel's "delete cells, shift left" for columns [c0, c0 + count) in rows [r0, r1]. */
  deleteColumns(sheet: SheetModel, c0: number, count: number, r0: number, r1: number): void {
    const zone = WorkbookModel.rightZone(c0, r0, r1);
    const deleted = { row: r0, col: c0, rows: r1 - r0 + 1, cols: count };
    this.assertShiftAllowed(sheet, zone, undefined, deleted);
    this.shift(sheet, zone, () => {
      this.removeFormulasIn(sheet, deleted);
      sheet.cells.shiftLeft(c0, count, r0, r1, (cell, r, c) => cell.calc && this.engine.moved(cell.calc, r, c));
      for (const table of this.tablesOn(sheet)) if (intersects(table.rect, zone)) table.rect.col -= count;
    });
  }

  private removeFormulasIn(sheet: SheetModel, rect: Rect): void {
    for (const fc of this.engine.formulasOn(sheet)) if (contains(rect, fc.row, fc.col)) this.engine.removeFormula(fc);
  }

  /** Moves the cells of `zone`, then recalculates what moved and what reads the zone. */
  private shift(sheet: SheetModel, zone: Rect, move: () => void): void {
    const lifted = this.engine.liftSpills(sheet);
    const before = new Set(this.engine.formulasOn(sheet).filter((fc) => contains(zone, fc.row, fc.col)));
    move();
    this.engine.restoreSpills(lifted);
    this.engine.cellsChanged(sheet, zone);
    // Structural edits re-run the custom functions that moved (office-addin-notes).
    for (const fc of before) this.engine.cellsChanged(sheet, { row: fc.row, col: fc.col, rows: 1, cols: 1 });
    for (const fc of before) if (!fc.removed) this.requeue(fc);
    this.changed(sheet);
  }

  private requeue(fc: FormulaCell): void {
    this.engine.calculateFormula(fc);
  }

  // ---- tables ----

  tablesOn(sheet: SheetModel): TableModel[] {
    return this.tables.filter((t) => t.sheet === sheet);
  }

  tableByName(name: string): TableModel | undefined {
    const lower = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === lower || t.id === name);
  }

  tableIntersects(sheet: SheetModel, rect: Rect, except?: TableModel): boolean {
    return this.tablesOn(sheet).some((t) => t !== except && intersects(t.rect, rect));
  }

  private assertNoOverlap(sheet: SheetModel, rect: Rect, location: string, except?: TableModel): void {
    if (this.tableIntersects(sheet, rect, except)) throw invalidArgument(location, Messages.tableOverlap);
  }

  addTable(sheet: SheetModel, rect: Rect, hasHeaders: boolean): TableModel {
    const location = "TableCollection.add";
    this.assertNoOverlap(sheet, rect, location);
    let tableRect = { ...rect };
    if (!hasHeaders) {
      // Without headers Excel inserts a header row above the data, shifting it down one row.
      if (!insideGrid({ ...rect, rows: rect.rows + 1 })) throw invalidArgument(location);
      this.insertRows(sheet, rect.row, 1, rect.col, rect.col + rect.cols - 1);
      tableRect = { ...rect, rows: rect.rows + 1 };
    } else if (rect.rows === 1) {
      // A table always has at least one data row: a header-only range gains the row below it.
      tableRect = { ...rect, rows: 2 };
      if (!insideGrid(tableRect)) throw invalidArgument(location);
      this.assertNoOverlap(sheet, tableRect, location);
    }
    let n = ++this.tableCounter;
    while (this.tableByName(`Table${n}`)) n = ++this.tableCounter;
    const table = new TableModel(String(n), `Table${n}`, sheet, tableRect);
    this.tables.push(table);
    this.syncHeaders(table);
    this.note({ reason: "tables", sheet: sheet.name });
    return table;
  }

  renameTable(table: TableModel, name: string): void {
    if (table.name === name) return;
    const clash = this.tableByName(name);
    if (
      typeof name !== "string" ||
      !TABLE_NAME.test(name) ||
      REFERENCE_LIKE.test(name) ||
      name.length > 255 ||
      (clash && clash !== table)
    ) {
      throw invalidArgument(
        "Table.name",
        "The table name is not valid: start with a letter or underscore, use no spaces, and pick a name that is not a cell reference or already used in the workbook.",
      );
    }
    table.name = name;
    this.note({ reason: "tables", sheet: table.sheet.name });
  }

  /** Header cells hold the column names as text; blanks become ColumnN and duplicates get a number. */
  syncHeaders(table: TableModel): void {
    const { sheet, rect } = table;
    const seen = new Set<string>();
    const names: string[] = [];
    for (let c = 0; c < rect.cols; c++) {
      const cell = sheet.cells.get(rect.row, rect.col + c);
      let name = cell ? (cell.err ? cell.err.code : formatCellText(cell.v, cell.nf ?? GENERAL)) : "";
      if (name === "") {
        let n = c + 1;
        while (seen.has(`column${n}`)) n++;
        name = `Column${n}`;
      }
      if (seen.has(name.toLowerCase())) {
        let n = 2;
        while (seen.has(`${name}${n}`.toLowerCase())) n++;
        name = `${name}${n}`;
      }
      seen.add(name.toLowerCase());
      names.push(name);
      if (cell?.calc) this.engine.removeFormula(cell.calc);
      const target = sheet.cells.getOrCreate(rect.row, rect.col + c);
      target.v = name;
      target.f = undefined;
      target.err = undefined;
      target.rich = undefined;
      target.spillOf = undefined;
    }
    // Columns keep their identity (and id) across renames and resizes; new ones get fresh ids.
    let nextId = Math.max(0, ...table.columns.filter(Boolean).map((col) => col.id)) + 1;
    table.columns = names.map((name, i) => {
      const column = table.columns[i] ?? { id: nextId++, name };
      column.name = name;
      return column;
    });
  }

  resizeTable(table: TableModel, sheet: SheetModel, rect: Rect): void {
    const location = "Table.resize";
    if (sheet !== table.sheet || rect.row !== table.rect.row || rect.rows < 2 || !intersects(rect, table.rect)) {
      throw invalidArgument(
        location,
        "The new table range must be on the same sheet, keep the header row in the same row, overlap the current range and include at least one data row.",
      );
    }
    this.assertNoOverlap(sheet, rect, location, table);
    const shift = rect.col - table.rect.col;
    const kept = shift >= 0 ? table.columns.slice(shift) : [...new Array<TableColumnModel>(-shift), ...table.columns];
    table.columns = kept.slice(0, rect.cols);
    table.rect = rect;
    this.syncHeaders(table);
    this.note({ reason: "tables", sheet: sheet.name });
  }

  private dropTable(table: TableModel): void {
    table.deleted = true;
    this.tables.splice(this.tables.indexOf(table), 1);
    this.note({ reason: "tables", sheet: table.sheet.name });
  }

  /** Table.delete removes the table and its cells' contents; convertToRange keeps the cells. */
  deleteTable(table: TableModel, keepData: boolean): void {
    this.dropTable(table);
    if (!keepData) this.clear(table.sheet, table.rect, "All");
  }

  addTableRows(table: TableModel, index: number | null | undefined, values: unknown): number {
    const location = "TableRowCollection.add";
    const rows = Array.isArray(values) ? values : undefined;
    if (
      !rows ||
      rows.length === 0 ||
      !rows.every((r) => Array.isArray(r) && (r as unknown[]).length === table.rect.cols)
    ) {
      throw invalidArgument(location, Messages.dimensionMismatch);
    }
    const at = index ?? table.dataRows;
    if (!Number.isInteger(at) || at < 0 || at > table.dataRows) throw invalidArgument(location);
    const row = table.rect.row + 1 + at;
    const { col, cols } = table.rect;
    this.insertRows(table.sheet, row, rows.length, col, col + cols - 1, table);
    table.rect = { ...table.rect, rows: table.rect.rows + rows.length };
    this.write(table.sheet, { row, col, rows: rows.length, cols }, "values", rows, location);
    this.note({ reason: "tables", sheet: table.sheet.name });
    return at;
  }

  deleteTableRows(table: TableModel, index: number, count: number): void {
    if (
      !Number.isInteger(index) ||
      !Number.isInteger(count) ||
      index < 0 ||
      count < 1 ||
      index + count > table.dataRows
    ) {
      throw invalidArgument("TableRowCollection.deleteRowsAt");
    }
    const { col, cols } = table.rect;
    // A table keeps at least one (empty) data row.
    const keepOne = count === table.dataRows;
    const first = table.rect.row + 1 + index;
    if (keepOne) this.clear(table.sheet, { row: first, col, rows: 1, cols }, "Contents");
    const from = keepOne ? first + 1 : first;
    const n = keepOne ? count - 1 : count;
    if (n > 0) {
      this.deleteRows(table.sheet, from, n, col, col + cols - 1, table);
      table.rect = { ...table.rect, rows: table.rect.rows - n };
    }
    this.note({ reason: "tables", sheet: table.sheet.name });
  }

  /** Range.delete(Up) and Range.insert(Down): whole table rows act on the table, other table cells refuse. */
  shiftRange(sheet: SheetModel, rect: Rect, direction: "Up" | "Down"): void {
    const c0 = rect.col;
    const c1 = rect.col + rect.cols - 1;
    const table = this.tablesOn(sheet).find((t) => intersects(t.rect, rect));
    if (table) {
      const body = table.bodyRect;
      const wholeRows = rect.col === table.rect.col && rect.cols === table.rect.cols;
      const inBody = rect.row >= body.row && rect.row + rect.rows <= body.row + body.rows;
      const inserting = direction === "Down" && rect.row >= body.row && rect.row <= body.row + body.rows;
      if (wholeRows && direction === "Up" && inBody) {
        return this.deleteTableRows(table, rect.row - body.row, rect.rows);
      }
      if (wholeRows && inserting) {
        const blank = Array.from({ length: rect.rows }, () => new Array(rect.cols).fill(""));
        this.addTableRows(table, rect.row - body.row, blank);
        return;
      }
      throw invalidOperation(
        "Range." + (direction === "Up" ? "delete" : "insert"),
        "This operation would split a table. Insert or delete whole rows of the table's data body.",
      );
    }
    if (direction === "Down") this.insertRows(sheet, rect.row, rect.rows, c0, c1);
    else this.deleteRows(sheet, rect.row, rect.rows, c0, c1);
  }

  /** Range.insert(Right) and Range.delete(Left). */
  shiftRangeSideways(sheet: SheetModel, rect: Rect, direction: "Left" | "Right"): void {
    const r1 = rect.row + rect.rows - 1;
    if (direction === "Right") this.insertColumns(sheet, rect.col, rect.cols, rect.row, r1);
    else this.deleteColumns(sheet, rect.col, rect.cols, rect.row, r1);
  }

  // ---- settings and custom XML ----

  setSetting(key: string, value: unknown): SettingModel {
    if (typeof key !== "string" || key === "") throw invalidArgument("SettingCollection.add");
    const json = encodeSetting(value);
    let setting = this.settings.get(key);
    if (!setting) {
      setting = { key, json, deleted: false };
      this.settings.set(key, setting);
    } else setting.json = json;
    this.note({ reason: "settings" });
    return setting;
  }

  deleteSetting(setting: SettingModel): void {
    setting.deleted = true;
    this.settings.delete(setting.key);
    this.note({ reason: "settings" });
  }

  addXmlPart(xml: string): XmlPartModel {
    const namespaceUri = typeof xml === "string" ? rootNamespace(xml) : undefined;
    if (namespaceUri === undefined) {
      throw invalidArgument(
        "CustomXmlPartCollection.add",
        "The custom XML part is not well-formed XML: check that it has one root element and every tag is closed.",
      );
    }
    const part: XmlPartModel = { id: randomGuid(), xml, namespaceUri, deleted: false };
    this.xmlParts.push(part);
    this.note({ reason: "customXml" });
    return part;
  }

  setXml(part: XmlPartModel, xml: string): void {
    const namespaceUri = typeof xml === "string" ? rootNamespace(xml) : undefined;
    if (namespaceUri === undefined)
      throw invalidArgument(
        "CustomXmlPart.setXml",
        "The custom XML part is not well-formed XML: check that it has one root element and every tag is closed.",
      );
    part.xml = xml;
    part.namespaceUri = namespaceUri;
    this.note({ reason: "customXml" });
  }

  deleteXmlPart(part: XmlPartModel): void {
    part.deleted = true;
    this.xmlParts.splice(this.xmlParts.indexOf(part), 1);
    this.note({ reason: "customXml" });
  }
}
