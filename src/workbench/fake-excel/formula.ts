// The formulas the fake can evaluate: a literal (=1, ="text", =TRUE) or one function call whose arguments are
// literals, omitted, array constants, cell references or ranges (optionally sheet-qualified). Anything else is
// reported as unsupported and shows #NAME?, which is what Excel shows for a name it does not know.

import { parseAddress, type Rect } from "./address";
import { dateToSerial, type CellScalar } from "./cell-values";

export type FormulaArg = { raw: string } & (
  | { kind: "omitted" }
  | { kind: "value"; value: CellScalar }
  | { kind: "array"; value: CellScalar[][] }
  | { kind: "ref"; sheet?: string; rect: Rect; single: boolean }
);

export type ParsedFormula =
  | { kind: "literal"; value: CellScalar }
  | {
      kind: "call";
      name: string;
      args: FormulaArg[];
      nameStart: number;
      nameEnd: number;
      /** `=A1.Field` or `=A1.Method(…)` (data-type-formulas.ts): name is FIELDVALUE, args[1] the field. */
      dot?: "field" | "method";
    }
  | { kind: "unsupported" };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_.]*/;

function parseString(text: string): string | undefined {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return undefined;
  const body = text.slice(1, -1);
  if (/"(?!")/.test(body.replace(/""/g, ""))) return undefined;
  return body.replace(/""/g, '"');
}

function parseScalar(text: string): CellScalar | undefined {
  if (NUMBER.test(text)) return Number(text);
  const upper = text.toUpperCase();
  if (upper === "TRUE" || upper === "FALSE") return upper === "TRUE";
  return parseString(text);
}

/** Splits on `separator` at nesting depth 0, outside "strings" and 'sheet names'; undefined when unbalanced. */
export function splitTopLevel(text: string, separators: string): { parts: string[]; seps: string[] } | undefined {
  const parts: string[] = [];
  const seps: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const end = closingQuote(text, i, ch);
      if (end < 0) return undefined;
      i = end;
    } else if (ch === "(" || ch === "{") depth++;
    else if (ch === ")" || ch === "}") {
      if (--depth < 0) return undefined;
    } else if (depth === 0 && separators.includes(ch)) {
      parts.push(text.slice(start, i));
      seps.push(ch);
      start = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  parts.push(text.slice(start));
  return { parts, seps };
}

function closingQuote(text: string, open: number, quote: string): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] !== quote) continue;
    if (text[i + 1] === quote) i++;
    else return i;
  }
  return -1;
}

function parseArray(text: string): CellScalar[][] | undefined {
  const split = splitTopLevel(text.slice(1, -1), ",;");
  if (!split) return undefined;
  const rows: CellScalar[][] = [[]];
  for (let i = 0; i < split.parts.length; i++) {
    const value = parseScalar(split.parts[i].trim());
    if (value === undefined) return undefined;
    rows[rows.length - 1].push(value);
    if (split.seps[i] === ";") rows.push([]);
  }
  const width = rows[0].length;
  return rows.every((row) => row.length === width) ? rows : undefined;
}

export function parseArg(raw: string): FormulaArg | undefined {
  const text = raw.trim();
  if (text === "") return { raw: text, kind: "omitted" };
  if (text.startsWith("{") && text.endsWith("}")) {
    const value = parseArray(text);
    return value ? { raw: text, kind: "array", value } : undefined;
  }
  const scalar = parseScalar(text) ?? dateCall(text);
  if (scalar !== undefined) return { raw: text, kind: "value", value: scalar };
  const address = parseAddress(text);
  if (!address) return undefined;
  const single = address.rect.rows === 1 && address.rect.cols === 1 && !text.includes(":");
  return { raw: text, kind: "ref", sheet: address.sheet, rect: address.rect, single };
}

/** DATE(y,m,d) with literal numbers, as an argument: its serial number. */
function dateCall(text: string): number | undefined {
  const m = /^DATE\(\s*(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)$/i.exec(text);
  return m ? dateToSerial(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

export function parseFormula(formula: string): ParsedFormula {
  if (!formula.startsWith("=")) return { kind: "unsupported" };
  const body = formula.slice(1);
  const trimmed = body.trim();
  const literal = parseScalar(trimmed);
  if (literal !== undefined) return { kind: "literal", value: literal };
  const lead = body.length - body.trimStart().length;
  const name = NAME.exec(trimmed)?.[0];
  if (!name) return { kind: "unsupported" };
  const rest = trimmed.slice(name.length).trim();
  if (!rest.startsWith("(") || !rest.endsWith(")")) return { kind: "unsupported" };
  const inner = rest.slice(1, -1);
  const split = splitTopLevel(inner, ",");
  if (!split) return { kind: "unsupported" };
  const args: FormulaArg[] = [];
  if (!(split.parts.length === 1 && split.parts[0].trim() === "")) {
    for (const part of split.parts) {
      const arg = parseArg(part);
      if (!arg) return { kind: "unsupported" };
      args.push(arg);
    }
  }
  return { kind: "call", name, args, nameStart: 1 + lead, nameEnd: 1 + lead + name.length };
}

/** Writes a call back as formula text, e.g. after a sheet it references was renamed. */
export function formatCall(name: string, args: FormulaArg[]): string {
  return `=${name}(${args.map((arg) => arg.raw).join(",")})`;
}
