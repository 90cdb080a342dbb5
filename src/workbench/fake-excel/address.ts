// A1 addresses: parsing, formatting and the grid's limits. Rows and columns are zero-based inside the fake; text
// addresses are one-based as in Excel.

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A rectangle of cells, zero-based, never empty. */
export interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface ParsedAddress {
  sheet?: string;
  rect: Rect;
}

export function columnLetters(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Zero-based column index of "A".."XFD", or -1 when the letters name no column of the grid. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return -1;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n <= MAX_COLUMNS ? n - 1 : -1;
}

export const cellName = (row: number, col: number) => `${columnLetters(col)}${row + 1}`;

export function formatRect(rect: Rect): string {
  const wholeColumns = rect.row === 0 && rect.rows === MAX_ROWS;
  const wholeRows = rect.col === 0 && rect.cols === MAX_COLUMNS;
  if (wholeRows) return `${rect.row + 1}:${rect.row + rect.rows}`;
  if (wholeColumns) return `${columnLetters(rect.col)}:${columnLetters(rect.col + rect.cols - 1)}`;
  const first = cellName(rect.row, rect.col);
  return rect.rows === 1 && rect.cols === 1
    ? first
    : `${first}:${cellName(rect.row + rect.rows - 1, rect.col + rect.cols - 1)}`;
}

const PLAIN_SHEET_NAME = /^[\p{L}_][\p{L}\p{N}_.]*$/u;
const LOOKS_LIKE_REFERENCE = /^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*)$/;

/** Excel quotes a sheet name in an address when it is not a plain word, e.g. 'My Sheet'!A1. */
export function quoteSheetName(name: string): string {
  if (PLAIN_SHEET_NAME.test(name) && !LOOKS_LIKE_REFERENCE.test(name)) return name;
  return `'${name.replace(/'/g, "''")}'`;
}

export const qualify = (sheet: string, rect: Rect) => `${quoteSheetName(sheet)}!${formatRect(rect)}`;

/** Splits "Sheet1!A1", "'My Sheet'!A1:B2" or "A1" into the sheet name (unquoted) and the reference part. */
export function splitSheet(text: string): { sheet?: string; ref: string } | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("'")) {
    let i = 1;
    let name = "";
    while (i < trimmed.length) {
      if (trimmed[i] === "'") {
        if (trimmed[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += trimmed[i++];
    }
    if (trimmed[i] !== "'" || trimmed[i + 1] !== "!" || name === "") return undefined;
    return { sheet: name, ref: trimmed.slice(i + 2) };
  }
  const bang = trimmed.lastIndexOf("!");
  if (bang < 0) return { ref: trimmed };
  if (bang === 0) return undefined;
  return { sheet: trimmed.slice(0, bang), ref: trimmed.slice(bang + 1) };
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COLUMN = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

interface Corner {
  row?: number;
  col?: number;
}

function parseCorner(text: string): Corner | undefined {
  let m = CELL.exec(text);
  if (m) {
    const col = columnIndex(m[1]);
    const row = Number(m[2]) - 1;
    return col >= 0 && row >= 0 && row < MAX_ROWS ? { row, col } : undefined;
  }
  m = COLUMN.exec(text);
  if (m) {
    const col = columnIndex(m[1]);
    return col >= 0 ? { col } : undefined;
  }
  m = ROW.exec(text);
  if (m) {
    const row = Number(m[1]) - 1;
    return row >= 0 && row < MAX_ROWS ? { row } : undefined;
  }
  return undefined;
}

/** Parses the reference part of an address (no sheet); undefined when it is not a reference inside the grid. */
export function parseRef(ref: string): Rect | undefined {
  const parts = ref.trim().split(":");
  if (parts.length > 2 || parts[0] === "") return undefined;
  const a = parseCorner(parts[0]);
  const b = parts.length === 2 ? parseCorner(parts[1]) : a;
  if (!a || !b) return undefined;
  const aCell = a.row !== undefined && a.col !== undefined;
  const bCell = b.row !== undefined && b.col !== undefined;
  if (aCell && bCell) {
    const row = Math.min(a.row!, b.row!);
    const col = Math.min(a.col!, b.col!);
    return { row, col, rows: Math.abs(a.row! - b.row!) + 1, cols: Math.abs(a.col! - b.col!) + 1 };
  }
  if (parts.length !== 2) return undefined;
  if (a.row === undefined && b.row === undefined && a.col !== undefined && b.col !== undefined) {
    return { row: 0, col: Math.min(a.col, b.col), rows: MAX_ROWS, cols: Math.abs(a.col - b.col) + 1 };
  }
  if (a.col === undefined && b.col === undefined && a.row !== undefined && b.row !== undefined) {
    return { row: Math.min(a.row, b.row), col: 0, rows: Math.abs(a.row - b.row) + 1, cols: MAX_COLUMNS };
  }
  return undefined;
}

export function parseAddress(text: string): ParsedAddress | undefined {
  const split = splitSheet(text);
  if (!split) return undefined;
  const rect = parseRef(split.ref);
  return rect ? { sheet: split.sheet, rect } : undefined;
}

export const cellCount = (rect: Rect) => rect.rows * rect.cols;

export function intersects(a: Rect, b: Rect): boolean {
  return a.row < b.row + b.rows && b.row < a.row + a.rows && a.col < b.col + b.cols && b.col < a.col + a.cols;
}

export function intersection(a: Rect, b: Rect): Rect | undefined {
  const row = Math.max(a.row, b.row);
  const col = Math.max(a.col, b.col);
  const rowEnd = Math.min(a.row + a.rows, b.row + b.rows);
  const colEnd = Math.min(a.col + a.cols, b.col + b.cols);
  return rowEnd > row && colEnd > col ? { row, col, rows: rowEnd - row, cols: colEnd - col } : undefined;
}

export function contains(rect: Rect, row: number, col: number): boolean {
  return row >= rect.row && row < rect.row + rect.rows && col >= rect.col && col < rect.col + rect.cols;
}

export function boundingRect(a: Rect, b: Rect): Rect {
  const row = Math.min(a.row, b.row);
  const col = Math.min(a.col, b.col);
  const rowEnd = Math.max(a.row + a.rows, b.row + b.rows);
  const colEnd = Math.max(a.col + a.cols, b.col + b.cols);
  return { row, col, rows: rowEnd - row, cols: colEnd - col };
}

/** True when the rectangle lies inside the grid (1,048,576 rows × 16,384 columns). */
export function insideGrid(rect: Rect): boolean {
  return (
    rect.rows >= 1 &&
    rect.cols >= 1 &&
    rect.row >= 0 &&
    rect.col >= 0 &&
    rect.row + rect.rows <= MAX_ROWS &&
    rect.col + rect.cols <= MAX_COLUMNS
  );
}
