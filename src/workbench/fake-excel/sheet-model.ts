// A worksheet of the in-memory workbook: its sparse cells, its place among the sheets and its selection, and the rule
// Excel applies to a sheet's name.

import type { Rect } from "./address";
import { ErrorCodes, invalidArgument, Messages, officeError } from "./errors";
import { SheetCells } from "./sheet-cells";

export class SheetModel {
  readonly cells = new SheetCells();
  deleted = false;
  selection: Rect = { row: 0, col: 0, rows: 1, cols: 1 };

  constructor(
    readonly id: string,
    public name: string,
    public position: number,
  ) {}
}

const INVALID_SHEET_CHARS = /[:\\/?*[\]]/;

/** Excel's rule for a sheet name; `clash` is the sheet that already has this name, if any. */
export function checkSheetName(name: string, clash: SheetModel | undefined, except?: SheetModel): void {
  if (
    typeof name !== "string" ||
    name.trim() === "" ||
    name.length > 31 ||
    INVALID_SHEET_CHARS.test(name) ||
    name.startsWith("'") ||
    name.endsWith("'") ||
    name.toLowerCase() === "history"
  ) {
    throw invalidArgument(
      undefined,
      "The worksheet name is not valid: use 1 to 31 characters, none of : \\ / ? * [ ], and no leading or trailing apostrophe.",
    );
  }
  if (clash && clash !== except) throw officeError(ErrorCodes.itemAlreadyExists, Messages.itemAlreadyExists);
}

/** Worksheet ids look like Excel's: a GUID that counts up. */
export function sheetId(n: number): string {
  const hex = (v: number, width: number) => v.toString(16).toUpperCase().padStart(width, "0");
  return `{${hex(n, 8)}-${hex(1, 4)}-0000-C000-000000000046}`;
}
