// The in-memory workbook behind the fake Excel API: sheets, sparse cells, tables, settings, custom XML parts and the
// selection. Every operation here is what one API action does when a sync reaches it; errors are Excel's. Each room
// has its own module (cell-writes, shifts, table-edits, settings-model, custom-xml-parts, notifications); this class
// holds the state and is the one door to it.

import { intersects, type Rect } from "./address";
import { CalcEngine, type EngineHost, type EngineOptions } from "./calc-engine";
import { applyTyped, clearCells, writeCells } from "./cell-writes";
import { GENERAL, type CellError, type CellScalar } from "./cell-values";
import type { Cell } from "./sheet-cells";
import type { CustomFunctionImpl } from "./custom-functions";
import { newXmlPart, replaceXml, type XmlPartModel } from "./custom-xml-parts";
import { invalidArgument, invalidOperation, itemNotFound } from "./errors";
import type { FormulaCell } from "./formula-cell";
import { ChangeNotifier, type WorkbookChange } from "./notifications";
import { putSetting, type SettingModel } from "./settings-model";
import { checkSheetName, SheetModel, sheetId } from "./sheet-model";
import { deleteColumns, deleteRows, insertColumns, insertRows } from "./shifts";
import * as tableEdits from "./table-edits";
import type { TableModel } from "./table-model";

// The model's parts keep their old home's names, so `import … from "./workbook-model"` goes on working.
export { SheetModel } from "./sheet-model";
export { TableModel, type TableColumnModel } from "./table-model";
export { decodeSetting, type SettingModel } from "./settings-model";
export type { XmlPartModel } from "./custom-xml-parts";
export type { WorkbookChange } from "./notifications";

export type CalculationMode = "Automatic" | "AutomaticExceptTables" | "Manual";
export type WriteKind = "values" | "formulas" | "numberFormat";
export type ClearApplyTo = "All" | "Formats" | "Contents" | "Hyperlinks" | "RemoveHyperlinks" | "ResetContents";

export interface WorkbookModelOptions {
  sheets: string[];
  namespace: string;
  emptyCellArgument: null | 0;
  functions?: Record<string, CustomFunctionImpl>;
  dataTypes?: EngineOptions["dataTypes"];
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
  private mode: CalculationMode = "Automatic";
  private readonly notifier = new ChangeNotifier();

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

  // ---- notifications (notifications.ts) ----

  /** Runs one operation; dependents recalculate and listeners hear about it once, at the end. */
  batch<T>(operation: () => T): T {
    return this.notifier.batch(operation, () => this.engine.flush());
  }

  changed(sheet: SheetModel): void {
    this.note({ reason: "cells", sheet: sheet.name });
  }

  note(change: WorkbookChange): void {
    this.notifier.note(change);
  }

  onChange(listener: (change: WorkbookChange) => void): () => void {
    return this.notifier.onChange(listener);
  }

  onSelection(listener: (sheet: SheetModel, rect: Rect) => void): () => void {
    return this.notifier.onSelection(listener);
  }

  // ---- sheets (sheet-model.ts) ----

  sheetByName(name: string): SheetModel | undefined {
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  requireSheet(name: string, location?: string): SheetModel {
    const sheet = this.sheetByName(name);
    if (!sheet) throw itemNotFound(location);
    return sheet;
  }

  addSheet(name?: string): SheetModel {
    let finalName = name;
    if (finalName === undefined || finalName === null) {
      let n = this.sheets.length + 1;
      while (this.sheetByName(`Sheet${n}`)) n++;
      finalName = `Sheet${n}`;
    }
    checkSheetName(finalName, this.sheetByName(finalName));
    const sheet = new SheetModel(sheetId(this.sheetCounter++), finalName, this.sheets.length);
    this.sheets.push(sheet);
    this.note({ reason: "sheets" });
    return sheet;
  }

  renameSheet(sheet: SheetModel, name: string): void {
    if (sheet.name === name) return;
    checkSheetName(name, this.sheetByName(name), sheet);
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
    for (const table of this.tablesOn(sheet)) tableEdits.dropTable(this, table);
    if (this.active === sheet) this.active = this.sheets[Math.max(0, index - 1)];
    this.engine.sheetRemoved(sheet);
    this.note({ reason: "sheets" });
  }

  activate(sheet: SheetModel): void {
    if (this.active === sheet) return;
    this.active = sheet;
    this.note({ reason: "selection", sheet: sheet.name });
    this.notifier.selected(sheet);
  }

  select(sheet: SheetModel, rect: Rect): void {
    this.active = sheet;
    sheet.selection = rect;
    this.note({ reason: "selection", sheet: sheet.name });
    this.notifier.selected(sheet);
  }

  // ---- cells (cell-writes.ts) ----

  /** Writes values, formulas or number formats; a 2-D array must match the range, a single value fills it. */
  write(sheet: SheetModel, rect: Rect, kind: WriteKind, data: unknown, location?: string): void {
    writeCells(this, sheet, rect, kind, data, location);
  }

  /** One cell, as if typed: "=…" is a formula, text is read like Excel reads typing. */
  applyTyped(sheet: SheetModel, row: number, col: number, input: unknown): void {
    applyTyped(this, sheet, row, col, input);
  }

  clear(sheet: SheetModel, rect: Rect, applyTo: ClearApplyTo = "All"): void {
    clearCells(this, sheet, rect, applyTo);
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

  // ---- structure (shifts.ts) ----

  /** Excel's "insert cells, shift down" in columns [c0, c1]. */
  insertRows(sheet: SheetModel, atRow: number, count: number, c0: number, c1: number, owner?: TableModel): void {
    insertRows(this, sheet, atRow, count, c0, c1, owner);
  }

  /** Excel's "delete cells, shift up" for rows [r0, r0 + count) in columns [c0, c1]. */
  deleteRows(sheet: SheetModel, r0: number, count: number, c0: number, c1: number, owner?: TableModel): void {
    deleteRows(this, sheet, r0, count, c0, c1, owner);
  }

  /** Excel's "insert cells, shift right" in rows [r0, r1]. */
  insertColumns(sheet: SheetModel, atCol: number, count: number, r0: number, r1: number): void {
    insertColumns(this, sheet, atCol, count, r0, r1);
  }

  /** Excel's "delete cells, shift left" for columns [c0, c0 + count) in rows [r0, r1]. */
  deleteColumns(sheet: SheetModel, c0: number, count: number, r0: number, r1: number): void {
    deleteColumns(this, sheet, c0, count, r0, r1);
  }

  /** Range.delete(Up) and Range.insert(Down): whole table rows act on the table, other table cells refuse. */
  shiftRange(sheet: SheetModel, rect: Rect, direction: "Up" | "Down"): void {
    tableEdits.shiftRange(this, sheet, rect, direction);
  }

  /** Range.insert(Right) and Range.delete(Left). */
  shiftRangeSideways(sheet: SheetModel, rect: Rect, direction: "Left" | "Right"): void {
    const r1 = rect.row + rect.rows - 1;
    if (direction === "Right") this.insertColumns(sheet, rect.col, rect.cols, rect.row, r1);
    else this.deleteColumns(sheet, rect.col, rect.cols, rect.row, r1);
  }

  // ---- tables (table-edits.ts) ----

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

  addTable(sheet: SheetModel, rect: Rect, hasHeaders: boolean): TableModel {
    return tableEdits.addTable(this, sheet, rect, hasHeaders, () => ++this.tableCounter);
  }

  renameTable(table: TableModel, name: string): void {
    tableEdits.renameTable(this, table, name);
  }

  /** Header cells hold the column names as text; blanks become ColumnN and duplicates get a number. */
  syncHeaders(table: TableModel): void {
    tableEdits.syncHeaders(this, table);
  }

  resizeTable(table: TableModel, sheet: SheetModel, rect: Rect): void {
    tableEdits.resizeTable(this, table, sheet, rect);
  }

  /** Table.delete removes the table and its cells' contents; convertToRange keeps the cells. */
  deleteTable(table: TableModel, keepData: boolean): void {
    tableEdits.dropTable(this, table);
    if (!keepData) this.clear(table.sheet, table.rect, "All");
  }

  addTableRows(table: TableModel, index: number | null | undefined, values: unknown): number {
    return tableEdits.addTableRows(this, table, index, values);
  }

  deleteTableRows(table: TableModel, index: number, count: number): void {
    tableEdits.deleteTableRows(this, table, index, count);
  }

  // ---- settings (settings-model.ts) and custom XML (custom-xml-parts.ts) ----

  setSetting(key: string, value: unknown): SettingModel {
    const setting = putSetting(this.settings, key, value);
    this.note({ reason: "settings" });
    return setting;
  }

  deleteSetting(setting: SettingModel): void {
    setting.deleted = true;
    this.settings.delete(setting.key);
    this.note({ reason: "settings" });
  }

  addXmlPart(xml: string): XmlPartModel {
    const part = newXmlPart(xml);
    this.xmlParts.push(part);
    this.note({ reason: "customXml" });
    return part;
  }

  setXml(part: XmlPartModel, xml: string): void {
    replaceXml(part, xml);
    this.note({ reason: "customXml" });
  }

  deleteXmlPart(part: XmlPartModel): void {
    part.deleted = true;
    this.xmlParts.splice(this.xmlParts.indexOf(part), 1);
    this.note({ reason: "customXml" });
  }
}
