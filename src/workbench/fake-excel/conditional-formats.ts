// Excel.ConditionalFormatCollection, ConditionalFormat and CustomConditionalFormat (ExcelApi 1.6), the part the
// add-in uses for its change marks: Range.conditionalFormats, add("Custom"), getCount(), getItem(id), getItemAt(i),
// items with id/type/priority, ConditionalFormat.custom.rule.formula, custom.format.fill.color / font.color /
// numberFormat, getRange(), delete(). As documented (learn.microsoft.com/javascript/api/excel/
// excel.conditionalformatcollection): the collection is "all conditional formats that are overlapping the range",
// add() puts the new format "at the first/top priority", getItem(id) throws ItemNotFound for an unknown id, and
// getItemOrNullObject is ExcelApi 1.14 (the fake's requirement check refuses it on an older Excel through
// FakeRequirements like any newer API; the add-in does not call it). Conditional formats never change a cell's value;
// what they show is read by the workbench grid through formatsAt(). Only the Custom type is modelled: another type
// is InvalidArgument with a sentence saying so. Row and column shifts do not move formats here (the add-in clears
// its marks before it rewrites what they cover).
import { intersects, type Rect } from "./address";
import { FakeClientObject, FakeCollection, type ClientResult } from "./client-object";
import { invalidArgument, itemNotFound } from "./errors";
import type { RangeProxy, RangeRef } from "./range-proxy";
import type { RequestContext } from "./request-context";
import type { SheetModel, WorkbookModel } from "./workbook-model";

export interface ConditionalFormatModel {
  id: string;
  sheet: SheetModel;
  rect: Rect;
  type: "Custom";
  formula: string;
  fill: string | null;
  fontColor: string | null;
  numberFormat: string | null;
  priority: number;
  deleted?: boolean;
}

const store = new WeakMap<WorkbookModel, ConditionalFormatModel[]>();
let nextId = 1;

function all(model: WorkbookModel): ConditionalFormatModel[] {
  let list = store.get(model);
  if (!list) {
    list = [];
    store.set(model, list);
  }
  // Formats go with their sheet.
  for (let i = list.length - 1; i >= 0; i--) if (list[i].deleted || list[i].sheet.deleted) list.splice(i, 1);
  return list;
}

/** Every live format, top priority first (the workbench and tests read them). */
export function conditionalFormatsOf(model: WorkbookModel): ConditionalFormatModel[] {
  return [...all(model)].sort((a, b) => a.priority - b.priority);
}

/** The formats that apply to one cell, top priority first. */
export function formatsAt(model: WorkbookModel, sheet: SheetModel, row: number, col: number): ConditionalFormatModel[] {
  return conditionalFormatsOf(model).filter(
    (f) =>
      f.sheet === sheet &&
      row >= f.rect.row &&
      row < f.rect.row + f.rect.rows &&
      col >= f.rect.col &&
      col < f.rect.col + f.rect.cols,
  );
}

const overlapping = (model: WorkbookModel, ref: RangeRef) =>
  conditionalFormatsOf(model).filter((f) => f.sheet === ref.sheet && intersects(f.rect, ref.rect));

interface Scope {
  model: WorkbookModel;
  ref: RangeRef;
}

export class ConditionalFormatCollectionProxy extends FakeCollection<
  Scope,
  ConditionalFormatModel,
  ConditionalFormatProxy
> {
  protected readonly _entity = "ConditionalFormatCollection";

  constructor(ctx: RequestContext, range: () => RangeRef | null) {
    super(ctx, () => {
      const ref = range();
      return ref === null ? null : { model: ctx._env.model, ref };
    });
  }

  protected _list(scope: Scope): ConditionalFormatModel[] {
    return overlapping(scope.model, scope.ref);
  }

  protected _itemProxy(format: ConditionalFormatModel): ConditionalFormatProxy {
    return new ConditionalFormatProxy(this._ctx, () => format);
  }

  add(type: string): ConditionalFormatProxy {
    let created: ConditionalFormatModel | undefined;
    this._call("add", [type], ({ model, ref }) => {
      if (type !== "Custom") {
        throw invalidArgument(
          "ConditionalFormatCollection.add",
          `The fake Excel host models Custom conditional formats only, not ${JSON.stringify(type)}.`,
        );
      }
      const list = all(model);
      for (const format of list) format.priority += 1;
      created = {
        id: `{cf-${nextId++}}`,
        sheet: ref.sheet,
        rect: { ...ref.rect },
        type: "Custom",
        formula: "",
        fill: null,
        fontColor: null,
        numberFormat: null,
        priority: 0,
      };
      list.push(created);
      model.changed(ref.sheet);
    });
    return new ConditionalFormatProxy(this._ctx, () => {
      if (!created) throw itemNotFound("ConditionalFormatCollection.add");
      return created;
    });
  }

  getCount(): ClientResult<number> {
    return this._callResult("getCount", [], (scope) => overlapping(scope.model, scope.ref).length);
  }

  getItem(id: string): ConditionalFormatProxy {
    return new ConditionalFormatProxy(this._ctx, () => {
      const format = overlapping(this._require().model, this._require().ref).find((f) => f.id === id);
      if (!format) throw itemNotFound("ConditionalFormatCollection.getItem");
      return format;
    });
  }

  getItemAt(index: number): ConditionalFormatProxy {
    return new ConditionalFormatProxy(this._ctx, () => {
      const format = overlapping(this._require().model, this._require().ref)[index];
      if (!format) throw itemNotFound("ConditionalFormatCollection.getItemAt");
      return format;
    });
  }

  /** Removes the formats overlapping the range (Excel trims a format that only partly overlaps; the fake removes it). */
  clearAll(): void {
    this._call("clearAll", [], ({ model, ref }) => {
      for (const format of overlapping(model, ref)) format.deleted = true;
      model.changed(ref.sheet);
    });
  }
}

export class ConditionalFormatProxy extends FakeClientObject<ConditionalFormatModel> {
  protected readonly _entity = "ConditionalFormat";
  protected readonly _scalars = ["id", "type", "priority", "stopIfTrue"] as const;

  protected _get(format: ConditionalFormatModel, prop: string): unknown {
    if (prop === "stopIfTrue") return false;
    return format[prop as "id" | "type" | "priority"];
  }

  get id(): string {
    return this._read("id");
  }
  get type(): string {
    return this._read("type");
  }
  get priority(): number {
    return this._read("priority");
  }

  get custom(): CustomConditionalFormatProxy {
    return this._child("custom", () => new CustomConditionalFormatProxy(this._ctx, () => this._resolve()));
  }

  getRange(): RangeProxy {
    return this._ctx._range(() => {
      const format = this._require();
      return { sheet: format.sheet, rect: { ...format.rect } };
    });
  }

  delete(): void {
    this._call("delete", [], (format) => {
      format.deleted = true;
      this._ctx._env.model.changed(format.sheet);
    });
  }
}

export class CustomConditionalFormatProxy extends FakeClientObject<ConditionalFormatModel> {
  protected readonly _entity = "CustomConditionalFormat";
  protected readonly _scalars = [] as const;

  protected _get(_format: ConditionalFormatModel, prop: string): unknown {
    throw invalidArgument("CustomConditionalFormat.load", `The property '${prop}' does not exist.`);
  }

  get rule(): ConditionalFormatRuleProxy {
    return this._child("rule", () => new ConditionalFormatRuleProxy(this._ctx, () => this._resolve()));
  }

  get format(): ConditionalRangeFormatProxy {
    return this._child("format", () => new ConditionalRangeFormatProxy(this._ctx, () => this._resolve()));
  }
}

export class ConditionalFormatRuleProxy extends FakeClientObject<ConditionalFormatModel> {
  protected readonly _entity = "ConditionalFormatRule";
  protected readonly _scalars = ["formula"] as const;

  protected _get(format: ConditionalFormatModel): unknown {
    return format.formula;
  }

  get formula(): string {
    return this._read("formula");
  }
  set formula(value: string) {
    if (typeof value !== "string") throw invalidArgument("ConditionalFormatRule.formula");
    this._write("formula", value, (format) => (format.formula = value));
  }
}

export class ConditionalRangeFormatProxy extends FakeClientObject<ConditionalFormatModel> {
  protected readonly _entity = "ConditionalRangeFormat";
  protected readonly _scalars = ["numberFormat"] as const;

  protected _get(format: ConditionalFormatModel): unknown {
    return format.numberFormat;
  }

  get numberFormat(): string {
    return this._read("numberFormat");
  }
  set numberFormat(value: string) {
    this._write("numberFormat", value, (format) => {
      format.numberFormat = value;
      this._ctx._env.model.changed(format.sheet);
    });
  }

  get fill(): ColorProxy {
    return this._child("fill", () => new ColorProxy(this._ctx, () => this._resolve(), "fill"));
  }

  get font(): ColorProxy {
    return this._child("font", () => new ColorProxy(this._ctx, () => this._resolve(), "fontColor"));
  }
}

/** ConditionalRangeFill and ConditionalRangeFont, as far as their color goes. */
export class ColorProxy extends FakeClientObject<ConditionalFormatModel> {
  protected readonly _entity: string;
  protected readonly _scalars = ["color"] as const;

  constructor(
    ctx: RequestContext,
    resolver: () => ConditionalFormatModel | null,
    private readonly _field: "fill" | "fontColor",
  ) {
    super(ctx, resolver);
    this._entity = _field === "fill" ? "ConditionalRangeFill" : "ConditionalRangeFont";
  }

  protected _get(format: ConditionalFormatModel): unknown {
    return format[this._field];
  }

  get color(): string {
    return this._read("color");
  }
  set color(value: string) {
    this._write("color", value, (format) => {
      format[this._field] = value;
      this._ctx._env.model.changed(format.sheet);
    });
  }
}
