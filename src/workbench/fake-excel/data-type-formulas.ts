// The dot syntax of data types: `=A1.Brand`, `=A1.[Price as of]` (a field name with spaces goes in brackets) and
// `=A1.PriceAt("Diesel", DATE(2025,1,31))` (a reference method). Each becomes the call FIELDVALUE(A1, "Field", …),
// which is what Excel's own `=A1.Field` means, so dependency tracking and sheet renames treat it as any call.
import type { FormulaArg, ParsedFormula } from "./formula";
import { parseArg, splitTopLevel } from "./formula";
import { FIELDVALUE } from "./data-types";

const REF = /^\s*((?:'(?:[^']|'')+'|[A-Za-z0-9_]+)!)?\$?[A-Za-z]{1,3}\$?\d+/;
const FIELD = /^\.(?:\[([^\]]+)\]|([A-Za-z_][A-Za-z0-9_]*))/;

/** The dot formula `formula` is, or undefined when it is not one. */
export function parseDotFormula(formula: string): ParsedFormula | undefined {
  if (!formula.startsWith("=")) return undefined;
  const body = formula.slice(1);
  const ref = REF.exec(body);
  if (!ref) return undefined;
  const rest = body.slice(ref[0].length);
  const field = FIELD.exec(rest);
  if (!field) return undefined;
  const refArg = parseArg(ref[0]);
  if (refArg?.kind !== "ref" || !refArg.single) return undefined;
  const name = field[1] ?? field[2];
  const nameArg: FormulaArg = { raw: JSON.stringify(name), kind: "value", value: name };
  const tail = rest.slice(field[0].length).trim();
  const call = { kind: "call" as const, name: FIELDVALUE, nameStart: 0, nameEnd: 0 };
  if (tail === "") return { ...call, args: [refArg, nameArg], dot: "field" };
  if (!tail.startsWith("(") || !tail.endsWith(")")) return undefined;
  const split = splitTopLevel(tail.slice(1, -1), ",");
  if (!split) return undefined;
  const args: FormulaArg[] = [];
  if (!(split.parts.length === 1 && split.parts[0].trim() === "")) {
    for (const part of split.parts) {
      const arg = parseArg(part);
      if (!arg) return undefined;
      args.push(arg);
    }
  }
  return { ...call, args: [refArg, nameArg, ...args], dot: "method" };
}
