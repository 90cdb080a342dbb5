// Every row checked before anything is sent: required fields, types, dates (Excel serials and text, read as UTC like
// every Kalibrate time), the documented length limits, sites and products resolved, duplicates within the range and
// prices outside a sane band. Each problem names the row, the field and what to do; valid rows become the records
// sent to Kalibrate.
import { ArgumentError, timeArgument } from "../functions/arguments";
import { groupBreakdowns, groupKey, type CheckedRow } from "./breakdown";
import { IMPORT_FIELDS, type FieldSpec, type ImportKind } from "./kinds";
import type { ColumnMapping } from "./mapping";
import type { SiteProductResolver } from "./resolve";

export interface BreakdownPart {
  name: string;
  value: number;
}

/** A record as Kalibrate receives it; only a cost breakdown's `breakdown` is a list. */
export type ImportRecord = Record<string, string | number | BreakdownPart[]>;

export interface Problem {
  /** Index of the data row in the source (0 = the first row under the headers). */
  row: number;
  field: string;
  /** Source column of the field, when it is mapped. */
  column?: number;
  reason: string;
}

export interface Band {
  min: number;
  max: number;
}

export interface ValidationOptions {
  /** Prices (and costs) outside this band are refused as typing mistakes. */
  priceBand?: Band;
}

/** A litre of road fuel in any currency Kalibrate's customers use stays well inside this. */
export const DEFAULT_PRICE_BAND: Band = { min: 0.05, max: 10 };

export interface Validation {
  kind: ImportKind;
  /** One per data row: the record to send, or undefined (invalid or blank). */
  records: Array<ImportRecord | undefined>;
  /** Rows that will be sent, in order. */
  validRows: number[];
  problems: Problem[];
  /** Rows with at least one problem. */
  invalidRows: number[];
  blankRows: number;
  /**
   * Cost breakdowns read one row per component: a record's row (its first) → every row it was made of, so a
   * rejected record's fix sheet holds all of them. Absent for one row per record.
   */
  groups?: Map<number, number[]>;
}

// Dates outside these years are typing mistakes (a price typed into the date column reads as 1900).
const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

const isBlank = (value: unknown) =>
  value === null || value === undefined || (typeof value === "string" && value.trim() === "");

function text(value: unknown): string {
  return typeof value === "number" ? String(value) : String(value).trim();
}

function readNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && DECIMAL.test(value.trim())) return Number(value.trim());
  return undefined;
}

function readDate(value: unknown): { iso?: string; reason?: string } {
  if (typeof value === "boolean") return { reason: "is TRUE/FALSE, not a date" };
  const input = typeof value === "string" ? value.trim().replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})/, "$1T$2") : value;
  let ms: number;
  try {
    ms = timeArgument("date", input);
  } catch (error) {
    if (error instanceof ArgumentError) {
      return {
        reason: `"${text(value)}" is not a date: use an Excel date or text such as 2025-06-01 or 2025-06-01 08:00 (UTC)`,
      };
    }
    throw error;
  }
  if (!(ms >= EARLIEST && ms < LATEST))
    return { reason: `${text(value)} is not a plausible date (before 1990 or after 2099)` };
  return { iso: new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z") };
}

function checkField(spec: FieldSpec, value: unknown, band: Band): { value?: string | number; reason?: string } {
  switch (spec.type) {
    case "number": {
      const number = readNumber(value);
      if (number === undefined) return { reason: `${spec.label} "${text(value)}" is not a number` };
      // A component may be a rebate (negative) or a fraction of a penny: only the cost it adds up to is banded.
      if (spec.part === "value") return { value: number };
      if (spec.name === "volume") {
        return number < 0 ? { reason: `${spec.label} ${number} is negative` } : { value: number };
      }
      if (number < band.min || number > band.max) {
        return {
          reason: `${spec.label} ${number} is outside the sane band ${band.min}–${band.max}; check the decimal point`,
        };
      }
      return { value: number };
    }
    case "date": {
      const date = readDate(value);
      return date.reason ? { reason: `${spec.label} ${date.reason}` } : { value: date.iso };
    }
    case "currency": {
      const code = text(value).toUpperCase();
      if (!/^[A-Z]{3}$/.test(code))
        return { reason: `${spec.label} "${text(value)}" must be a three-letter ISO code such as GBP` };
      return { value: code };
    }
    default: {
      if (typeof value === "boolean") return { reason: `${spec.label} is TRUE/FALSE, not text` };
      const string = text(value);
      if (spec.maxLength !== undefined && spec.type === "text" && string.length > spec.maxLength) {
        return {
          reason: `${spec.label} is ${string.length} characters long; Kalibrate takes at most ${spec.maxLength}`,
        };
      }
      return { value: string };
    }
  }
}

export function validateRows(
  kind: ImportKind,
  rows: readonly (readonly unknown[])[],
  mapping: ColumnMapping,
  resolve: SiteProductResolver,
  options: ValidationOptions = {},
): Validation {
  const band = options.priceBand ?? DEFAULT_PRICE_BAND;
  const specs = IMPORT_FIELDS[kind];
  const records: Array<ImportRecord | undefined> = new Array(rows.length);
  const problems: Problem[] = [];
  const validRows: number[] = [];
  const invalidRows: number[] = [];
  const seen = new Map<string, number>();
  let blankRows = 0;
  // Cost breakdowns with component columns: rows are checked one by one here, then gathered into records.
  const byComponent = specs.some((spec) => spec.part !== undefined && mapping[spec.name] !== undefined);
  const checked: CheckedRow[] = [];
  const poisoned = new Map<string, number>();
  const keyFields = new Set(["siteID", "productCode", "effectiveTime"]);

  rows.forEach((row, index) => {
    const cells = specs.map((spec) => (mapping[spec.name] === undefined ? undefined : row[mapping[spec.name]!]));
    if (cells.every(isBlank)) {
      blankRows++;
      return;
    }
    const found: Problem[] = [];
    const record: ImportRecord = {};
    specs.forEach((spec, i) => {
      const value = cells[i];
      const column = mapping[spec.name];
      if (isBlank(value)) {
        // On a component row the cost may stand on another row of the same breakdown (checked when grouping).
        if (spec.required && !(byComponent && !keyFields.has(spec.name)))
          found.push({ row: index, field: spec.name, column, reason: `${spec.label} is required` });
        return;
      }
      const checked = checkField(spec, value, band);
      if (checked.reason) found.push({ row: index, field: spec.name, column, reason: checked.reason });
      else record[spec.name] = checked.value!;
    });
    const siteKey = record.siteID;
    const productKey = record.productCode;
    if (typeof siteKey === "string" && typeof productKey === "string" && siteKey.length > 0) {
      const resolved = resolve(siteKey, productKey);
      if (resolved.ok) {
        record.siteID = resolved.siteID;
        record.productCode = resolved.productCode;
      } else {
        found.push({ row: index, field: resolved.field, column: mapping[resolved.field], reason: resolved.reason });
      }
    }
    if (byComponent) {
      if (found.length === 0) checked.push({ row: index, record });
      else {
        if (record.effectiveTime !== undefined && !found.some((p) => keyFields.has(p.field))) {
          const key = groupKey(record);
          if (!poisoned.has(key)) poisoned.set(key, index);
        }
        problems.push(...found);
        invalidRows.push(index);
      }
      return;
    }
    if (found.length === 0) {
      const key = `${record.siteID}\u0000${record.productCode}\u0000${record.effectiveTime}`;
      const first = seen.get(key);
      if (first !== undefined) {
        found.push({
          row: index,
          field: "effectiveTime",
          column: mapping.effectiveTime,
          reason: `Duplicate of data row ${first + 1}: the same site, product and effective time`,
        });
      } else seen.set(key, index);
    }
    if (found.length > 0) {
      problems.push(...found);
      invalidRows.push(index);
      return;
    }
    records[index] = record;
    validRows.push(index);
  });
  if (!byComponent) return { kind, records, validRows, problems, invalidRows, blankRows };
  const grouped = groupBreakdowns(checked, mapping, poisoned);
  for (const [row, record] of grouped.records) {
    records[row] = record;
    validRows.push(...grouped.groups.get(row)!);
  }
  problems.push(...grouped.problems);
  invalidRows.push(...grouped.invalidRows);
  const ascending = (a: number, b: number) => a - b;
  problems.sort((a, b) => a.row - b.row);
  return {
    kind,
    records,
    validRows: validRows.sort(ascending),
    problems,
    invalidRows: invalidRows.sort(ascending),
    blankRows,
    groups: grouped.groups,
  };
}

/** Problems grouped by row, for messages and the fix sheet. */
export function reasonsByRow(problems: readonly Problem[]): Map<number, string[]> {
  const byRow = new Map<number, string[]>();
  for (const problem of problems) {
    const list = byRow.get(problem.row) ?? [];
    list.push(problem.reason);
    byRow.set(problem.row, list);
  }
  return byRow;
}
