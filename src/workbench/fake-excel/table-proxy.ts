// Excel.Table and its collections: tables of the workbook or of one sheet, table rows and table columns.

import { FakeClientObject, FakeCollection, type ClientResult } from "./client-object";
import { invalidArgument, itemNotFound } from "./errors";
import { RangeProxy, resolveAddress, type RangeRef } from "./range-proxy";
import type { RequestContext } from "./request-context";
import type { SheetModel, TableColumnModel, TableModel, WorkbookModel } from "./workbook-model";
import type { WorksheetProxy } from "./worksheet-proxy";

/** Which tables a collection holds: the workbook's (no sheet) or one sheet's. */
export interface TableScope {
  sheet?: SheetModel;
}

function tablesIn(model: WorkbookModel, scope: TableScope): TableModel[] {
  return scope.sheet ? model.tablesOn(scope.sheet) : [...model.tables];
}

export class TableCollectionProxy extends FakeCollection<TableScope, TableModel, TableProxy> {
  protected readonly _entity = "TableCollection";
  protected override readonly _scalars = ["count"] as const;

  constructor(ctx: RequestContext, sheet: () => SheetModel | null, workbookScope: boolean) {
    super(ctx, () => {
      if (workbookScope) return {};
      const resolved = sheet();
      return resolved === null ? null : { sheet: resolved };
    });
  }

  private get _model(): WorkbookModel {
    return this._ctx._env.model;
  }

  protected override _get(scope: TableScope, prop: string): unknown {
    if (prop === "count") return tablesIn(this._model, scope).length;
    return super._get(scope, prop);
  }

  protected _list(scope: TableScope): TableModel[] {
    return tablesIn(this._model, scope);
  }

  protected _itemProxy(table: TableModel): TableProxy {
    return new TableProxy(this._ctx, () => table);
  }

  get count(): number {
    return this._read("count");
  }

  getCount(): ClientResult<number> {
    return this._callResult("getCount", [], (scope) => tablesIn(this._model, scope).length);
  }

  private _find(scope: TableScope, key: string): TableModel | undefined {
    return tablesIn(this._model, scope).find((t) => t.name.toLowerCase() === String(key).toLowerCase() || t.id === key);
  }

  getItem(key: string): TableProxy {
    return new TableProxy(this._ctx, () => {
      const table = this._find(this._require(), key);
      if (!table) throw itemNotFound("TableCollection.getItem");
      return table;
    });
  }

  getItemOrNullObject(key: string): TableProxy {
    return new TableProxy(this._ctx, () => this._find(this._require(), key) ?? null)._trackNull(
      "TableCollection.getItemOrNullObject",
    );
  }

  getItemAt(index: number): TableProxy {
    return new TableProxy(this._ctx, () => {
      const table = tablesIn(this._model, this._require())[index];
      if (!table) throw invalidArgument("TableCollection.getItemAt");
      return table;
    });
  }

  /** Creates a table over a range (address or Range); with hasHeaders false Excel adds a header row above. */
  add(address: string | RangeProxy, hasHeaders: boolean): TableProxy {
    let created: TableModel | undefined;
    const location = "TableCollection.add";
    const payload = typeof address === "string" ? address : "[Range]";
    this._call("add", [payload, hasHeaders], (scope) => {
      const model = this._model;
      const ref: RangeRef =
        typeof address === "string"
          ? resolveAddress(model, address, scope.sheet ?? (address.includes("!") ? undefined : model.active), location)
          : address._require();
      if (scope.sheet && ref.sheet !== scope.sheet) throw invalidArgument(location);
      created = model.addTable(ref.sheet, ref.rect, !!hasHeaders);
    });
    return new TableProxy(this._ctx, () => {
      if (!created) throw itemNotFound(location);
      return created;
    });
  }
}

export class TableProxy extends FakeClientObject<TableModel> {
  protected readonly _entity = "Table";
  protected readonly _scalars = ["id", "name", "showHeaders", "showTotals", "style"] as const;

  constructor(ctx: RequestContext, resolver: () => TableModel | null) {
    super(ctx, resolver);
  }

  private get _model(): WorkbookModel {
    return this._ctx._env.model;
  }

  protected _get(table: TableModel, prop: string): unknown {
    switch (prop) {
      case "id":
        return table.id;
      case "name":
        return table.name;
      case "showHeaders":
        return true;
      case "showTotals":
        return false;
      case "style":
        return table.style;
    }
    return undefined;
  }

  get id(): string {
    return this._read("id");
  }
  get showHeaders(): boolean {
    return this._read("showHeaders");
  }
  get showTotals(): boolean {
    return this._read("showTotals");
  }
  get name(): string {
    return this._read("name");
  }
  set name(value: string) {
    this._write("name", value, (table) => this._model.renameTable(table, value));
  }
  get style(): string {
    return this._read("style");
  }
  set style(value: string) {
    this._write("style", value, (table) => {
      table.style = String(value);
    });
  }

  get worksheet(): WorksheetProxy {
    return this._child("worksheet", () => this._ctx._worksheet(() => this._resolve()?.sheet ?? null));
  }

  get rows(): TableRowCollectionProxy {
    return this._child("rows", () => new TableRowCollectionProxy(this._ctx, () => this._resolve()));
  }

  get columns(): TableColumnCollectionProxy {
    return this._child("columns", () => new TableColumnCollectionProxy(this._ctx, () => this._resolve()));
  }

  private _range(part: (table: TableModel) => RangeRef["rect"]): RangeProxy {
    return new RangeProxy(this._ctx, () => {
      const table = this._resolve();
      return table === null ? null : { sheet: table.sheet, rect: part(table) };
    });
  }

  getRange(): RangeProxy {
    return this._range((t) => t.rect);
  }

  getHeaderRowRange(): RangeProxy {
    return this._range((t) => t.headerRect);
  }

  getDataBodyRange(): RangeProxy {
    return this._range((t) => t.bodyRect);
  }

  resize(newRange: string | RangeProxy): void {
    const payload = typeof newRange === "string" ? newRange : "[Range]";
    this._call("resize", [payload], (table) => {
      this._ctx._env.requirements.require("1.13", "Table.resize");
      const ref =
        typeof newRange === "string"
          ? resolveAddress(this._model, newRange, table.sheet, "Table.resize")
          : newRange._require();
      this._model.resizeTable(table, ref.sheet, ref.rect);
    });
  }

  /** Deletes the table and the contents of its cells. */
  delete(): void {
    this._call("delete", [], (table) => this._model.deleteTable(table, false));
  }

  /** Removes the table but keeps its cells. */
  convertToRange(): RangeProxy {
    let ref: RangeRef | undefined;
    this._call("convertToRange", [], (table) => {
      ref = { sheet: table.sheet, rect: table.rect };
      this._model.deleteTable(table, true);
    });
    return new RangeProxy(this._ctx, () => {
      if (!ref) throw itemNotFound("Table.convertToRange");
      return ref;
    });
  }
}

export interface TableRowRef {
  table: TableModel;
  index: number;
}

export class TableRowCollectionProxy extends FakeCollection<TableModel, TableRowRef, TableRowProxy> {
  protected readonly _entity = "TableRowCollection";
  protected override readonly _scalars = ["count"] as const;

  constructor(ctx: RequestContext, table: () => TableModel | null) {
    super(ctx, table);
  }

  protected override _get(table: TableModel, prop: string): unknown {
    if (prop === "count") return table.dataRows;
    return super._get(table, prop);
  }

  protected _list(table: TableModel): TableRowRef[] {
    return Array.from({ length: table.dataRows }, (_, index) => ({ table, index }));
  }

  protected _itemProxy(row: TableRowRef): TableRowProxy {
    return new TableRowProxy(this._ctx, () => row);
  }

  get count(): number {
    return this._read("count");
  }

  getCount(): ClientResult<number> {
    return this._callResult("getCount", [], (table) => table.dataRows);
  }

  getItemAt(index: number): TableRowProxy {
    return new TableRowProxy(this._ctx, () => {
      const table = this._require();
      if (!Number.isInteger(index) || index < 0 || index >= table.dataRows)
        throw invalidArgument("TableRowCollection.getItemAt");
      return { table, index };
    });
  }

  /** Inserts rows (at `index`, or after the last row when it is null/undefined), shifting cells below down. */
  add(index?: number | null, values?: unknown[][], _alwaysInsert?: boolean): TableRowProxy {
    let at: number | undefined;
    this._call("add", [index ?? null, values ?? null], (table) => {
      const rows = values ?? [new Array(table.rect.cols).fill("")];
      at = this._ctx._env.model.addTableRows(table, index, rows);
    });
    return new TableRowProxy(this._ctx, () => {
      if (at === undefined) throw itemNotFound("TableRowCollection.add");
      return { table: this._require(), index: at };
    });
  }

  deleteRowsAt(index: number, count = 1): void {
    this._call("deleteRowsAt", [index, count], (table) => this._ctx._env.model.deleteTableRows(table, index, count));
  }
}

export class TableRowProxy extends FakeClientObject<TableRowRef> {
  protected readonly _entity = "TableRow";
  protected readonly _scalars = ["index", "values"] as const;

  constructor(ctx: RequestContext, resolver: () => TableRowRef | null) {
    super(ctx, resolver);
  }

  private _rect(row: TableRowRef) {
    const { rect } = row.table;
    if (row.index >= row.table.dataRows) throw itemNotFound("TableRow");
    return { row: rect.row + 1 + row.index, col: rect.col, rows: 1, cols: rect.cols };
  }

  protected _get(row: TableRowRef, prop: string): unknown {
    if (prop === "index") return row.index;
    const rect = this._rect(row);
    const values: unknown[][] = [new Array(rect.cols).fill("")];
    row.table.sheet.cells.forEachIn(rect, (cell, _r, c) => {
      values[0][c - rect.col] = cell.err ? cell.err.code : cell.v;
    });
    return values;
  }

  get index(): number {
    return this._read("index");
  }
  get values(): unknown[][] {
    return this._read("values");
  }
  set values(value: unknown[][]) {
    this._write("values", value, (row) =>
      this._ctx._env.model.write(row.table.sheet, this._rect(row), "values", value, "TableRow.values"),
    );
  }

  getRange(): RangeProxy {
    return new RangeProxy(this._ctx, () => {
      const row = this._resolve();
      return row === null ? null : { sheet: row.table.sheet, rect: this._rect(row) };
    });
  }

  delete(): void {
    this._call("delete", [], (row) => this._ctx._env.model.deleteTableRows(row.table, row.index, 1));
  }
}

export interface TableColumnRef {
  table: TableModel;
  column: TableColumnModel;
}

export class TableColumnCollectionProxy extends FakeCollection<TableModel, TableColumnRef, TableColumnProxy> {
  protected readonly _entity = "TableColumnCollection";
  protected override readonly _scalars = ["count"] as const;

  constructor(ctx: RequestContext, table: () => TableModel | null) {
    super(ctx, table);
  }

  protected override _get(table: TableModel, prop: string): unknown {
    if (prop === "count") return table.columns.length;
    return super._get(table, prop);
  }

  protected _list(table: TableModel): TableColumnRef[] {
    return table.columns.map((column) => ({ table, column }));
  }

  protected _itemProxy(ref: TableColumnRef): TableColumnProxy {
    return new TableColumnProxy(this._ctx, () => ref);
  }

  get count(): number {
    return this._read("count");
  }

  getCount(): ClientResult<number> {
    return this._callResult("getCount", [], (table) => table.columns.length);
  }

  private _find(table: TableModel, key: number | string): TableColumnModel | undefined {
    return table.columns.find(
      (c) => String(c.id) === String(key) || (typeof key === "string" && c.name.toLowerCase() === key.toLowerCase()),
    );
  }

  getItem(key: number | string): TableColumnProxy {
    return new TableColumnProxy(this._ctx, () => {
      const table = this._require();
      const column = this._find(table, key);
      if (!column) throw itemNotFound("TableColumnCollection.getItem");
      return { table, column };
    });
  }

  getItemOrNullObject(key: number | string): TableColumnProxy {
    return new TableColumnProxy(this._ctx, () => {
      const table = this._resolve();
      const column = table ? this._find(table, key) : undefined;
      return table && column ? { table, column } : null;
    })._trackNull("TableColumnCollection.getItemOrNullObject");
  }

  getItemAt(index: number): TableColumnProxy {
    return new TableColumnProxy(this._ctx, () => {
      const table = this._require();
      const column = table.columns[index];
      if (!column) throw invalidArgument("TableColumnCollection.getItemAt");
      return { table, column };
    });
  }
}

export class TableColumnProxy extends FakeClientObject<TableColumnRef> {
  protected readonly _entity = "TableColumn";
  protected readonly _scalars = ["id", "index", "name", "values"] as const;

  constructor(ctx: RequestContext, resolver: () => TableColumnRef | null) {
    super(ctx, resolver);
  }

  private _index(ref: TableColumnRef): number {
    const index = ref.table.columns.indexOf(ref.column);
    if (index < 0) throw itemNotFound("TableColumn");
    return index;
  }

  private _rect(ref: TableColumnRef, part: "all" | "header" | "body") {
    const { rect } = ref.table;
    const col = rect.col + this._index(ref);
    if (part === "header") return { row: rect.row, col, rows: 1, cols: 1 };
    if (part === "body") return { row: rect.row + 1, col, rows: rect.rows - 1, cols: 1 };
    return { row: rect.row, col, rows: rect.rows, cols: 1 };
  }

  protected _get(ref: TableColumnRef, prop: string): unknown {
    switch (prop) {
      case "id":
        return ref.column.id;
      case "index":
        return this._index(ref);
      case "name":
        return ref.column.name;
      case "values": {
        const rect = this._rect(ref, "all");
        const values: unknown[][] = Array.from({ length: rect.rows }, () => [""]);
        ref.table.sheet.cells.forEachIn(rect, (cell, r) => {
          values[r - rect.row][0] = cell.err ? cell.err.code : cell.v;
        });
        return values;
      }
    }
    return undefined;
  }

  get id(): number {
    return this._read("id");
  }
  get index(): number {
    return this._read("index");
  }
  get values(): unknown[][] {
    return this._read("values");
  }
  get name(): string {
    return this._read("name");
  }
  set name(value: string) {
    this._write("name", value, (ref) =>
      this._ctx._env.model.write(ref.table.sheet, this._rect(ref, "header"), "values", [[value]], "TableColumn.name"),
    );
  }

  private _range(part: "all" | "header" | "body"): RangeProxy {
    return new RangeProxy(this._ctx, () => {
      const ref = this._resolve();
      return ref === null ? null : { sheet: ref.table.sheet, rect: this._rect(ref, part) };
    });
  }

  getRange(): RangeProxy {
    return this._range("all");
  }

  getHeaderRowRange(): RangeProxy {
    return this._range("header");
  }

  getDataBodyRange(): RangeProxy {
    return this._range("body");
  }
}
