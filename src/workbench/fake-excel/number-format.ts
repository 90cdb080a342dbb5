// Range.text: a cell's value as Excel displays it under its number format. Covers General, fixed decimals, thousands
// separators, percentages, text (@), quoted literals and date/time codes; enough for what add-ins write.

import { GENERAL, TEXT_FORMAT, type CellError, type CellScalar } from "./cell-values";

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function general(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e11) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e11 || abs < 1e-9)) {
    const [mantissa, exponent] = value.toExponential(5).split("e");
    const digits = mantissa.replace(/\.?0+$/, "");
    const sign = exponent.startsWith("-") ? "-" : "+";
    return `${digits}E${sign}${exponent.replace(/^[+-]/, "").padStart(2, "0")}`;
  }
  return String(Number(value.toPrecision(10)));
}

function stripLiterals(section: string): { pattern: string; literals: string } {
  let pattern = "";
  let literals = "";
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      literals += section.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? section.length : end;
    } else if (ch === "\\" && i + 1 < section.length) {
      literals += section[++i];
    } else if (ch === "[") {
      const end = section.indexOf("]", i);
      i = end < 0 ? section.length : end;
    } else if (ch === "_" || ch === "*") {
      i++;
    } else {
      pattern += ch;
    }
  }
  return { pattern, literals };
}

function numeric(value: number, section: string): string {
  const { pattern } = stripLiterals(section);
  const percent = pattern.includes("%");
  const scaled = percent ? value * 100 : value;
  const dot = pattern.indexOf(".");
  const decimals = dot < 0 ? 0 : (pattern.slice(dot + 1).match(/[0#?]/g) ?? []).length;
  const grouped = /[0#?],[0#?]/.test(pattern);
  const fixed = Math.abs(scaled).toFixed(decimals);
  const [int, frac] = fixed.split(".");
  const intText = grouped ? int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : int;
  const body = frac ? `${intText}.${frac}` : intText;
  // Colours and conditions ("[Red]", "[>100]") are not shown.
  const prefix = section
    .slice(0, Math.max(0, section.search(/[0#?]/)))
    .replace(/\[[^\]]*\]/g, "")
    .replace(/["\\]/g, "");
  const suffixStart = section.search(/[0#?%](?!.*[0#?%])/);
  const suffix = suffixStart < 0 ? "" : section.slice(suffixStart + 1).replace(/["\\]/g, "");
  const sign = scaled < 0 && Number(fixed) !== 0 ? "-" : "";
  return `${sign}${prefix}${body}${percent ? "%" : ""}${suffix.replace("%", "")}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function dateTime(value: number, section: string): string {
  const ms = Math.round(value * 86_400_000) + EXCEL_EPOCH_MS;
  const d = new Date(ms);
  const ampm = /AM\/PM/i.test(section);
  const tokens = section.match(/"[^"]*"|\\.|AM\/PM|yyyy|yy|m{1,5}|d{1,4}|h{1,2}|s{1,2}|[^"\\ymdhsA]+|./gi) ?? [];
  let out = "";
  tokens.forEach((token, i) => {
    const lower = token.toLowerCase();
    const prev =
      tokens
        .slice(0, i)
        .reverse()
        .find((t) => /^[hsymd]/i.test(t))
        ?.toLowerCase() ?? "";
    const next =
      tokens
        .slice(i + 1)
        .find((t) => /^[hsymd]/i.test(t))
        ?.toLowerCase() ?? "";
    const minutes = lower.startsWith("m") && lower.length <= 2 && (prev.startsWith("h") || next.startsWith("s"));
    if (token.startsWith('"')) out += token.slice(1, -1);
    else if (token.startsWith("\\")) out += token.slice(1);
    else if (/^am\/pm$/i.test(token)) out += d.getUTCHours() < 12 ? "AM" : "PM";
    else if (lower === "yyyy") out += d.getUTCFullYear();
    else if (lower === "yy") out += pad(d.getUTCFullYear() % 100, 2);
    else if (minutes) out += lower.length === 2 ? pad(d.getUTCMinutes(), 2) : d.getUTCMinutes();
    else if (lower === "mmmmm") out += MONTHS[d.getUTCMonth()][0];
    else if (lower === "mmmm") out += MONTHS[d.getUTCMonth()];
    else if (lower === "mmm") out += MONTHS[d.getUTCMonth()].slice(0, 3);
    else if (lower === "mm") out += pad(d.getUTCMonth() + 1, 2);
    else if (lower === "m") out += d.getUTCMonth() + 1;
    else if (lower === "dddd") out += DAYS[d.getUTCDay()];
    else if (lower === "ddd") out += DAYS[d.getUTCDay()].slice(0, 3);
    else if (lower === "dd") out += pad(d.getUTCDate(), 2);
    else if (lower === "d") out += d.getUTCDate();
    else if (lower.startsWith("h")) {
      const h = ampm ? d.getUTCHours() % 12 || 12 : d.getUTCHours();
      out += lower.length === 2 ? pad(h, 2) : h;
    } else if (lower.startsWith("s")) out += lower.length === 2 ? pad(d.getUTCSeconds(), 2) : d.getUTCSeconds();
    else out += token;
  });
  return out;
}

const DATE_CODES = /[ymdhs]/i;

/** The text Excel shows for a value under a number format. */
export function formatCellText(value: CellScalar, numberFormat: string, error?: CellError): string {
  if (error) return error.code;
  if (value === "") return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  const format = numberFormat || GENERAL;
  if (format === GENERAL || format === TEXT_FORMAT) return general(value);
  const sections = format.split(";");
  const section = value < 0 && sections[1] !== undefined ? sections[1] : sections[0];
  const body = value < 0 && sections[1] !== undefined ? Math.abs(value) : value;
  if (/general/i.test(section)) {
    // General with literals around it ("General \" ▲\""): the number as General, the literals where they stand.
    const at = section.search(/general/i);
    const before = stripLiterals(section.slice(0, at)).literals;
    const after = stripLiterals(section.slice(at + "general".length)).literals;
    return `${before}${general(body)}${after}`;
  }
  if (DATE_CODES.test(stripLiterals(section).pattern)) return dateTime(body, section);
  return numeric(body, section);
}
