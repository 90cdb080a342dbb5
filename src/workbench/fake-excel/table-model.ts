// An Excel table of the in-memory workbook: its rectangle (header row included), columns with stable ids, and the
// rules Excel applies to a table's name and header cells.

import type { Rect } from "./address";
import { invalidArgument } from "./errors";
import type { SheetModel } from "./sheet-model";

export interface TableColumnModel {
  id: number;
  name: string;
}

export class TableModel {
  deleted = false;
  style = "TableStyleMedium2";
  columns: TableColumnModel[] = [];

  constructor(
    readonly id: string,
    public name: string,
    public sheet: SheetModel,
    public rect: Rect,
  ) {}

  get dataRows(): number {
    return this.rect.rows - 1;
  }

  get headerRect(): Rect {
    return { ...this.rect, rows: 1 };
  }

  get bodyRect(): Rect {
    return { ...this.rect, row: this.rect.row + 1, rows: this.rect.rows - 1 };
  }
}

const TABLE_NAME = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;
const REFERENCE_LIKE = /^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|[RrCc])$/;

/** Excel's rule for a table name; `clash` is the table that already has this name, if any. */
export function checkTableName(name: string, table: TableModel, clash: TableModel | undefined): void {
  if (
    typeof name !== "string" ||
    !TABLE_NAME.test(name) ||
    REFERENCE_LIKE.test(name) ||
    name.length > 255 ||
    (clash && clash !== table)
  ) {
    throw invalidArgument(
      "Table.name",
      "The table name is not valid: start with a letter or underscore, use no spaces, and pick a name that is not a cell reference or already used in the workbook.",
    );
  }
}

/**
 * Names header cells in order (the `c`th from its text): blanks become ColumnN and duplicates (any case) get a number.
 */
export function headerNamer(): (text: string, c: number) => string {
  const seen = new Set<string>();
  return (text, c) => {
    let name = text;
    if (name === "") {
      let n = c + 1;
      while (seen.has(`column${n}`)) n++;
      name = `Column${n}`;
    }
    if (seen.has(name.toLowerCase())) {
      let n = 2;
      while (seen.has(`${name}${n}`.toLowerCase())) n++;
      name = `${name}${n}`;
    }
    seen.add(name.toLowerCase());
    return name;
  };
}

/** Columns keep their identity (and id) across renames and resizes; new ones get fresh ids. */
export function renameColumns(table: TableModel, names: string[]): void {
  let nextId = Math.max(0, ...table.columns.filter(Boolean).map((col) => col.id)) + 1;
  table.columns = names.map((name, i) => {
    const column = table.columns[i] ?? { id: nextId++, name };
    column.name = name;
    return column;
  });
}
