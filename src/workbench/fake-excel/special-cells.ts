// Range.getSpecialCells / getSpecialCellsOrNullObject (ExcelApi 1.9) and the RangeAreas they return, as Microsoft
// documents them ("Find special cells within a range using the Excel JavaScript API", learn.microsoft.com › Excel ›
// ranges-special-cells; Excel.Range.getSpecialCells in @types/office-js):
// - getSpecialCells throws ItemNotFound when no cell matches; getSpecialCellsOrNullObject answers isNullObject.
// - the cellValueType argument is accepted only with the Formulas or Constants cell type (InvalidArgument otherwise).
// - the result is a RangeAreas: rectangles of matching cells, `address` a comma list, `areaCount`, `cellCount`,
//   `areas` a RangeCollection (items, getItemAt, getCount). What an add-in loads from it travels in the sync's
//   response and so counts toward the 5 MB response limit like any other read (resource limits article).
// Only Formulas and Constants are modelled (the add-in needs no other type): the others answer NotImplemented.
// Decision: cells filled by a neighbour's spill have no formula of their own here (Range.formulas gives "" for them),
// so they are neither formulas nor constants; the spill's anchor is the formula cell.

import { cellCount, qualify, type Rect } from "./address";
import { FakeClientObject, FakeCollection, type ClientResult } from "./client-object";
import { ErrorCodes, invalidArgument, itemNotFound, officeError } from "./errors";
import type { RangeProxy, RangeRef } from "./range-proxy";
import type { RequestContext } from "./request-context";
import type { Cell, SheetCells } from "./sheet-cells";
import type { SheetModel } from "./workbook-model";

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

type Kind = "Formulas" | "Constants";

function kindOf(cellType: string, cellValueType: string | undefined, location: string): Kind {
  const known = Object.values(SpecialCellType) as string[];
  if (!known.includes(cellType)) throw invalidArgument(location);
  if (cellType !== "Formulas" && cellType !== "Constants") {
    if (cellValueType !== undefined) throw invalidArgument(location);
    throw officeError(
      ErrorCodes.notImplemented,
      `The fake Excel host finds only Formulas and Constants special cells, not ${cellType}.`,
      location,
    );
  }
  if (cellValueType !== undefined && cellValueType !== "All") {
    throw officeError(
      ErrorCodes.notImplemented,
      "The fake Excel host finds special cells of every value type only (SpecialCellValueType.all).",
      location,
    );
  }
  return cellType;
}

const matches = (kind: Kind, cell: Cell) =>
  kind === "Formulas" ? cell.f !== undefined : cell.f === undefined && !cell.spillOf && (cell.v !== "" || !!cell.err);

/**
 * The matching cells of `rect` as rectangles: runs of adjacent cells in a row, merged with the identical run of the
 * row above, so a block of formulas is one area (as Excel reports B2:U51 for a 50 × 20 grid).
 */
export function specialAreas(cells: SheetCells, rect: Rect, kind: Kind): Rect[] {
  const byRow = new Map<number, number[]>();
  cells.forEachIn(rect, (cell, r, c) => {
    if (!matches(kind, cell)) return;
    const list = byRow.get(r) ?? [];
    list.push(c);
    byRow.set(r, list);
  });
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
  const kind = kindOf(cellType, cellValueType, location);
  const rects = specialAreas(ref.sheet.cells, ref.rect, kind);
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
        const kind = kindOf(cellType, cellValueType, location);
        const rects = ref.rects.flatMap((rect) => specialAreas(ref.sheet.cells, rect, kind));
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
