// flattenToExcel one page at a time: each page of documents becomes Excel rows as it arrives and can then be dropped,
// so a large read is held once (as rows), not as documents and then rows. The result is the one flattenToExcel gives
// for all the pages together: the same column resolution, the same conversion, the same date columns.
//
// What a page cannot know yet, and how it is settled:
// - Named columns: a bare name resolves over id, then data, by which paths *some* document has. A path first seen
//   on a later page can move a name from "no document has it" (its cells so far are empty, as they would be) or
//   from data.X to id.X (its cells so far are emptied, since none of those documents had id.X). Whether a name no
//   document has is an error (with suggestions) is decided after the last page.
// - Discovered columns (none named): a field first seen on a later page adds a column; rows of earlier pages get an
//   empty cell there, and at the end the columns are put in the order ColumnSet gives for all the documents. One
//   case differs from flattenToExcel: a path that was a non-empty object in an earlier page and becomes a column only
//   through a plain value in a later page shows empty cells, not the object's JSON, in the earlier rows (Kalibrate's
//   documents keep one type per field).
import { ColumnSet } from "./columns";
import { ExcelRowBuilder, type ExcelTable, type ExcelValue } from "./excel-values";
import { absentColumn, cellValue, hasPath, uncheckedColumn, type FlattenOptions } from "./flatten";
import { isRecord, resolveName, valueAtKeys } from "./paths";

export class ExcelPageFlattener {
  readonly #names: readonly string[] | undefined;
  readonly #builder = new ExcelRowBuilder();
  /** Column → the path its cells are read from (named columns; undefined while no document has the name). */
  readonly #resolved: (string | undefined)[] = [];
  readonly #keys: (string[] | undefined)[] = [];
  /** Paths some document so far has. */
  readonly #known = new Set<string>();
  /** Every path of every document, kept only while a named column is unresolved, or for discovered columns. */
  #columnSet: ColumnSet | undefined;
  /** Discovered columns: path → its slot in the rows being built (slots only grow; the order is settled at the end). */
  readonly #slots = new Map<string, number>();
  readonly #slotKeys: string[][] = [];
  #documents = 0;
  #finished = false;

  constructor(options: FlattenOptions = {}) {
    this.#names = options.columns?.map((name) => name.trim());
    if (this.#names) this.#names.forEach(() => (this.#resolved.push(undefined), this.#keys.push(undefined)));
    else this.#columnSet = new ColumnSet();
  }

  /** Converts one page (in page order); null entries are skipped as flatten skips them. */
  add(documents: readonly unknown[]): void {
    if (this.#finished) throw new Error("This table is finished: no more pages can be added.");
    let present = 0;
    for (const document of documents) if (isRecord(document)) present += 1;
    if (present === 0) return;
    this.#documents += present;
    if (this.#names) this.#addNamed(documents);
    else this.#addDiscovered(documents);
  }

  /** The table of every page added; throws UnknownColumnError as flattenToExcel does. */
  finish(): ExcelTable {
    this.#finished = true;
    const builder = this.#builder;
    if (this.#names) {
      const headers = this.#names.map((name, column) => {
        if (this.#documents === 0) return uncheckedColumn(name);
        return this.#resolved[column] ?? absentColumn(name, this.#columnSet!);
      });
      return { headers, rows: builder.rows, dateColumns: builder.dateColumns(headers) };
    }
    const headers = this.#columnSet!.columns();
    const order = headers.map((path) => this.#slots.get(path)!);
    const slotCount = this.#slotKeys.length;
    const inPlace = order.length === slotCount && order.every((slot, index) => slot === index);
    const rows = builder.rows;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (inPlace) {
        while (row.length < slotCount) row.push("");
      } else {
        const ordered = new Array<ExcelValue>(order.length);
        for (let c = 0; c < order.length; c++) ordered[c] = order[c] < row.length ? row[order[c]] : "";
        rows[r] = ordered;
      }
    }
    const dateColumns = headers.flatMap((header, index) => {
      const date = builder.dateColumn(order[index]);
      return date ? [{ index, header, hasTime: date.hasTime }] : [];
    });
    return { headers, rows, dateColumns };
  }

  #addNamed(documents: readonly unknown[]): void {
    const names = this.#names!;
    const known = this.#known;
    const has = (path: string) => {
      if (known.has(path)) return true;
      const keys = path.split(".");
      const found =
        (keys[0] === "id" || keys[0] === "data") &&
        documents.some((document) => isRecord(document) && hasPath(document, keys));
      if (found) known.add(path);
      return found;
    };
    let unresolved = false;
    for (let column = 0; column < names.length; column++) {
      const path = resolveName(names[column], has);
      const before = this.#resolved[column];
      if (path !== before) {
        // Rows so far were read from `before`; none of their documents had `path`, so their cells are empty.
        if (before !== undefined) this.#builder.clearColumn(column);
        this.#resolved[column] = path;
        this.#keys[column] = path?.split(".");
      }
      if (path === undefined) unresolved = true;
    }
    // Suggestions for a name no document has need every path of every page; once every name resolves they are not
    // needed (a name never becomes unresolved again), so the set is built only while some name is missing.
    if (unresolved) (this.#columnSet ??= new ColumnSet()).add(documents);
    else this.#columnSet = undefined;
    const keys = this.#keys;
    const width = names.length;
    const cell = (document: Record<string, unknown>, column: number) => {
      const path = keys[column];
      return path === undefined ? null : cellValue(valueAtKeys(document, path));
    };
    for (const document of documents) if (isRecord(document)) this.#builder.add(document, width, cell);
  }

  #addDiscovered(documents: readonly unknown[]): void {
    const columnSet = this.#columnSet!;
    columnSet.add(documents);
    for (const path of columnSet.columns()) {
      if (this.#slots.has(path)) continue;
      this.#slots.set(path, this.#slotKeys.length);
      this.#slotKeys.push(path.split("."));
    }
    const slotKeys = this.#slotKeys;
    const width = slotKeys.length;
    const cell = (document: Record<string, unknown>, slot: number) => cellValue(valueAtKeys(document, slotKeys[slot]));
    for (const document of documents) if (isRecord(document)) this.#builder.add(document, width, cell);
  }
}
