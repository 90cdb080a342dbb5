// Range.getSpecialCells / getSpecialCellsOrNullObject (ExcelApi 1.9) and the RangeAreas they return, as Microsoft
// documents them ("Find special cells within a range using the Excel JavaScript API", learn.microsoft.com › Excel ›
// ranges-special-cells; Excel.Range.getSpecialCells in @types/office-js):
// - getSpecialCells throws ItemNotFound when no cell matches; getSpecialCellsOrNullObject answers isNullObject.
// - the cellValueType argument is accepted only with the Formulas or Constants cell type (InvalidArgument otherwise).
// - the result is a RangeAreas: rectangles of matching cells, `address` a comma list, `areaCount`, `cellCount`,
//   `areas` a RangeCollection (items, getItemAt, getCount). What an add-in loads from it travels in the sync's
//   response and so counts toward the 5 MB response limit like any other read (resource limits article).
// - Blanks: the empty cells of the range within the sheet's used range (as Go To Special › Blanks; a range wholly
//   outside the used range has none).
// - Visible: the range itself: this model has no hidden rows or columns.
// - ConditionalFormats, DataValidations, SameConditionalFormat, SameDataValidation: this model has no conditional
//   formats and no data validation, so nothing matches (ItemNotFound, or a null object), as Excel answers on a sheet
//   that has none.
// - cellValueType (Formulas and Constants only): All, or the type of the value shown: Errors, Logical, Numbers, Text.
// Decision: cells filled by a neighbour's spill have no formula of their own here (Range.formulas gives "" for them),
// so they are neither formulas nor constants (nor blanks); the spill's anchor is the formula cell.

import { cellCount, qualify, type Rect } from "./address";
import { FakeClientObject, FakeCollection, type ClientResult } from "./client-object";
import { invalidArgument, itemNotFound } from "./errors";
import type { RangeProxy, RangeRef } from "./range-proxy";
import type { RequestContext } from "./request-context";
import { hasContent, type Cell, type SheetCells } from "./sheet-cells";
import type { SheetModel } from "./sheet-model";

export const SpecialCellType = {
  conditionalFormats: "ConditionalFormats",
  dataValidations: "DataValidations",
  blanks: "Blanks",
  constants: "Constants",
  formulas: "Formulas",
  sameConditionalFormat: "SameConditionalFormat",
  sameDataValidation: "SameDataValidation",
  visible: "Visible",
} as const;

export const SpecialCellValueType = {
  all: "All",
  errors: "Errors",
  logical: "Logical",
  numbers: "Numbers",
  text: "Text",
} as const;

export interface AreasRef {
  sheet: SheetModel;
  rects: Rect[];
}

/** Which cells a getSpecialCells call asks for. */
type Search =
  { kind: "Formulas" | "Constants"; valueType: string } | { kind: "Blanks" } | { kind: "Visible" } | { kind: "None" };

function searchOf(cellType: string, cellValueType: string | undefined, location: string): Search {
  const known = Object.values(SpecialCellType) as string[];
  if (!known.includes(cellType)) throw invalidArgument(location);
  if (cellValueType !== undefined && !(Object.values(SpecialCellValueType) as string[]).includes(cellValueType)) {
    throw invalidArgument(location);
  }
  if (cellType === "Formulas" || cellType === "Constants") return { kind: cellType, valueType: cellValueType ?? "All" };
  if (cellValueType !== undefined) throw invalidArgument(location);
  if (cellType === "Blanks" || cellType === "Visible") return { kind: cellType };
  return { kind: "None" };
}

function valueTypeOf(cell: Cell): string {
  if (cell.err) return "Errors";
  if (typeof cell.v === "boolean") return "Logical";
  if (typeof cell.v === "number") return "Numbers";
  return "Text";
}

function matches(search: Search, cell: Cell): boolean {
  if (search.kind !== "Formulas" && search.kind !== "Constants") return false;
  const isKind =
    search.kind === "Formulas"
      ? cell.f !== undefined
      : cell.f === undefined && !cell.spillOf && (cell.v !== "" || !!cell.err);
  return isKind && (search.valueType === "All" || valueTypeOf(cell) === search.valueType);
}

/** The special cells of `rect` as rectangles. */
export function findAreas(cells: SheetCells, rect: Rect, search: Search): Rect[] {
  switch (search.kind) {
    case "None":
      return [];
    case "Visible":
      return [rect];
    case "Blanks": {
      const used = cells.usedRect(true);
      const within = used && intersect(rect, used);
      if (!within) return [];
      const filled = new Set<string>();
      cells.forEachIn(within, (cell, r, c) => {
        if (hasContent(cell)) filled.add(`${r}:${c}`);
      });
      const blanks: Array<[number, number]> = [];
      for (let r = within.row; r < within.row + within.rows; r++)
        for (let c = within.col; c < within.col + within.cols; c++) if (!filled.has(`${r}:${c}`)) blanks.push([r, c]);
      return mergeRuns(blanks);
    }
    default: {
      const hits: Array<[number, number]> = [];
      cells.forEachIn(rect, (cell, r, c) => {
        if (matches(search, cell)) hits.push([r, c]);
      });
      return mergeRuns(hits);
    }
  }
}

function intersect(a: Rect, b: Rect): Rect | undefined {
  const row = Math.max(a.row, b.row);
  const col = Math.max(a.col, b.col);
  const rows = Math.min(a.row + a.rows, b.row + b.rows) - row;
  const cols = Math.min(a.col + a.cols, b.col + b.cols) - col;
  return rows > 0 && cols > 0 ? { row, col, rows, cols } : undefined;
}

/**
 * Cells as rectangles: runs of adjacent cells in a row, merged with the identical run of the row above, so a block of
 * formulas is one area (as Excel reports B2:U51 for a 50 × 20 grid).
 */
function mergeRuns(cells: Array<[number, number]>): Rect[] {
  const byRow = new Map<number, number[]>();
  for (const [r, c] of cells) {
    const list = byRow.get(r) ?? [];
    list.push(c);
    byRow.set(r, list);
  }
  const rows = [...byRow.keys()].sort((a, b) => a - b);
  const done: Rect[] = [];
  let open = new Map<string, Rect>();
  for (const r of rows) {
    const cols = byRow.get(r)!.sort((a, b) => a - b);
    const next = new Map<string, Rect>();
    for (let i = 0; i < cols.length;) {
      let j = i;
      while (j + 1 < cols.length && cols[j + 1] === cols[j] + 1) j++;
      const key = `${cols[i]}:${cols[j]}`;
      const above = open.get(key);
      if (above && above.row + above.rows === r) {
        above.rows++;
        open.delete(key);
        next.set(key, above);
      } else next.set(key, { row: r, col: cols[i], rows: 1, cols: cols[j] - cols[i] + 1 });
      i = j + 1;
    }
    done.push(...open.values());
    open = next;
  }
  done.push(...open.values());
  return done.sort((a, b) => a.row - b.row || a.col - b.col);
}

/** Resolves getSpecialCells on a range: null when nothing matches (the OrNullObject form), ItemNotFound otherwise. */
export function findSpecialCells(
  ref: RangeRef,
  cellType: string,
  cellValueType: string | undefined,
  orNull: boolean,
): AreasRef | null {
  const location = orNull ? "Range.getSpecialCellsOrNullObject" : "Range.getSpecialCells";
  const rects = findAreas(ref.sheet.cells, ref.rect, searchOf(cellType, cellValueType, location));
  if (rects.length > 0) return { sheet: ref.sheet, rects };
  if (orNull) return null;
  throw itemNotFound(location);
}

// A circular import would be needed for RangeProxy; the range factory is handed in instead.
type MakeRange = (ctx: RequestContext, resolve: () => RangeRef | null) => RangeProxy;

export class RangeAreasProxy extends FakeClientObject<AreasRef> {
  protected readonly _entity = "RangeAreas";
  protected readonly _scalars = ["address", "addressLocal", "areaCount", "cellCount"] as const;

  constructor(
    ctx: RequestContext,
    resolver: () => AreasRef | null,
    private readonly _makeRange: MakeRange,
  ) {
    super(ctx, resolver);
  }

  protected _get(ref: AreasRef, prop: string): unknown {
    switch (prop) {
      case "address":
      case "addressLocal":
        return ref.rects.map((rect) => qualify(ref.sheet.name, rect)).join(",");
      case "areaCount":
        return ref.rects.length;
      case "cellCount":
        return ref.rects.reduce((n, rect) => n + cellCount(rect), 0);
    }
    return undefined;
  }

  get address(): string {
    return this._read("address");
  }
  get addressLocal(): string {
    return this._read("addressLocal");
  }
  get areaCount(): number {
    return this._read("areaCount");
  }
  get cellCount(): number {
    return this._read("cellCount");
  }

  get areas(): RangeCollectionProxy {
    return this._child("areas", () => new RangeCollectionProxy(this._ctx, () => this._resolve(), this._makeRange));
  }

  /** The special cells within these areas. */
  getSpecialCellsOrNullObject(cellType: string, cellValueType?: string): RangeAreasProxy {
    const location = "RangeAreas.getSpecialCellsOrNullObject";
    return new RangeAreasProxy(
      this._ctx,
      () => {
        const ref = this._resolve();
        if (ref === null) return null;
        const search = searchOf(cellType, cellValueType, location);
        const rects = ref.rects.flatMap((rect) => findAreas(ref.sheet.cells, rect, search));
        return rects.length ? { sheet: ref.sheet, rects } : null;
      },
      this._makeRange,
    )._trackNull(location);
  }
}

export class RangeCollectionProxy extends FakeCollection<AreasRef, RangeRef, RangeProxy> {
  protected readonly _entity = "RangeCollection";

  constructor(
    ctx: RequestContext,
    resolver: () => AreasRef | null,
    private readonly _makeRange: MakeRange,
  ) {
    super(ctx, resolver);
  }

  protected _list(ref: AreasRef): RangeRef[] {
    return ref.rects.map((rect) => ({ sheet: ref.sheet, rect }));
  }

  protected _itemProxy(item: RangeRef): RangeProxy {
    return this._makeRange(this._ctx, () => item);
  }

  getCount(): ClientResult<number> {
    return this._callResult("getCount", [], (ref) => ref.rects.length);
  }

  getItemAt(index: number): RangeProxy {
    return this._makeRange(this._ctx, () => {
      const rect = this._require().rects[index];
      if (!rect) throw invalidArgument("RangeCollection.getItemAt");
      return { sheet: this._require().sheet, rect };
    });
  }
}
