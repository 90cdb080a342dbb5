// Documents → a header row and value rows. Values stay JavaScript values (numbers, text, booleans, null); arrays
// become JSON text, because a cell holds one value and the JSON keeps what was there (a count would lose the
// entityIds of e.g. a site's competitorSites). Converting to what Excel stores (dates, empty cells) is excel-values.ts.
import { closeMatches, ColumnSet, UnknownColumnError } from "./columns";
import { excelTableOf, type ExcelTable } from "./excel-values";
import { ID_FIELDS, isRecord, resolveName, valueAtKeys } from "./paths";

export interface FlatTable {
  headers: string[];
  rows: unknown[][];
}

export interface FlattenOptions {
  /** Exactly these columns, in this order; `id.`/`data.` may be left out (resolved over id, then data). */
  columns?: readonly string[];
}

/**
 * Flattens documents into rows. Null entries in the list are skipped (Kalibrate's Python sample guards against
 * them). Throws UnknownColumnError when a requested column is in none of the documents and is a bare name or looks
 * like a typo of one they have (a full data.* path with no close match is an empty column); with no documents at
 * all, requested names cannot be checked and are only given their prefix.
 */
export function flatten(documents: readonly unknown[], options: FlattenOptions = {}): FlatTable {
  const { headers, present, paths } = plan(documents, options);
  const rows = present.map((document) => paths.map((keys) => cellValue(valueAtKeys(document, keys))));
  return { headers, rows };
}

/**
 * flatten and toExcelTable in one pass: each document's values are read and converted to Excel values at once, so a
 * large result is held as documents and as Excel rows, never also as an intermediate table.
 */
export function flattenToExcel(documents: readonly unknown[], options: FlattenOptions = {}): ExcelTable {
  const { headers, present, paths } = plan(documents, options);
  return excelTableOf(headers, present, (document, column) => cellValue(valueAtKeys(document, paths[column])));
}

function plan(documents: readonly unknown[], options: FlattenOptions) {
  const present = documents.filter(isRecord);
  const headers = options.columns ? selectColumns(options.columns, present) : new ColumnSet(present).columns();
  return { headers, present, paths: headers.map((header) => header.split(".")) };
}

/**
 * The requested columns as full paths. A path is looked for document by document until one has it (the first
 * usually does), so naming 10 columns of 100,000 documents does not walk every field of every document; the whole
 * column set is built only to suggest close matches for a name that is not there.
 */
function selectColumns(names: readonly string[], present: readonly Record<string, unknown>[]): string[] {
  const unchecked = present.length === 0;
  const seen = new Map<string, boolean>();
  const has = (path: string) => {
    let known = seen.get(path);
    if (known === undefined) {
      const keys = path.split(".");
      known = (keys[0] === "id" || keys[0] === "data") && present.some((document) => hasPath(document, keys));
      seen.set(path, known);
    }
    return known;
  };
  let columnSet: ColumnSet | undefined;
  return names.map((name) => {
    const trimmed = name.trim();
    if (unchecked) return uncheckedColumn(trimmed);
    const path = resolveName(trimmed, has);
    if (path !== undefined) return path;
    columnSet ??= new ColumnSet(present);
    return absentColumn(trimmed, columnSet);
  });
}

/**
 * The column for a requested name that no document has (`columnSet` holds every path the documents have): a fully
 * written path no document has is a field these documents leave out (Power Query shows null for it, and the tutorial
 * asks for data.name of own products), so it is an empty column; it is an error only when it looks like a typo of a
 * path they have (a close match of the same depth) or asks inside an object they have for a field it lacks.
 */
export function absentColumn(trimmed: string, columnSet: ColumnSet): string {
  const suggestions = closeMatches(trimmed, columnSet.allPaths());
  const keys = trimmed.split(".");
  const typo = suggestions.some((s) => s.split(".").length === keys.length);
  const insideKnownObject = keys.length > 2 && columnSet.has(keys.slice(0, -1).join("."));
  if (!typo && !insideKnownObject && /^(id|data)\./.test(trimmed) && plausible(trimmed)) return trimmed;
  throw new UnknownColumnError(trimmed, suggestions);
}

/** A requested name's column when there are no documents at all: only given its prefix. */
export function uncheckedColumn(trimmed: string): string {
  return resolveName(trimmed, plausible) ?? trimmed;
}

/** Whether `document` has the path (each step an object with that own key), as ColumnSet.has counts paths. */
export function hasPath(document: Record<string, unknown>, keys: readonly string[]): boolean {
  let current: unknown = document;
  for (const key of keys) {
    if (!isRecord(current) || !Object.prototype.hasOwnProperty.call(current, key)) return false;
    current = current[key];
  }
  return true;
}

export function cellValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value) || isRecord(value)) return JSON.stringify(value);
  return value;
}

/** Without documents every data path may exist, and the documented id fields do. */
function plausible(path: string): boolean {
  return path.startsWith("data.") || (ID_FIELDS as readonly string[]).includes(path.slice("id.".length));
}
