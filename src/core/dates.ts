// What a date is, once for the whole add-in and the sandbox: the query checker (core/query), the cell writer
// (core/table/excel-values) and the functions' date arguments (functions/arguments) all read dates here, so they
// cannot disagree. The rule: every time is UTC. Kalibrate's timestamps are UTC ISO-8601 and an Excel cell has no time
// zone, so a date-time without a zone is read as UTC, one with an offset is converted to UTC, and an Excel serial is
// the serial of the UTC wall-clock time (1900 date system).

/** Excel's serial number of 1970-01-01 (1900 date system). */
export const EXCEL_EPOCH_SERIAL = 25_569;
export const MS_PER_DAY = 86_400_000;

/** The largest offset a real time zone has (UTC+14:00, Line Islands); anything further is a typo. */
const MAX_OFFSET_MINUTES = 14 * 60;

// YYYY-MM-DD, optionally a time (T or a space, hh:mm, :ss, a fraction of up to 9 digits) and a zone (Z, ±hh,
// ±hh:mm or ±hhmm).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

export interface IsoTime {
  /** Milliseconds since 1970-01-01T00:00Z. */
  ms: number;
  /** Whether the text carried a time of day (a date alone is midnight UTC). */
  hasTime: boolean;
}

/**
 * An ISO-8601 date (`2020-06-01`, midnight UTC) or date-time (`2020-06-01T10:30`, `… 10:30`, `…:00Z`, `…+01:00`; no
 * zone means UTC), or undefined when the text is not one or names an impossible day (2021-02-30) or time (24:00).
 */
export function readIsoTime(text: string): IsoTime | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const month = Number(mo);
  const day = Number(d);
  const hours = h === undefined ? 0 : Number(h);
  const minutes = mi === undefined ? 0 : Number(mi);
  const seconds = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const offset = offsetMinutes(zone);
  if (offset === undefined) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), month - 1, day); // unlike Date.UTC, keeps years below 100 as written
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined; // 2021-02-30 rolls over
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const ms = date.getTime() + ((hours * 60 + minutes - offset) * 60 + seconds) * 1000 + millis;
  return { ms, hasTime: h !== undefined };
}

/** Milliseconds since the epoch of an ISO date or date-time (see readIsoTime), or undefined. */
export function parseIsoDate(text: string): number | undefined {
  return readIsoTime(text)?.ms;
}

export function isIsoDate(text: string): boolean {
  return readIsoTime(text) !== undefined;
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0");
  return minutes > MAX_OFFSET_MINUTES ? undefined : sign * minutes;
}

/** The Excel serial of a time (fractional days since Excel's epoch, UTC). */
export function excelSerialOf(ms: number): number {
  return ms / MS_PER_DAY + EXCEL_EPOCH_SERIAL;
}

/** The time an Excel serial stands for, read as UTC, to the millisecond. */
export function timeOfExcelSerial(serial: number): number {
  return Math.round((serial - EXCEL_EPOCH_SERIAL) * MS_PER_DAY);
}
