// Excel.CommentCollection and Excel.Comment (ExcelApi 1.10), the part the add-in uses: add(cellAddress, content),
// getCount(), getItem(id), getItemByCell(cellAddress), items with id/content, Comment.getLocation(), Comment.delete().
// As documented (learn.microsoft.com/javascript/api/excel/excel.commentcollection): add() takes a Range or a string
// that "must contain the full address, including the sheet name", and "An InvalidArgument error is thrown if the
// provided range is larger than one cell"; getItemByCell: "If there is no comment in the cell, an error is thrown".
// Comments live beside the model (a cell's comment stays at its cell; row and column shifts do not move it here).
import { parseAddress, type Rect } from "./address";
import { FakeClientObject, FakeCollection, type ClientResult } from "./client-object";
import { invalidArgument, itemNotFound } from "./errors";
import { RangeProxy } from "./range-proxy";
import type { RequestContext } from "./request-context";
import type { SheetModel, WorkbookModel } from "./workbook-model";

export interface CommentModel {
  id: string;
  sheet: SheetModel;
  row: number;
  col: number;
  content: string;
  deleted?: boolean;
}

const store = new WeakMap<WorkbookModel, CommentModel[]>();
let nextId = 1;

/** The workbook's comments, oldest first (the workbench and tests read them). */
export function commentsOf(model: WorkbookModel): CommentModel[] {
  let list = store.get(model);
  if (!list) {
    list = [];
    store.set(model, list);
  }
  return list.filter((c) => !c.deleted && !c.sheet.deleted);
}

function cellOf(model: WorkbookModel, cellAddress: unknown, location: string): { sheet: SheetModel; rect: Rect } {
  let ref: { sheet: SheetModel; rect: Rect } | undefined;
  if (cellAddress instanceof RangeProxy) ref = cellAddress._require();
  else if (typeof cellAddress === "string") {
    const parsed = parseAddress(cellAddress);
    const sheet = parsed?.sheet === undefined ? undefined : model.sheetByName(parsed.sheet);
    if (!parsed || parsed.sheet === undefined) throw invalidArgument(location);
    if (!sheet) throw itemNotFound(location);
    ref = { sheet, rect: parsed.rect };
  }
  if (!ref) throw invalidArgument(location);
  if (ref.rect.rows !== 1 || ref.rect.cols !== 1) throw invalidArgument(location);
  return ref;
}

export class CommentCollectionProxy extends FakeCollection<WorkbookModel, CommentModel, CommentProxy> {
  protected readonly _entity = "CommentCollection";

  constructor(ctx: RequestContext) {
    super(ctx, () => ctx._env.model);
  }

  protected _list(model: WorkbookModel): CommentModel[] {
    return commentsOf(model);
  }

  protected _itemProxy(comment: CommentModel): CommentProxy {
    return new CommentProxy(this._ctx, () => comment);
  }

  add(cellAddress: RangeProxy | string, content: string): CommentProxy {
    let created: CommentModel | undefined;
    this._call("add", [typeof cellAddress === "string" ? cellAddress : "range", content], (model) => {
      const { sheet, rect } = cellOf(model, cellAddress, "CommentCollection.add");
      if (typeof content !== "string") throw invalidArgument("CommentCollection.add");
      created = { id: `comment-${nextId++}`, sheet, row: rect.row, col: rect.col, content };
      commentsOf(model);
      store.get(model)!.push(created);
    });
    return new CommentProxy(this._ctx, () => {
      if (!created) throw itemNotFound("CommentCollection.add");
      return created;
    });
  }

  getCount(): ClientResult<number> {
    return this._callResult("getCount", [], (model) => commentsOf(model).length);
  }

  getItem(commentId: string): CommentProxy {
    return new CommentProxy(this._ctx, () => {
      const found = commentsOf(this._require()).find((c) => c.id === commentId);
      if (!found) throw itemNotFound("CommentCollection.getItem");
      return found;
    });
  }

  getItemByCell(cellAddress: RangeProxy | string): CommentProxy {
    return new CommentProxy(this._ctx, () => {
      const model = this._require();
      const { sheet, rect } = cellOf(model, cellAddress, "CommentCollection.getItemByCell");
      const found = commentsOf(model).find((c) => c.sheet === sheet && c.row === rect.row && c.col === rect.col);
      if (!found) throw itemNotFound("CommentCollection.getItemByCell");
      return found;
    });
  }
}

export class CommentProxy extends FakeClientObject<CommentModel> {
  protected readonly _entity = "Comment";
  protected readonly _scalars = ["id", "content"] as const;

  constructor(ctx: RequestContext, resolver: () => CommentModel | null) {
    super(ctx, resolver);
  }

  protected _get(comment: CommentModel, prop: string): unknown {
    return prop === "id" ? comment.id : comment.content;
  }

  get id(): string {
    return this._read("id");
  }
  get content(): string {
    return this._read("content");
  }

  getLocation(): RangeProxy {
    return new RangeProxy(this._ctx, () => {
      const comment = this._require();
      return { sheet: comment.sheet, rect: { row: comment.row, col: comment.col, rows: 1, cols: 1 } };
    });
  }

  delete(): void {
    this._call("delete", [], (comment) => {
      comment.deleted = true;
    });
  }
}
