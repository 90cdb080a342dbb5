// A1 addresses as Excel reports them ("Sheet1!B3:D9", "'My Sheet'!A1"): split into sheet and zero-based indexes.

export interface Rect {
  row: number;
  column: number;
  rows: number;
  columns: number;
}

const CELL = /^\$?([A-Z]{1,3})\$?(\d+)$/i;

function cellIndexes(cell: string): { row: number; column: number } {
  const match = CELL.exec(cell.trim());
  if (!match) throw new Error(`"${cell}" is not a cell address such as B3.`);
  let column = 0;
  for (const letter of match[1].toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { row: Number(match[2]) - 1, column: column - 1 };
}

/** "Sheet1!B3:D9" → { sheet: "Sheet1", rect }; a sheet name in quotes has its doubled quotes undone. */
export function splitAddress(address: string): { sheet?: string; rect: Rect } {
  const bang = address.lastIndexOf("!");
  const rawSheet = bang >= 0 ? address.slice(0, bang) : undefined;
  const sheet = rawSheet?.startsWith("'") ? rawSheet.slice(1, -1).replace(/''/g, "'") : rawSheet;
  const [first, last = first] = address.slice(bang + 1).split(":");
  const a = cellIndexes(first);
  const b = cellIndexes(last);
  return {
    sheet,
    rect: {
      row: Math.min(a.row, b.row),
      column: Math.min(a.column, b.column),
      rows: Math.abs(a.row - b.row) + 1,
      columns: Math.abs(a.column - b.column) + 1,
    },
  };
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function quoteSheet(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

export function formatAddress(sheet: string, rect: Rect): string {
  const start = `${columnLetters(rect.column)}${rect.row + 1}`;
  const end = `${columnLetters(rect.column + rect.columns - 1)}${rect.row + rect.rows}`;
  return `${quoteSheet(sheet)}!${start === end ? start : `${start}:${end}`}`;
}

export function overlaps(a: Rect, b: Rect): boolean {
  return (
    a.row < b.row + b.rows &&
    b.row < a.row + a.rows &&
    a.column < b.column + b.columns &&
    b.column < a.column + a.columns
  );
}

/** The parts of `grown` outside `current` (below it and to its right), for checking what growing would cover. */
export function grownParts(current: Rect, grown: Rect): Rect[] {
  const parts: Rect[] = [];
  const currentBottom = current.row + current.rows;
  const grownBottom = grown.row + grown.rows;
  if (grownBottom > currentBottom) {
    parts.push({ row: currentBottom, column: grown.column, rows: grownBottom - currentBottom, columns: grown.columns });
  }
  const currentRight = current.column + current.columns;
  const grownRight = grown.column + grown.columns;
  if (grownRight > currentRight) {
    const rows = Math.min(currentBottom, grownBottom) - grown.row;
    if (rows > 0) parts.push({ row: grown.row, column: currentRight, rows, columns: grownRight - currentRight });
  }
  return parts;
}

/** The parts of `previous` no longer covered by `next` (same top-left), to clear after a table shrinks. */
export function shrunkParts(previous: Rect, next: Rect): Rect[] {
  return grownParts(next, previous);
}
