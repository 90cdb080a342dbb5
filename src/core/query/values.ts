// How a bare query value is read. Shared by the parser (type rules on the value) and by the sandbox (comparing the
// value with document properties), so both agree on what counts as a number or a date.

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;

/** A plain decimal number: `12`, `-3`, `1.459`. No exponents, no thousands separators. */
export function isNumberValue(text: string): boolean {
  return NUMBER.test(text);
}

/** A date value is what core/dates reads as one (the same rule as the cell writer and the functions' dates). */
export { parseIsoDate, isIsoDate as isIsoDateValue } from "../dates";

/** `true`/`false`, any case. */
export function parseBooleanValue(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
}
