// Excel.Range: a rectangle on a sheet. Reads build 2-D arrays from the sparse cells; writes go through the model,
// which reads input the way Excel does and recalculates dependents.

import {
  boundingRect,
  cellCount,
  insideGrid,
  intersection,
  MAX_COLUMNS,
  MAX_ROWS,
  parseAddress,
  qualify,
  type Rect,
} from "./address";
import { GENERAL, valueType } from "./cell-values";
import { FakeClientObject } from "./client-object";
import { invalidArgument, itemNotFound } from "./errors";
import type { RequestContext } from "./request-context";
import { basicValue, cellValueJson } from "./data-types";
import { ConditionalFormatCollectionProxy } from "./conditional-formats";
import { autofitColumns, setColumnWidths, shownText, uniformWidth } from "./column-widths";
import { findSpecialCells, RangeAreasProxy } from "./special-cells";
import type { ClearApplyTo, SheetModel, WorkbookModel } from "./workbook-model";
import type { WorksheetProxy } from "./worksheet-proxy";

export interface RangeRef {
  sheet: SheetModel;
  rect: Rect;
}

const CELL_ARRAYS = new Set([
  "values",
  "formulas",
  "formulasLocal",
  "numberFormat",
  "numberFormatLocal",
  "text",
  "valueTypes",
  "valuesAsJson",
]);

/** Resolves "A1:B2", "Sheet2!A1" or "'My Sheet'!A1" against a default sheet; Excel's InvalidArgument otherwise. */
export function resolveAddress(
  model: WorkbookModel,
  address: string,
  sheet: SheetModel | undefined,
  location: string,
): RangeRef {
  const parsed = typeof address === "string" ? parseAddress(address) : undefined;
  if (!parsed) throw invalidArgument(location);
  if (parsed.sheet === undefined) {
    if (!sheet) throw invalidArgument(location);
    return { sheet, rect: parsed.rect };
  }
  const named = model.sheetByName(parsed.sheet);
  if (!named) throw itemNotFound(location);
  if (sheet && named !== sheet) throw invalidArgument(location);
  return { sheet: named, rect: parsed.rect };
}

function checked(ref: RangeRef, location: string): RangeRef {
  if (!insideGrid(ref.rect)) throw invalidArgument(location);
  return ref;
}

export class RangeProxy extends FakeClientObject<RangeRef> {
  protected readonly _entity = "Range";
  protected readonly _scalars = [
    "address",
    "addressLocal",
    "cellCount",
    "columnCount",
    "columnIndex",
    "formulas",
    "formulasLocal",
    "numberFormat",
    "numberFormatLocal",
    "rowCount",
    "rowIndex",
    "text",
    "valueTypes",
    "values",
    "valuesAsJson",
  ] as const;

  constructor(ctx: RequestContext, resolver: () => RangeRef | null) {
    super(ctx, resolver);
  }

  private get _model(): WorkbookModel {
    return this._ctx._env.model;
  }

  protected _get(ref: RangeRef, prop: string): unknown {
    const { rect, sheet } = ref;
    // Whole rows or columns ("Read or write to an unbounded range") and ranges over the 5,000,000-cell read limit
    // ("Resource limits and performance optimization") come back with null for every cell-level property, while
    // address, cellCount and the like stay valid.
    const unbounded = rect.rows === MAX_ROWS || rect.cols === MAX_COLUMNS;
    if (CELL_ARRAYS.has(prop) && (unbounded || cellCount(rect) > this._ctx._env.limits.maxReadCells)) return null;
    switch (prop) {
      case "address":
      case "addressLocal":
        return qualify(sheet.name, rect);
      case "cellCount":
        return cellCount(rect);
      case "rowCount":
        return rect.rows;
      case "columnCount":
        return rect.cols;
      case "rowIndex":
        return rect.row;
      case "columnIndex":
        return rect.col;
      case "values":
        return this._grid(ref, "", basicValue);
      case "valuesAsJson":
        this._ctx._env.requirements.require("1.16", "Range.valuesAsJson");
        return this._grid(ref, cellValueJson(undefined), cellValueJson);
      case "formulas":
      case "formulasLocal":
        return this._grid(ref, "", (cell) => cell.f ?? (cell.spillOf ? "" : cell.err ? cell.err.code : cell.v));
      case "numberFormat":
      case "numberFormatLocal":
        return this._grid(ref, GENERAL, (cell) => cell.nf ?? GENERAL);
      case "text":
        return this._textGrid(ref);
      case "valueTypes":
        return this._grid(ref, "Empty", (cell) =>
          valueType(basicValue(cell), cell.err ?? (cell.rich?.type === "Entity" ? { code: "#VALUE!" } : undefined)),
        );
    }
    throw invalidArgument("Range.load", `The property '${prop}' does not exist on Range.`);
  }

  /** What each cell shows in its column (column-widths.ts): "####" for a number wider than its column. */
  private _textGrid({ sheet, rect }: RangeRef): string[][] {
    const grid = Array.from({ length: rect.rows }, () => new Array<string>(rect.cols).fill(""));
    sheet.cells.forEachIn(rect, (cell, r, c) => {
      grid[r - rect.row][c - rect.col] = shownText(this._model, sheet, r, c, cell);
    });
    return grid;
  }

  private _grid<T>(ref: RangeRef, empty: T, read: (cell: import("./sheet-cells").Cell) => T): T[][] {
    const { rect, sheet } = ref;
    const grid: T[][] = Array.from({ length: rect.rows }, () => new Array<T>(rect.cols).fill(empty));
    sheet.cells.forEachIn(rect, (cell, r, c) => {
      grid[r - rect.row][c - rect.col] = read(cell);
    });
    return grid;
  }

  // ---- properties ----

  get address(): string {
    return this._read("address");
  }
  get addressLocal(): string {
    return this._read("addressLocal");
  }
  get cellCount(): number {
    return this._read("cellCount");
  }
  get rowCount(): number {
    return this._read("rowCount");
  }
  get columnCount(): number {
    return this._read("columnCount");
  }
  get rowIndex(): number {
    return this._read("rowIndex");
  }
  get columnIndex(): number {
    return this._read("columnIndex");
  }
  get text(): string[][] {
    return this._read("text");
  }
  /** ExcelApi 1.16: each cell's value as cell value JSON (data-types.ts). */
  get valuesAsJson(): unknown[][] {
    return this._read("valuesAsJson");
  }

  get valueTypes(): string[][] {
    return this._read("valueTypes");
  }

  get values(): unknown[][] {
    return this._read("values");
  }
  set values(value: unknown) {
    this._write("values", value, (ref) => this._model.write(ref.sheet, ref.rect, "values", value, "Range.values"));
  }

  get formulas(): unknown[][] {
    return this._read("formulas");
  }
  set formulas(value: unknown) {
    this._write("formulas", value, (ref) =>
      this._model.write(ref.sheet, ref.rect, "formulas", value, "Range.formulas"),
    );
  }

  get formulasLocal(): unknown[][] {
    return this._read("formulasLocal");
  }
  set formulasLocal(value: unknown) {
    this._write("formulasLocal", value, (ref) =>
      this._model.write(ref.sheet, ref.rect, "formulas", value, "Range.formulasLocal"),
    );
  }

  get numberFormat(): unknown[][] {
    return this._read("numberFormat");
  }
  set numberFormat(value: unknown) {
    this._write("numberFormat", value, (ref) =>
      this._model.write(ref.sheet, ref.rect, "numberFormat", value, "Range.numberFormat"),
    );
  }

  get numberFormatLocal(): unknown[][] {
    return this._read("numberFormatLocal");
  }
  set numberFormatLocal(value: unknown) {
    this._write("numberFormatLocal", value, (ref) =>
      this._model.write(ref.sheet, ref.rect, "numberFormat", value, "Range.numberFormatLocal"),
    );
  }

  get worksheet(): WorksheetProxy {
    return this._child("worksheet", () => this._ctx._worksheet(() => this._resolve()?.sheet ?? null));
  }

  /** Column widths (column-widths.ts); row heights are not modelled. */
  get format(): RangeFormatProxy {
    return this._child("format", () => new RangeFormatProxy(this._ctx, () => this._resolve()));
  }

  get conditionalFormats(): ConditionalFormatCollectionProxy {
    return this._child(
      "conditionalFormats",
      () => new ConditionalFormatCollectionProxy(this._ctx, () => this._resolve()),
    );
  }

  // ---- derived ranges ----

  private _derive(location: string, make: (ref: RangeRef) => RangeRef | null): RangeProxy {
    return new RangeProxy(this._ctx, () => {
      const ref = this._resolve();
      if (ref === null) return null;
      const derived = make(ref);
      return derived === null ? null : checked(derived, location);
    });
  }

  private _other(other: RangeProxy | string, sheet: SheetModel, location: string): RangeRef {
    if (typeof other === "string") return resolveAddress(this._model, other, sheet, location);
    if (other instanceof RangeProxy) return other._require();
    throw invalidArgument(location);
  }

  getCell(row: number, column: number): RangeProxy {
    return this._derive("Range.getCell", ({ sheet, rect }) => ({
      sheet,
      rect: { row: rect.row + row, col: rect.col + column, rows: 1, cols: 1 },
    }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): RangeProxy {
    return this._derive("Range.getResizedRange", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, rows: rect.rows + deltaRows, cols: rect.cols + deltaColumns },
    }));
  }

  getAbsoluteResizedRange(numRows: number, numColumns: number): RangeProxy {
    return this._derive("Range.getAbsoluteResizedRange", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, rows: numRows, cols: numColumns },
    }));
  }

  getOffsetRange(rowOffset: number, columnOffset: number): RangeProxy {
    return this._derive("Range.getOffsetRange", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, row: rect.row + rowOffset, col: rect.col + columnOffset },
    }));
  }

  getRow(row: number): RangeProxy {
    return this._derive("Range.getRow", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, row: rect.row + row, rows: 1 },
    }));
  }

  getColumn(column: number): RangeProxy {
    return this._derive("Range.getColumn", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, col: rect.col + column, cols: 1 },
    }));
  }

  getLastRow(): RangeProxy {
    return this._derive("Range.getLastRow", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, row: rect.row + rect.rows - 1, rows: 1 },
    }));
  }

  getLastColumn(): RangeProxy {
    return this._derive("Range.getLastColumn", ({ sheet, rect }) => ({
      sheet,
      rect: { ...rect, col: rect.col + rect.cols - 1, cols: 1 },
    }));
  }

  getLastCell(): RangeProxy {
    return this._derive("Range.getLastCell", ({ sheet, rect }) => ({
      sheet,
      rect: { row: rect.row + rect.rows - 1, col: rect.col + rect.cols - 1, rows: 1, cols: 1 },
    }));
  }

  getBoundingRect(anotherRange: RangeProxy | string): RangeProxy {
    return this._derive("Range.getBoundingRect", ({ sheet, rect }) => {
      const other = this._other(anotherRange, sheet, "Range.getBoundingRect");
      if (other.sheet !== sheet) throw invalidArgument("Range.getBoundingRect");
      return { sheet, rect: boundingRect(rect, other.rect) };
    });
  }

  private _intersect(anotherRange: RangeProxy | string, location: string, orNull: boolean): RangeProxy {
    const proxy = this._derive(location, ({ sheet, rect }) => {
      const other = this._other(anotherRange, sheet, location);
      const common = other.sheet === sheet ? intersection(rect, other.rect) : undefined;
      if (common) return { sheet, rect: common };
      if (orNull) return null;
      throw itemNotFound(location);
    });
    return orNull ? proxy._trackNull(location) : proxy;
  }

  getIntersection(anotherRange: RangeProxy | string): RangeProxy {
    return this._intersect(anotherRange, "Range.getIntersection", false);
  }

  getIntersectionOrNullObject(anotherRange: RangeProxy | string): RangeProxy {
    return this._intersect(anotherRange, "Range.getIntersectionOrNullObject", true);
  }

  private _used(valuesOnly: boolean, location: string, orNull: boolean): RangeProxy {
    const proxy = this._derive(location, ({ sheet, rect }) => {
      const used = sheet.cells.usedRect(valuesOnly);
      const common = used ? intersection(used, rect) : undefined;
      if (common) return { sheet, rect: common };
      if (orNull) return null;
      throw itemNotFound(location);
    });
    return orNull ? proxy._trackNull(location) : proxy;
  }

  getUsedRange(valuesOnly = false): RangeProxy {
    return this._used(valuesOnly, "Range.getUsedRange", false);
  }

  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    return this._used(valuesOnly, "Range.getUsedRangeOrNullObject", true);
  }

  private _spillingTo(location: string, orNull: boolean): RangeProxy {
    const proxy = this._derive(location, ({ sheet, rect }) => {
      this._ctx._env.requirements.require("1.12", location);
      const spill = sheet.cells.get(rect.row, rect.col)?.calc?.spill;
      if (spill) return { sheet, rect: spill };
      if (orNull) return null;
      throw itemNotFound(location);
    });
    return orNull ? proxy._trackNull(location) : proxy;
  }

  /** The whole spill (anchor included) when this range's top-left cell is a spilling formula. */
  getSpillingToRange(): RangeProxy {
    return this._spillingTo("Range.getSpillingToRange", false);
  }

  getSpillingToRangeOrNullObject(): RangeProxy {
    return this._spillingTo("Range.getSpillingToRangeOrNullObject", true);
  }

  private _spillParent(location: string, orNull: boolean): RangeProxy {
    const proxy = this._derive(location, ({ sheet, rect }) => {
      this._ctx._env.requirements.require("1.12", location);
      const cell = sheet.cells.get(rect.row, rect.col);
      const anchor = cell?.spillOf ?? (cell?.calc?.spill ? cell.calc : undefined);
      if (anchor) return { sheet, rect: { row: anchor.row, col: anchor.col, rows: 1, cols: 1 } };
      if (orNull) return null;
      throw itemNotFound(location);
    });
    return orNull ? proxy._trackNull(location) : proxy;
  }

  getSpillParent(): RangeProxy {
    return this._spillParent("Range.getSpillParent", false);
  }

  getSpillParentOrNullObject(): RangeProxy {
    return this._spillParent("Range.getSpillParentOrNullObject", true);
  }

  private _special(cellType: string, cellValueType: string | undefined, orNull: boolean): RangeAreasProxy {
    const location = orNull ? "Range.getSpecialCellsOrNullObject" : "Range.getSpecialCells";
    const areas = new RangeAreasProxy(
      this._ctx,
      () => {
        this._ctx._env.requirements.require("1.9", location);
        const ref = this._resolve();
        return ref === null ? null : findSpecialCells(ref, cellType, cellValueType, orNull);
      },
      (ctx, resolve) => new RangeProxy(ctx, resolve),
    );
    // The call travels in the request even when nothing is loaded from it, so its errors surface at the next sync.
    return areas._trackNull(location);
  }

  /** The cells of this range with formulas (or constants), as areas; ItemNotFound when there are none. */
  getSpecialCells(cellType: string, cellValueType?: string): RangeAreasProxy {
    return this._special(cellType, cellValueType, false);
  }

  getSpecialCellsOrNullObject(cellType: string, cellValueType?: string): RangeAreasProxy {
    return this._special(cellType, cellValueType, true);
  }

  // ---- actions ----

  clear(applyTo: ClearApplyTo = "All"): void {
    this._call("clear", [applyTo], (ref) => this._model.clear(ref.sheet, ref.rect, applyTo));
  }

  delete(shift: "Up" | "Left"): void {
    this._call("delete", [shift], (ref) => this._shift(ref, shift));
  }

  insert(shift: "Down" | "Right"): RangeProxy {
    this._call("insert", [shift], (ref) => this._shift(ref, shift));
    return this._derive("Range.insert", (ref) => ref);
  }

  private _shift(ref: RangeRef, shift: string): void {
    if (shift === "Up" || shift === "Down") this._model.shiftRange(ref.sheet, ref.rect, shift);
    else if (shift === "Left" || shift === "Right") this._model.shiftRangeSideways(ref.sheet, ref.rect, shift);
    else throw invalidArgument("Range.insert", `Shift "${shift}" is not one of Up, Down, Left or Right.`);
  }

  select(): void {
    this._call("select", [], (ref) => this._model.select(ref.sheet, ref.rect));
  }
}

export class RangeFormatProxy extends FakeClientObject<RangeRef> {
  protected readonly _entity = "RangeFormat";
  protected readonly _scalars = ["columnWidth"] as const;

  protected _get(ref: RangeRef, prop: string): unknown {
    if (prop === "columnWidth") return uniformWidth(ref.sheet, ref.rect);
    throw invalidArgument("RangeFormat.load", `The property '${prop}' is not modelled by the fake Excel host.`);
  }

  /** Points; null when the range's columns differ. Setting it sets every column of the range. */
  get columnWidth(): number {
    return this._read("columnWidth");
  }
  set columnWidth(points: number) {
    this._write("columnWidth", points, (ref) => setColumnWidths(this._ctx._env.model, ref.sheet, ref.rect, points));
  }

  autofitColumns(): void {
    this._call("autofitColumns", [], (ref) => autofitColumns(this._ctx._env.model, ref.sheet, ref.rect));
  }

  /** Row heights are not modelled, so there is nothing to change. */
  autofitRows(): void {
    this._call("autofitRows", [], () => undefined);
  }
}
