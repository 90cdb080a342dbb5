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
  const ms = isoTimeMs(text);
  return Number.isNaN(ms) ? undefined : { ms, hasTime: hasTimeOfDay(text) };
}

/** Whether a text isoTimeMs accepted carries a time of day: whatever follows the ten characters of its date is one. */
export function hasTimeOfDay(acceptedDate: string): boolean {
  return acceptedDate.length > 10;
}

const COLON = 58;
const DASH = 45;
const PLUS = 43;

/**
 * readIsoTime's milliseconds, NaN when the text is not a date, for callers that read a million cells (no object, no
 * Date, no regex per value). The grammar: YYYY-MM-DD, optionally a time (T or a space, hh:mm, :ss, a fraction of up
 * to 9 digits) and a zone (Z, ±hh, ±hh:mm or ±hhmm). A digit that is not one makes its field NaN, which every range
 * check below refuses.
 */
export function isoTimeMs(text: string): number {
  const length = text.length;
  if (length < 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return NaN;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (!(year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return NaN;
  let minutesOfDay = 0;
  let seconds = 0;
  let millis = 0;
  let at = 10;
  if (at < length) {
    const separator = text.charCodeAt(at);
    if ((separator !== 84 && separator !== 32) || text.charCodeAt(at + 3) !== COLON) return NaN; // T or space
    const hours = twoDigits(text, at + 1);
    const minutes = twoDigits(text, at + 4);
    if (!(hours <= 23 && minutes <= 59)) return NaN;
    at += 6;
    if (text.charCodeAt(at) === COLON) {
      seconds = twoDigits(text, at + 1);
      if (!(seconds <= 59)) return NaN;
      at += 3;
      if (text.charCodeAt(at) === 46) {
        // .fraction: 1 to 9 digits, to the millisecond as readIsoTime always read it
        const from = at + 1;
        at = from;
        while (isDigit(text.charCodeAt(at))) at++;
        if (at === from || at - from > 9) return NaN;
        millis = Math.floor(Number(`0.${text.slice(from, at)}`) * 1000);
      }
    }
    const offset = zoneMinutes(text, at);
    if (Number.isNaN(offset)) return NaN;
    minutesOfDay = hours * 60 + minutes - offset;
  }
  return daysFromCivil(year, month, day) * MS_PER_DAY + (minutesOfDay * 60 + seconds) * 1000 + millis;
}

/** The zone that ends a date-time at `at` (nothing or Z: UTC; ±hh, ±hh:mm, ±hhmm), in minutes east; NaN if none. */
function zoneMinutes(text: string, at: number): number {
  const length = text.length;
  if (at === length) return 0;
  const sign = text.charCodeAt(at);
  if (sign === 90) return at + 1 === length ? 0 : NaN; // Z
  if (sign !== PLUS && sign !== DASH) return NaN;
  const hours = twoDigits(text, at + 1);
  let minutes = 0;
  let end = at + 3;
  if (end < length) {
    if (text.charCodeAt(end) === COLON) end++;
    minutes = twoDigits(text, end);
    end += 2;
  }
  if (end !== length) return NaN;
  const total = hours * 60 + minutes; // the minutes are not checked against 59, as readIsoTime never did
  if (!(total <= MAX_OFFSET_MINUTES)) return NaN;
  return sign === DASH ? -total : total;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The number two ASCII digits at `at` spell, NaN when either is not a digit (or past the end). */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at);
  const ones = text.charCodeAt(at + 1);
  return isDigit(tens) && isDigit(ones) ? (tens - 48) * 10 + (ones - 48) : NaN;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of the proleptic Gregorian calendar, as Date counts them (year 0 is a leap year). */
function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

/** Days from 1970-01-01 to a proleptic Gregorian date, years 0 to 9999 (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Milliseconds since the epoch of an ISO date or date-time (see readIsoTime), or undefined. */
export function parseIsoDate(text: string): number | undefined {
  return readIsoTime(text)?.ms;
}

export function isIsoDate(text: string): boolean {
  return readIsoTime(text) !== undefined;
}

/** The Excel serial of a time (fractional days since Excel's epoch, UTC). */
export function excelSerialOf(ms: number): number {
  return ms / MS_PER_DAY + EXCEL_EPOCH_SERIAL;
}

/** The time an Excel serial stands for, read as UTC, to the millisecond. */
export function timeOfExcelSerial(serial: number): number {
  return Math.round((serial - EXCEL_EPOCH_SERIAL) * MS_PER_DAY);
}
