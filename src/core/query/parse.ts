// Query text -> Query, with one precise, actionable message per mistake (reference §4).

import { splitClauses, type RawClause } from "./clauses";
import { decodePercentLeniently } from "./decode";
import { QuerySyntaxError } from "./errors";
import {
  CONTROL_NAMES,
  OPERATORS,
  RANGE_OPERATORS,
  type ControlName,
  type Filter,
  type Operator,
  type Query,
} from "./types";
import { isIsoDateValue, isNumberValue, parseIsoDate } from "./values";

export type ParsedClause =
  | { kind: "filter"; raw: RawClause; filter: Filter }
  | { kind: "control"; raw: RawClause; name: ControlName; value: string | number };

const OPERATOR_CHARS = "=!@<>";
const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const WHOLE_NUMBER = /^\d+$/;

/** Usual slips, mostly operators written the other way round. */
const OPERATOR_SUGGESTIONS: Record<string, Operator> = {
  "=>": ">=",
  "=<": "<=",
  "==": "=",
  "===": "=",
  "=!": "!=",
  "!==": "!=",
  "<>": "!=",
  "!": "!=",
  "=@": "@=",
  "@": "@=",
  "@==": "@=",
};

const CONTROL_BY_LOWER_NAME = new Map<string, ControlName>(CONTROL_NAMES.map((name) => [name.toLowerCase(), name]));

export function isPropertyName(text: string): boolean {
  return PROPERTY_NAME.test(text);
}

function operatorProblem(op: string): string {
  const suggestion = OPERATOR_SUGGESTIONS[op];
  if (suggestion) return `unknown operator \`${op}\`; did you mean \`${suggestion}\`?`;
  return `unknown operator \`${op}\`; use one of ${OPERATORS.map((o) => `\`${o}\``).join(" ")}`;
}

function parseControl(raw: RawClause, name: ControlName, op: string, value: string): ParsedClause {
  const fail = (problem: string) => new QuerySyntaxError(raw.text, raw.index, problem);
  const example: Record<ControlName, string> = {
    orderBy: "(orderBy=createdOn)",
    direction: "(direction=descending)",
    limit: "(limit=100)",
    offset: "(offset=100)",
  };
  if (op !== "=") throw fail(`${name} is set with \`=\`, e.g. \`${example[name]}\``);
  if (value === "") throw fail(`${name} needs a value, e.g. \`${example[name]}\``);
  switch (name) {
    case "orderBy":
      if (!isPropertyName(value)) {
        throw fail(`orderBy needs a property name such as \`createdOn\` or \`status.exported\`, not \`${value}\``);
      }
      return { kind: "control", raw, name, value };
    case "direction": {
      const direction = value.toLowerCase();
      if (direction !== "ascending" && direction !== "descending") {
        throw fail("direction must be ascending or descending");
      }
      return { kind: "control", raw, name, value: direction };
    }
    case "limit":
    case "offset": {
      const what =
        name === "limit" ? "limit must be a whole number (0 = all)" : "offset must be a whole number (0 or more)";
      if (!WHOLE_NUMBER.test(value)) throw fail(what);
      const count = Number(value);
      if (!Number.isSafeInteger(count)) throw fail(`${name} \`${value}\` is too large; ${what}`);
      return { kind: "control", raw, name, value: count };
    }
  }
}

function checkFilterValue(raw: RawClause, property: string, operator: Operator, value: string): void {
  const fail = (problem: string) => new QuerySyntaxError(raw.text, raw.index, problem);
  if (value === "") {
    throw fail(`missing the value after \`${operator}\`; say what \`${property}\` is compared with`);
  }
  if (value.includes("+")) {
    const utc = parseIsoDate(value);
    if (utc !== undefined) {
      const suggestion = new Date(utc).toISOString().replace(".000Z", "Z");
      throw fail(
        `the \`+\` of the time-zone offset would be read as the separator between clauses; write the time in UTC, ` +
          `e.g. \`${suggestion}\``,
      );
    }
    throw fail(
      "the value contains `+`, which the API reads as the separator between clauses and cannot escape; " +
        "filter on the text before or after it with `@=` instead",
    );
  }
  if (RANGE_OPERATORS.includes(operator) && !isNumberValue(value) && !isIsoDateValue(value)) {
    throw fail(
      `\`${operator}\` compares numbers and dates only, and \`${value}\` is neither; ` +
        "give a number like `1.25` or a date like `2020-06-01`",
    );
  }
  if (operator === "@=" && !/[\p{L}\p{N}]/u.test(value)) {
    throw fail("`@=` (contains) needs text to look for, with at least one letter or digit");
  }
}

export function parseClause(raw: RawClause): ParsedClause {
  const fail = (problem: string) => new QuerySyntaxError(raw.text, raw.index, problem);
  const inner = raw.text.slice(1, -1).trim();
  if (inner === "") {
    throw fail("empty clause; write a filter like `(entityVariant=Own)` or a control like `(limit=0)`, or remove it");
  }
  if (inner.includes("(") || inner.includes(")")) {
    throw fail(
      "a clause cannot contain `(` or `)` (the API has no escape for them); " +
        "filter on the text before or after them with `@=` instead, e.g. `(name@=Express)`",
    );
  }
  let opStart = 0;
  while (opStart < inner.length && !OPERATOR_CHARS.includes(inner[opStart])) opStart++;
  const property = inner.slice(0, opStart).trim();
  const control = CONTROL_BY_LOWER_NAME.get(property.toLowerCase());
  if (opStart === inner.length) {
    if (control) throw fail(`${control} needs a value, e.g. \`(${control}=…)\``);
    throw fail(`missing an operator; write a property, an operator and a value, e.g. \`(entityVariant=Own)\``);
  }
  let opEnd = opStart;
  while (opEnd < inner.length && OPERATOR_CHARS.includes(inner[opEnd])) opEnd++;
  const op = inner.slice(opStart, opEnd);
  const value = inner.slice(opEnd).trim();
  if (property === "") {
    throw fail(`missing the property name before \`${op}\`; write e.g. \`(entityVariant${op}${value || "Own"})\``);
  }
  if (control) return parseControl(raw, control, op, value);
  if (!(OPERATORS as readonly string[]).includes(op)) throw fail(operatorProblem(op));
  if (!isPropertyName(property)) {
    throw fail(
      `\`${property}\` is not a property name; use letters and digits, with dots for nested properties ` +
        "like `status.exported`",
    );
  }
  const operator = op as Operator;
  checkFilterValue(raw, property, operator, value);
  return { kind: "filter", raw, filter: { property, operator, value } };
}

/** Every clause of the text, in order, each checked on its own; controls are not yet checked for duplicates. */
export function parseClauses(text: string): ParsedClause[] {
  return splitClauses(decodePercentLeniently(text)).map(parseClause);
}

/**
 * Reads query text as typed by a person or as found in a raw URL query string: clauses joined by `+`, `%2B`,
 * spaces or `%20`, clause text possibly percent-encoded. "" is the empty query. Throws QuerySyntaxError.
 */
export function parseQuery(text: string): Query {
  const query: Query = { filters: [] };
  const seen = new Map<ControlName, RawClause>();
  for (const clause of parseClauses(text)) {
    if (clause.kind === "filter") {
      query.filters.push(clause.filter);
      continue;
    }
    const first = seen.get(clause.name);
    if (first) {
      throw new QuerySyntaxError(
        clause.raw.text,
        clause.raw.index,
        `duplicate control: ${clause.name} is already given in \`${first.text}\`; keep one`,
      );
    }
    seen.set(clause.name, clause.raw);
    if (clause.name === "orderBy") query.orderBy = clause.value as string;
    else if (clause.name === "direction") query.direction = clause.value as Query["direction"];
    else if (clause.name === "limit") query.limit = clause.value as number;
    else query.offset = clause.value as number;
  }
  return query;
}
