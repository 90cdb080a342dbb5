// How a bare query value is read. Shared by the parser (type rules on the value) and by the sandbox (comparing the
// value with document properties), so both agree on what counts as a number or a date.

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A plain decimal number: `12`, `-3`, `1.459`. No exponents, no thousands separators. */
export function isNumberValue(text: string): boolean {
  return NUMBER.test(text);
}

/**
 * Milliseconds since the epoch for an ISO-8601 date (`2020-06-01`, midnight UTC) or date-time (`2020-06-01T10:30`,
 * `…:00Z`, `…+01:00`; no zone means UTC), or undefined when the text is not one or names an impossible day.
 */
export function parseIsoDate(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((part) =>
    part === undefined ? undefined : Number(part),
  ) as number[];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  let time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (new Date(time).getUTCDate() !== day) return undefined; // 2021-02-30 rolls over into March: not a real day
  const zone = m[8];
  if (zone && zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (offsetMinutes > 14 * 60) return undefined;
    time -= sign * offsetMinutes * 60_000;
  }
  return time;
}

export function isIsoDateValue(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

/** `true`/`false`, any case. */
export function parseBooleanValue(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
}
