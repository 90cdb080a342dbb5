// Excel.NoteCollection and Excel.Note (ExcelApi 1.18): Workbook.notes (every note) and Worksheet.notes (that sheet's),
// add(cellAddress, content), getCount(), getItem(key), getItemAt(index), getItemOrNullObject(key), items with
// content/authorName, Note.content (read and write), Note.getLocation(), Note.delete(). As documented
// (learn.microsoft.com/javascript/api/excel/excel.notecollection, "Work with notes", excel-add-ins-notes): a note is
// tied to one cell, add() takes a Range or an address and throws InvalidArgument when the range is more than one cell,
// getItem(key) finds a note by its cell address and throws ItemNotFound when the cell has none. The fake also refuses
// a second note on a cell that has one (InvalidArgument), so add-in code must look first. On an Excel older than
// ExcelApi 1.18 every use fails at sync with ApiNotFound (requirements.ts). Notes stay at their cell (row and column
// shifts do not move them here); the workbench shows them on hover.
import { cellName, parseAddress, quoteSheetName, type Rect } from "./address";
import { FakeClientObject, FakeCollection, type ClientResult } from "./client-object";
import { invalidArgument, itemNotFound } from "./errors";
import { RangeProxy } from "./range-proxy";
import type { RequestContext } from "./request-context";
import type { SheetModel, WorkbookModel } from "./workbook-model";

export interface NoteModel {
  sheet: SheetModel;
  row: number;
  col: number;
  content: string;
  authorName: string;
  deleted?: boolean;
}

/** Who the fake says wrote a note (Excel takes the signed-in user's name). */
export const NOTE_AUTHOR = "Workbench user";

const store = new WeakMap<WorkbookModel, NoteModel[]>();

function list(model: WorkbookModel): NoteModel[] {
  let notes = store.get(model);
  if (!notes) store.set(model, (notes = []));
  for (let i = notes.length - 1; i >= 0; i--) if (notes[i].deleted || notes[i].sheet.deleted) notes.splice(i, 1);
  return notes;
}

/** The workbook's notes, sheet by sheet and cell by cell (the workbench and tests read them). */
export function notesOf(model: WorkbookModel, sheet?: SheetModel): NoteModel[] {
  return list(model)
    .filter((n) => sheet === undefined || n.sheet === sheet)
    .sort((a, b) => a.sheet.position - b.sheet.position || a.row - b.row || a.col - b.col);
}

export function noteAt(model: WorkbookModel, sheet: SheetModel, row: number, col: number): NoteModel | undefined {
  return list(model).find((n) => n.sheet === sheet && n.row === row && n.col === col);
}

/** A note added as a user would (Review › Notes › New Note), for tests and the workbench. */
export function addNote(model: WorkbookModel, sheet: SheetModel, row: number, col: number, content: string): NoteModel {
  if (noteAt(model, sheet, row, col)) {
    throw invalidArgument("NoteCollection.add", `${cellName(row, col)} already has a note: edit or delete that one.`);
  }
  const note: NoteModel = { sheet, row, col, content, authorName: NOTE_AUTHOR };
  list(model).push(note);
  model.changed(sheet);
  return note;
}

export const noteAddress = (note: NoteModel) => `${quoteSheetName(note.sheet.name)}!${cellName(note.row, note.col)}`;

interface Scope {
  model: WorkbookModel;
  /** The worksheet of Worksheet.notes; undefined for Workbook.notes. */
  sheet?: SheetModel;
}

export class NoteCollectionProxy extends FakeCollection<Scope, NoteModel, NoteProxy> {
  protected readonly _entity = "NoteCollection";

  constructor(ctx: RequestContext, sheet: () => SheetModel | null | undefined) {
    super(ctx, () => {
      ctx._env.requirements.require("1.18", "NoteCollection");
      const owner = sheet();
      return owner === null ? null : { model: ctx._env.model, sheet: owner };
    });
    // The collection travels in the request even when nothing is loaded from it, so ApiNotFound surfaces at sync.
    this._trackNull("NoteCollection");
  }

  protected _list(scope: Scope): NoteModel[] {
    return notesOf(scope.model, scope.sheet);
  }

  protected _itemProxy(note: NoteModel): NoteProxy {
    return new NoteProxy(this._ctx, () => note);
  }

  /** The cell of an address or a Range: on Worksheet.notes "B2" is on that sheet; on Workbook.notes it needs one. */
  private _cell(scope: Scope, key: unknown, location: string): { sheet: SheetModel; rect: Rect } {
    let ref: { sheet: SheetModel; rect: Rect } | undefined;
    if (key instanceof RangeProxy) ref = key._require();
    else if (typeof key === "string") {
      const parsed = parseAddress(key);
      if (!parsed) throw invalidArgument(location);
      const sheet = parsed.sheet === undefined ? scope.sheet : scope.model.sheetByName(parsed.sheet);
      if (!sheet) throw parsed.sheet === undefined ? invalidArgument(location) : itemNotFound(location);
      ref = { sheet, rect: parsed.rect };
    }
    if (!ref || ref.rect.rows !== 1 || ref.rect.cols !== 1) throw invalidArgument(location);
    if (scope.sheet && ref.sheet !== scope.sheet) throw invalidArgument(location);
    return ref;
  }

  add(cellAddress: RangeProxy | string, content: string): NoteProxy {
    let created: NoteModel | undefined;
    this._call("add", [typeof cellAddress === "string" ? cellAddress : "range", content], (scope) => {
      const { sheet, rect } = this._cell(scope, cellAddress, "NoteCollection.add");
      if (typeof content !== "string") throw invalidArgument("NoteCollection.add");
      created = addNote(scope.model, sheet, rect.row, rect.col, content);
    });
    return new NoteProxy(this._ctx, () => {
      if (!created) throw itemNotFound("NoteCollection.add");
      return created;
    });
  }

  getCount(): ClientResult<number> {
    return this._callResult("getCount", [], (scope) => notesOf(scope.model, scope.sheet).length);
  }

  private _find(key: string, location: string): NoteModel | null {
    const scope = this._require();
    const { sheet, rect } = this._cell(scope, key, location);
    return noteAt(scope.model, sheet, rect.row, rect.col) ?? null;
  }

  getItem(key: string): NoteProxy {
    return new NoteProxy(this._ctx, () => {
      const note = this._find(key, "NoteCollection.getItem");
      if (!note) throw itemNotFound("NoteCollection.getItem");
      return note;
    });
  }

  getItemOrNullObject(key: string): NoteProxy {
    return new NoteProxy(this._ctx, () => this._find(key, "NoteCollection.getItemOrNullObject"))._trackNull(
      "NoteCollection.getItemOrNullObject",
    );
  }

  getItemAt(index: number): NoteProxy {
    return new NoteProxy(this._ctx, () => {
      const scope = this._require();
      const note = notesOf(scope.model, scope.sheet)[index];
      if (!note) throw itemNotFound("NoteCollection.getItemAt");
      return note;
    });
  }
}

export class NoteProxy extends FakeClientObject<NoteModel> {
  protected readonly _entity = "Note";
  protected readonly _scalars = ["content", "authorName"] as const;

  protected _get(note: NoteModel, prop: string): unknown {
    return prop === "content" ? note.content : note.authorName;
  }

  get content(): string {
    return this._read("content");
  }
  set content(value: string) {
    if (typeof value !== "string") throw invalidArgument("Note.content");
    this._write("content", value, (note) => {
      note.content = value;
      this._ctx._env.model.changed(note.sheet);
    });
  }

  get authorName(): string {
    return this._read("authorName");
  }

  getLocation(): RangeProxy {
    return new RangeProxy(this._ctx, () => {
      const note = this._require();
      return { sheet: note.sheet, rect: { row: note.row, col: note.col, rows: 1, cols: 1 } };
    });
  }

  delete(): void {
    this._call("delete", [], (note) => {
      note.deleted = true;
      this._ctx._env.model.changed(note.sheet);
    });
  }
}
