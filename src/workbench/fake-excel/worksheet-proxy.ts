// Excel.Worksheet and Excel.WorksheetCollection.

import { MAX_COLUMNS, MAX_ROWS } from "./address";
import { FakeClientObject, FakeCollection, type ClientResult } from "./client-object";
import { itemNotFound } from "./errors";
import { SelectionEvents, type WorksheetSelectionChangedEventArgs } from "./events";
import { NoteCollectionProxy } from "./notes-proxy";
import { RangeProxy, resolveAddress } from "./range-proxy";
import type { RequestContext } from "./request-context";
import { TableCollectionProxy } from "./table-proxy";
import type { SheetModel, WorkbookModel } from "./workbook-model";

export class WorksheetProxy extends FakeClientObject<SheetModel> {
  protected readonly _entity = "Worksheet";
  protected readonly _scalars = ["id", "name", "position", "visibility"] as const;

  constructor(ctx: RequestContext, resolver: () => SheetModel | null) {
    super(ctx, resolver);
  }

  private get _model(): WorkbookModel {
    return this._ctx._env.model;
  }

  protected _get(sheet: SheetModel, prop: string): unknown {
    switch (prop) {
      case "id":
        return sheet.id;
      case "name":
        return sheet.name;
      case "position":
        return sheet.position;
      case "visibility":
        return "Visible";
    }
    return undefined;
  }

  get id(): string {
    return this._read("id");
  }
  get position(): number {
    return this._read("position");
  }
  get visibility(): string {
    return this._read("visibility");
  }
  get name(): string {
    return this._read("name");
  }
  set name(value: string) {
    this._write("name", value, (sheet) => this._model.renameSheet(sheet, value));
  }

  get tables(): TableCollectionProxy {
    return this._child("tables", () => new TableCollectionProxy(this._ctx, () => this._resolve(), false));
  }

  /** ExcelApi 1.18 (notes-proxy.ts). */
  get notes(): NoteCollectionProxy {
    return this._child("notes", () => new NoteCollectionProxy(this._ctx, () => this._resolve()));
  }

  get onSelectionChanged(): SelectionEvents<WorksheetSelectionChangedEventArgs> {
    return this._child(
      "onSelectionChanged",
      () => new SelectionEvents<WorksheetSelectionChangedEventArgs>(this._ctx, () => this._require(), "worksheet"),
    );
  }

  getRange(address?: string): RangeProxy {
    return new RangeProxy(this._ctx, () => {
      const sheet = this._resolve();
      if (sheet === null) return null;
      if (address === undefined || address === "")
        return { sheet, rect: { row: 0, col: 0, rows: MAX_ROWS, cols: MAX_COLUMNS } };
      return resolveAddress(this._model, address, sheet, "Worksheet.getRange");
    });
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): RangeProxy {
    return new RangeProxy(this._ctx, () => {
      const sheet = this._resolve();
      return sheet === null
        ? null
        : { sheet, rect: { row: startRow, col: startColumn, rows: rowCount, cols: columnCount } };
    })
      .getCell(0, 0)
      .getAbsoluteResizedRange(rowCount, columnCount);
  }

  getCell(row: number, column: number): RangeProxy {
    return this.getRange("A1").getCell(row, column);
  }

  private _used(valuesOnly: boolean, orNull: boolean): RangeProxy {
    const location = orNull ? "Worksheet.getUsedRangeOrNullObject" : "Worksheet.getUsedRange";
    const proxy = new RangeProxy(this._ctx, () => {
      const sheet = this._resolve();
      if (sheet === null) return null;
      const used = sheet.cells.usedRect(valuesOnly);
      if (used) return { sheet, rect: used };
      // An empty sheet's used range is A1; the OrNullObject variant says "nothing" instead.
      return orNull ? null : { sheet, rect: { row: 0, col: 0, rows: 1, cols: 1 } };
    });
    return orNull ? proxy._trackNull(location) : proxy;
  }

  getUsedRange(valuesOnly = false): RangeProxy {
    return this._used(valuesOnly, false);
  }

  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    return this._used(valuesOnly, true);
  }

  activate(): void {
    this._call("activate", [], (sheet) => this._model.activate(sheet));
  }

  delete(): void {
    this._call("delete", [], (sheet) => this._model.deleteSheet(sheet));
  }

  /** markAllDirty is accepted for parity; custom functions on the sheet recalculate either way. */
  calculate(markAllDirty: boolean): void {
    this._call("calculate", [markAllDirty], (sheet) => this._model.engine.calculateSheet(sheet));
  }
}

export class WorksheetCollectionProxy extends FakeCollection<WorkbookModel, SheetModel, WorksheetProxy> {
  protected readonly _entity = "WorksheetCollection";

  constructor(ctx: RequestContext) {
    super(ctx, () => ctx._env.model);
  }

  protected _list(model: WorkbookModel): SheetModel[] {
    return [...model.sheets];
  }

  protected _itemProxy(sheet: SheetModel): WorksheetProxy {
    return new WorksheetProxy(this._ctx, () => sheet);
  }

  getItem(key: string): WorksheetProxy {
    return new WorksheetProxy(this._ctx, () => {
      const model = this._require();
      const sheet = model.sheetByName(key) ?? model.sheets.find((s) => s.id === key);
      if (!sheet) throw itemNotFound("WorksheetCollection.getItem");
      return sheet;
    });
  }

  getItemOrNullObject(key: string): WorksheetProxy {
    return new WorksheetProxy(this._ctx, () => {
      const model = this._require();
      return model.sheetByName(key) ?? model.sheets.find((s) => s.id === key) ?? null;
    })._trackNull("WorksheetCollection.getItemOrNullObject");
  }

  getActiveWorksheet(): WorksheetProxy {
    return new WorksheetProxy(this._ctx, () => this._require().active);
  }

  getFirst(): WorksheetProxy {
    return new WorksheetProxy(this._ctx, () => this._require().sheets[0]);
  }

  add(name?: string): WorksheetProxy {
    let created: SheetModel | undefined;
    this._call("add", [name ?? null], (model) => {
      created = model.addSheet(name);
    });
    return new WorksheetProxy(this._ctx, () => {
      if (!created) throw itemNotFound("WorksheetCollection.add");
      return created;
    });
  }

  getCount(): ClientResult<number> {
    return this._callResult("getCount", [], (model) => model.sheets.length);
  }
}
