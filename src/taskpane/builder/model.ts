// The builder's state and the query text, both ways: controls → canonical text, and hand-typed text → controls (or
// the parser's message, with the clause it is about). Plain functions, so they are tested without React.
import {
  formatQuery,
  parseQuery,
  QuerySyntaxError,
  type Direction,
  type Filter,
  type Operator,
} from "../../core/query";
import type { ReportSpec } from "../../reports/definition";

export interface FilterRow {
  property: string;
  operator: Operator;
  value: string;
}

export interface BuilderState {
  /** "Price", "Site" … or "reference/brand". */
  collection: string;
  /** The entityVariant filter, or "" for every variant. */
  variant: string;
  filters: FilterRow[];
  orderBy: string;
  direction: "" | Direction;
  /** "" lets the API apply its default (the first 1000); "0" means all. */
  limit: string;
  offset: string;
  columns: string[];
}

export const EMPTY_STATE: BuilderState = {
  collection: "Price",
  variant: "",
  filters: [],
  orderBy: "",
  direction: "",
  limit: "0",
  offset: "",
  columns: [],
};

const VARIANT_PROPERTY = /^(id\.)?entityVariant$/;

function complete(filter: FilterRow): boolean {
  return filter.property.trim() !== "" && filter.value.trim() !== "";
}

/** The canonical query text of the controls; rows still being filled in are left out. Throws QuerySyntaxError. */
export function queryText(state: BuilderState): string {
  const filters: Filter[] = [];
  if (state.variant) filters.push({ property: "entityVariant", operator: "=", value: state.variant });
  for (const f of state.filters.filter(complete)) filters.push({ ...f, property: f.property.trim() });
  const number = (text: string) => (text.trim() === "" ? undefined : Number(text));
  return formatQuery({
    filters,
    orderBy: state.orderBy.trim() || undefined,
    direction: state.orderBy.trim() && state.direction ? state.direction : undefined,
    limit: number(state.limit),
    offset: number(state.offset),
  });
}

export type TextReading = { ok: true; state: BuilderState } | { ok: false; error: QuerySyntaxError };

/** Reads hand-typed text back into controls; the collection and columns are kept from `previous`. */
export function readQueryText(text: string, previous: BuilderState): TextReading {
  try {
    const query = parseQuery(text);
    const variantAt = query.filters.findIndex((f) => VARIANT_PROPERTY.test(f.property) && f.operator === "=");
    const variant = variantAt >= 0 ? query.filters[variantAt].value : "";
    return {
      ok: true,
      state: {
        ...previous,
        variant,
        filters: query.filters.filter((_, i) => i !== variantAt).map((f) => ({ ...f })),
        orderBy: query.orderBy ?? "",
        direction: query.direction ?? "",
        limit: query.limit === undefined ? "" : String(query.limit),
        offset: query.offset === undefined ? "" : String(query.offset),
      },
    };
  } catch (error) {
    if (error instanceof QuerySyntaxError) return { ok: false, error };
    throw error;
  }
}

/** Where a parse error is, in words: "Clause 2, `(limit=abc)`: …". */
export function describeSyntaxError(error: QuerySyntaxError): string {
  const rest = error.message.startsWith(`\`${error.clause}\``)
    ? error.message.slice(error.clause.length + 2).replace(/^:\s*/, "")
    : error.message;
  return `Clause ${error.clauseIndex + 1}, \`${error.clause}\`: ${rest}`;
}

export function stateOf(spec: ReportSpec): TextReading {
  return readQueryText(spec.query, { ...EMPTY_STATE, collection: spec.collection, columns: [...spec.columns] });
}

export function parseColumns(text: string): string[] {
  return text
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "");
}

const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** The cell formula for the query, e.g. =KALIBRATE.QUERY("Price","(limit=0)","id.entityId,data.price"). */
export function formulaFor(spec: ReportSpec): string {
  const args = [quoted(spec.collection), quoted(spec.query)];
  if (spec.columns.length > 0) args.push(quoted(spec.columns.join(",")));
  return `=KALIBRATE.QUERY(${args.join(",")})`;
}
