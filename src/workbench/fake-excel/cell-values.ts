// What a cell holds and how Excel reads input into it. Excel parses text written through `values` (or typed) the way
// it parses typing: "=…" is a formula, "123" a number, "TRUE" a boolean, "2024-01-31" a date serial, "'00123" the text
// "00123". Reproducing this keeps add-in code honest about leading zeros and look-alike numbers.

export type CellScalar = string | number | boolean;

export interface CellError {
  /** Excel's error text, e.g. "#N/A", "#VALUE!", "#BUSY!", "#SPILL!". */
  code: string;
  message?: string;
}

export type CellInput = { formula: string } | { value: CellScalar; numberFormat?: string };

export const TEXT_FORMAT = "@";
export const GENERAL = "General";

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;
const PERCENT = /^([+-]?(\d+\.?\d*|\.\d+))%$/;
const ISO_DATE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** The Excel serial number of a calendar date and time (1900 date system, as Excel for the web uses). */
export function dateToSerial(year: number, month: number, day: number, h = 0, m = 0, s = 0): number {
  return (Date.UTC(year, month - 1, day, h, m, s) - EXCEL_EPOCH_MS) / 86_400_000;
}

function parseDate(text: string): CellInput | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || year < 1900) return undefined;
  if (m[4] === undefined) return { value: dateToSerial(year, month, day), numberFormat: "m/d/yyyy" };
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return undefined;
  return { value: dateToSerial(year, month, day, h, min, s), numberFormat: "m/d/yyyy h:mm" };
}

function parseText(text: string): CellInput {
  if (text.length > 1 && text.startsWith("=")) return { formula: text };
  if (text.startsWith("'")) return { value: text.slice(1) };
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) return { value: Number(trimmed) };
  if (GROUPED_NUMBER.test(trimmed)) return { value: Number(trimmed.replace(/,/g, "")), numberFormat: "#,##0" };
  const percent = PERCENT.exec(trimmed);
  if (percent) return { value: Number(percent[1]) / 100, numberFormat: "0%" };
  const upper = trimmed.toUpperCase();
  if (upper === "TRUE" || upper === "FALSE") return { value: upper === "TRUE" };
  const date = parseDate(trimmed);
  if (date) return date;
  // Excel reads a leading sign as the start of a formula: "-abc" becomes =-abc.
  if (text.length > 1 && (text.startsWith("+") || text.startsWith("-"))) return { formula: `=${text}` };
  return { value: text };
}

/**
 * Reads one input the way Excel reads a value written to a cell; undefined means "leave the cell as it is" (Excel
 * ignores null entries, and NaN or Infinity travel as null on the wire).
 */
export function interpretInput(input: unknown, currentFormat: string): CellInput | undefined {
  if (input === null || input === undefined) return undefined;
  if (typeof input === "number") return Number.isFinite(input) ? { value: input } : undefined;
  if (typeof input === "boolean") return { value: input };
  if (input instanceof Date) return parseText(input.toJSON());
  const text = typeof input === "string" ? input : String(input);
  if (currentFormat === TEXT_FORMAT) return { value: text };
  return parseText(text);
}

/** What plainValue returns for an input only interpretInput can read. */
export const NEEDS_READING: unique symbol = Symbol("needs reading");

/**
 * The value a cell takes from an input that Excel stores without a number format, or NEEDS_READING when only
 * interpretInput can tell: a finite number or a boolean is itself; text in a Text-formatted cell, text after an
 * apostrophe, and text starting with a letter other than T or F (no number, percent, date, TRUE/FALSE, formula or
 * sign starts so, trimmed or not) are text. interpretInput gives these inputs the same value; this spares the
 * CellInput object per cell of a large write, whose cells are mostly such inputs.
 */
export function plainValue(input: unknown, currentFormat: string): CellScalar | typeof NEEDS_READING {
  if (typeof input === "number") return Number.isFinite(input) ? input : NEEDS_READING;
  if (typeof input === "boolean") return input;
  if (typeof input !== "string") return NEEDS_READING;
  if (currentFormat === TEXT_FORMAT) return input;
  const first = input.charCodeAt(0);
  if (first === 39) return input.slice(1); // '
  const letter = first | 0x20; // A-Z → a-z
  if (letter >= 97 && letter <= 122 && letter !== 116 && letter !== 102) return input; // a-z but t, f
  return NEEDS_READING;
}

export type RangeValueType = "Empty" | "String" | "Double" | "Boolean" | "Error";

export function valueType(value: CellScalar, error?: CellError): RangeValueType {
  if (error) return "Error";
  if (value === "") return "Empty";
  if (typeof value === "number") return "Double";
  if (typeof value === "boolean") return "Boolean";
  return "String";
}
