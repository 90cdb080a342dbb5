// Query -> canonical text, and query text -> what goes after `?query=` in a URL.

import { parseClauses, parseQuery, type ParsedClause } from "./parse";
import type { Query } from "./types";

function clauseText(clause: ParsedClause): string {
  if (clause.kind === "control") return `(${clause.name}=${clause.value})`;
  const { property, operator, value } = clause.filter;
  return `(${property}${operator}${value})`;
}

function render(query: Query, escapePercent: boolean): string {
  const value = (text: string) => (escapePercent ? text.replace(/%/g, "%25") : text);
  const clauses = query.filters.map((f) => `(${f.property}${f.operator}${value(f.value)})`);
  if (query.orderBy !== undefined) clauses.push(`(orderBy=${query.orderBy})`);
  if (query.direction !== undefined) clauses.push(`(direction=${query.direction})`);
  if (query.limit !== undefined) clauses.push(`(limit=${query.limit})`);
  if (query.offset !== undefined) clauses.push(`(offset=${query.offset})`);
  return clauses.join("+");
}

/**
 * Canonical text: filters in order, then orderBy, direction, limit, offset, joined by `+`. A `%` in a value is
 * written `%25` so reading the text back gives the same value. Throws QuerySyntaxError for a query the API would
 * not accept (e.g. a value containing `+`), so what it returns always parses back to the same query.
 */
export function formatQuery(query: Query): string {
  // Parsing what was rendered validates it and normalises it (trimmed values, lower-case direction) in one place.
  return render(parseQuery(render(query, true)), true);
}

function encodeClause(text: string): string {
  // `(`, `)`, `=`, `!`, `@` and `:` are legal in a query string and keep the URL readable, as in Kalibrate's samples;
  // `<`, `>`, space, `%`, `&`, `#`, `'` and non-ASCII must be escaped (browsers would escape `<`, `>` anyway).
  return encodeURIComponent(text).replace(/%3D/g, "=").replace(/%40/g, "@").replace(/%3A/g, ":").replace(/'/g, "%27");
}

/**
 * What goes after `?query=`: the clauses in the order written, each percent-encoded where needed, joined by a
 * literal `+` (the API's separator). Throws QuerySyntaxError when the text is not a valid query.
 */
export function encodeQueryForUrl(text: string): string {
  parseQuery(text); // duplicates and other whole-query mistakes
  return parseClauses(text)
    .map((clause) => encodeClause(clauseText(clause)))
    .join("+");
}
