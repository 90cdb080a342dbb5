// Argument checks for the KALIBRATE functions. Excel passes omitted optional arguments as null, ranges as 2-D arrays
// and dates as serial numbers; each check turns what arrived into what the function needs or says what to type.

import { COLLECTIONS } from "../core/catalogue";
import { parseIsoDate, timeOfExcelSerial } from "../core/dates";

export class ArgumentError extends Error {
  override name = "ArgumentError";
}

const REFERENCE_TYPE = /^reference\/([A-Za-z]+)$/i;

export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

export function requiredText(name: string, value: unknown, example: string): string {
  if (isBlank(value)) throw new ArgumentError(`${name} is required, for example ${example}.`);
  if (typeof value !== "string" && typeof value !== "number") {
    throw new ArgumentError(`${name} must be text, for example ${example}.`);
  }
  return String(value).trim();
}

export function optionalText(value: unknown): string {
  return isBlank(value) ? "" : String(value).trim();
}

/** The collection path the API expects: "Price" → "price", "reference/Brand" → "reference/brand". */
export function collectionPath(value: unknown): string {
  const text = requiredText("collection", value, '"Price" or "reference/brand"');
  const reference = REFERENCE_TYPE.exec(text);
  if (reference) return `reference/${reference[1].toLowerCase()}`;
  const known = COLLECTIONS.find((c) => c.toLowerCase() === text.toLowerCase());
  if (!known) {
    throw new ArgumentError(
      `"${text}" is not a Kalibrate collection: use ${COLLECTIONS.join(", ")}, or reference/<type> such as reference/brand.`,
    );
  }
  return known.toLowerCase();
}

/** Columns as a comma list ("id.entityId, data.name") or a range of names; empty means every column. */
export function columnList(value: unknown): string[] | undefined {
  const cells = Array.isArray(value) ? value.flat(2) : [value];
  const names = cells
    .filter((cell) => !isBlank(cell))
    .flatMap((cell) => String(cell).split(","))
    .map((name) => name.trim())
    .filter((name) => name !== "");
  return names.length > 0 ? names : undefined;
}

export function optionalBoolean(name: string, value: unknown, fallback: boolean): boolean {
  const single = Array.isArray(value) ? value.flat(2)[0] : value;
  if (isBlank(single)) return fallback;
  if (typeof single === "boolean") return single;
  if (typeof single === "number") return single !== 0;
  if (/^(true|false)$/i.test(String(single))) return String(single).toLowerCase() === "true";
  throw new ArgumentError(`${name} must be TRUE or FALSE.`);
}

/** A point in time from an Excel date (serial number, read as UTC like every Kalibrate time) or ISO text. */
export function timeArgument(name: string, value: unknown, fallback?: number): number {
  if (isBlank(value)) {
    if (fallback !== undefined) return fallback;
    throw new ArgumentError(`${name} is required: a date such as DATE(2024,1,31) or "2024-01-31".`);
  }
  if (typeof value === "number" && Number.isFinite(value)) return timeOfExcelSerial(value);
  const text = String(value).trim();
  const ms = parseIsoDate(text);
  if (ms === undefined) {
    throw new ArgumentError(`${name} "${text}" is not a date: use an Excel date or "2024-01-31" / "2024-01-31T08:00".`);
  }
  return ms;
}
