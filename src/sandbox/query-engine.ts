// Evaluates a parsed query against a collection's row sources (reference §4): AND of filters, orderBy with a
// stable entityId tie-break, direction, limit (0 = all, absent = 1000), offset. Reads properties column by column,
// so filtering a million prices builds no documents; only the returned page is materialised.

import type { Filter, Query } from "../core/query";
import { isNumberValue, parseBooleanValue, parseIsoDate } from "../core/query/values";
import { ID_FIELDS } from "../core/table/paths";
import type { KalibrateDocument } from "./data/documents";
import type { Column, RowSource, ValueKind } from "./data/sources";

/** An open query (no limit) returns this many documents, as the API documents. */
export const DEFAULT_LIMIT = 1000;

/** A query that is well formed but cannot be answered: unknown property, wrong type for an operator. */
export class QueryRejected extends Error {
  constructor(
    readonly code: "UnknownProperty" | "InvalidFilter" | "InvalidOrderBy",
    message: string,
  ) {
    super(message);
    this.name = "QueryRejected";
  }
}

/** `entityVariant` -> `id.entityVariant`, `status.exported` -> `data.status.exported`; explicit prefixes are kept. */
export function resolvePath(property: string): string {
  if (property.startsWith("id.") || property.startsWith("data.")) return property;
  const first = property.split(".")[0];
  return (ID_FIELDS as readonly string[]).includes(first) ? `id.${property}` : `data.${property}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const KIND_WORDS: Record<ValueKind, string> = {
  number: "numbers",
  date: "dates",
  text: "text",
  boolean: "true or false",
  reference: "a reference",
  object: "an object",
  list: "a list",
};

function clauseOf(filter: Filter): string {
  return `(${filter.property}${filter.operator}${filter.value})`;
}

function bareName(path: string): string {
  return path.replace(/^(id|data)\./, "");
}

function suggestion(sources: RowSource[], property: string): string {
  const wanted = property.toLowerCase();
  const lastSegment = wanted.split(".").pop();
  let tail: string | undefined;
  for (const source of sources) {
    for (const path of source.paths()) {
      const name = bareName(path);
      if (name.toLowerCase() === wanted || path.toLowerCase() === wanted) return `; did you mean \`${name}\`?`;
      if (!tail && name.toLowerCase().split(".").pop() === lastSegment) tail = name;
    }
  }
  return tail ? `; did you mean \`${tail}\`?` : "; check the spelling (property names are case-sensitive)";
}

interface Resolved {
  path: string;
  kind: ValueKind;
  /** Per source: the column when it holds this kind, else undefined (its rows count as having no value). */
  columns: (Column | undefined)[];
}

function resolve(sources: RowSource[], property: string, clause: string, label: string): Resolved {
  const path = resolvePath(property);
  const all = sources.map((source) => source.column(path));
  const kind = all.find((column) => column !== undefined)?.kind;
  if (!kind) {
    throw new QueryRejected(
      "UnknownProperty",
      `\`${clause}\`: no ${label} document has a property \`${property}\`${suggestion(sources, property)}`,
    );
  }
  return { path, kind, columns: all.map((column) => (column?.kind === kind ? column : undefined)) };
}

type Test = (value: unknown) => boolean;

function compareWith(operator: Filter["operator"], target: number): Test {
  switch (operator) {
    case "=":
      return (v) => v === target;
    case "!=":
      return (v) => v !== target;
    case ">":
      return (v) => typeof v === "number" && v > target;
    case "<":
      return (v) => typeof v === "number" && v < target;
    case ">=":
      return (v) => typeof v === "number" && v >= target;
    default:
      return (v) => typeof v === "number" && v <= target;
  }
}

/** The per-value test for one filter, after checking the documented type rules. */
function buildTest(filter: Filter, resolved: Resolved): Test {
  const { operator, value, property } = filter;
  const clause = clauseOf(filter);
  const reject = (problem: string) => new QueryRejected("InvalidFilter", `\`${clause}\`: ${problem}`);
  const { kind } = resolved;
  if (value.toLowerCase() === "null" && (operator === "=" || operator === "!=")) {
    return operator === "=" ? (v) => v === null || v === undefined : (v) => v !== null && v !== undefined;
  }
  if (kind === "reference") {
    throw reject(`\`${property}\` is a reference; filter on \`${property}.entityId\` instead`);
  }
  if (kind === "object" || kind === "list") {
    throw reject(`\`${property}\` holds ${KIND_WORDS[kind]}; filter on one of its properties instead`);
  }
  if (operator === "@=") {
    if (kind === "date") {
      throw reject(
        `\`@=\` (contains) works on text, but \`${property}\` holds dates; use a range instead, ` +
          `e.g. \`(${property}>=2020-06-01)+(${property}<2020-07-01)\``,
      );
    }
    if (kind !== "text") throw reject(`\`@=\` (contains) works on text, but \`${property}\` holds ${KIND_WORDS[kind]}`);
    const needle = value.toLowerCase();
    return (v) => typeof v === "string" && v.toLowerCase().includes(needle);
  }
  const ranged = operator !== "=" && operator !== "!=";
  switch (kind) {
    case "number":
      if (!isNumberValue(value)) {
        throw reject(`\`${property}\` holds numbers; compare it with a number such as \`1.459\`, not \`${value}\``);
      }
      return compareWith(operator, Number(value));
    case "date": {
      const time = parseIsoDate(value);
      if (time === undefined) {
        throw reject(
          `\`${property}\` holds dates; compare it with an ISO date such as \`2020-06-01\` ` +
            `or date-time such as \`2020-06-01T10:00:00Z\`, not \`${value}\``,
        );
      }
      return compareWith(operator, time);
    }
    case "boolean": {
      const wanted = parseBooleanValue(value);
      if (ranged) throw reject(`\`${operator}\` compares numbers and dates, but \`${property}\` is true or false`);
      if (wanted === undefined) throw reject(`\`${property}\` is true or false, not \`${value}\``);
      return operator === "=" ? (v) => v === wanted : (v) => v !== wanted;
    }
    default: {
      if (ranged) {
        throw reject(
          `\`${operator}\` compares numbers and dates, but \`${property}\` holds text; use \`=\`, \`!=\` or \`@=\``,
        );
      }
      // Entity ids are GUIDs, which people paste in either case.
      const equal: Test = GUID.test(value)
        ? (v) => typeof v === "string" && v.toLowerCase() === value.toLowerCase()
        : (v) => v === value;
      return operator === "=" ? equal : (v) => !equal(v);
    }
  }
}

/** Positions of matching rows across sources: source index and row, packed as base offset + row. */
export class Matches {
  constructor(
    readonly sources: RowSource[],
    private readonly bases: number[],
    public positions: number[],
  ) {}

  get length(): number {
    return this.positions.length;
  }

  locate(position: number): [RowSource, number] {
    let s = this.bases.length - 1;
    while (this.bases[s] > position) s--;
    return [this.sources[s], position - this.bases[s]];
  }

  document(i: number): KalibrateDocument {
    const [source, row] = this.locate(this.positions[i]);
    return source.document(row);
  }

  entityId(i: number): string {
    const [source, row] = this.locate(this.positions[i]);
    return source.entityId(row);
  }
}

function sortKeyOf(kind: ValueKind, value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (kind === "boolean") return value ? 1 : 0;
  return value as number | string;
}

function orderMatches(matches: Matches, query: Query, label: string): void {
  const property = query.orderBy!;
  const clause = `(orderBy=${property})`;
  const resolved = resolve(matches.sources, property, clause, label);
  if (resolved.kind === "reference" || resolved.kind === "object" || resolved.kind === "list") {
    const hint = resolved.kind === "reference" ? `; order by \`${property}.entityId\`` : "";
    throw new QueryRejected(
      "InvalidOrderBy",
      `\`${clause}\`: \`${property}\` holds ${KIND_WORDS[resolved.kind]}, which cannot be ordered${hint}`,
    );
  }
  const sign = query.direction === "descending" ? -1 : 1;
  const keys = matches.positions.map((position) => {
    const [source, row] = matches.locate(position);
    const column = resolved.columns[matches.sources.indexOf(source)];
    return sortKeyOf(resolved.kind, column?.get(row));
  });
  const ids: (string | undefined)[] = [];
  const idOf = (i: number) => (ids[i] ??= matches.entityId(i));
  const order = keys.map((_, i) => i);
  order.sort((a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    if (ka !== kb) {
      // Missing values come first when ascending, last when descending.
      if (ka === null) return -sign;
      if (kb === null) return sign;
      return (ka < kb ? -1 : 1) * sign;
    }
    const ia = idOf(a);
    const ib = idOf(b);
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  matches.positions = order.map((i) => matches.positions[i]);
}

// A database answers page after page of one ordered query from its index; the sandbox keeps the last few orderings so
// that offset paging (the add-in's, over 100k rows) does not sort the whole collection again for every page. Sources
// only grow (imports append), so their lengths in the key retire an ordering when data arrives.
const ORDERINGS_KEPT = 16;
const orderings = new WeakMap<RowSource, Map<string, number[]>>();

/** The orderings kept for one data set (keyed by its first source, so two sandboxes never share them). */
function orderingsOf(sources: RowSource[]): Map<string, number[]> | undefined {
  if (sources.length === 0) return undefined;
  let kept = orderings.get(sources[0]);
  if (!kept) orderings.set(sources[0], (kept = new Map()));
  return kept;
}

function orderKey(sources: RowSource[], query: Query, label: string): string {
  const lengths = sources.map((source) => source.length).join(",");
  return JSON.stringify([label.toLowerCase(), lengths, query.filters, query.orderBy, query.direction ?? "ascending"]);
}

function remember(kept: Map<string, number[]>, key: string, positions: number[]): void {
  kept.set(key, positions);
  if (kept.size > ORDERINGS_KEPT) kept.delete(kept.keys().next().value!);
}

export interface QueryPage {
  matches: Matches;
  /** First and one-past-last index into matches for the page. */
  start: number;
  end: number;
}

/**
 * Runs the query over the sources. `label` names the collection in messages ("Price", "reference/brand").
 * Throws QueryRejected for an unknown property or a type-rule violation.
 */
export function runQuery(sources: RowSource[], query: Query, label: string): QueryPage {
  const tests = query.filters.map((filter) => {
    const resolved = resolve(sources, filter.property, clauseOf(filter), label);
    return { test: buildTest(filter, resolved), columns: resolved.columns };
  });
  const offset = query.offset ?? 0;
  const limit = query.limit === undefined ? DEFAULT_LIMIT : query.limit;
  // Without ordering, storage order is the answer, so scanning can stop once the page is full.
  const enough = query.orderBy === undefined && limit > 0 ? offset + limit : Infinity;
  const bases: number[] = [];
  sources.reduce((base, source) => (bases.push(base), base + source.length), 0);
  const positions: number[] = [];
  scan: for (let s = 0; s < sources.length; s++) {
    const source = sources[s];
    const base = bases[s];
    const columns = tests.map((t) => t.columns[s]);
    for (let row = 0; row < source.length; row++) {
      let pass = true;
      for (let t = 0; t < tests.length; t++) {
        const column = columns[t];
        if (!tests[t].test(column ? column.get(row) : null)) {
          pass = false;
          break;
        }
      }
      if (pass) {
        positions.push(base + row);
        if (positions.length >= enough) break scan;
      }
    }
  }
  const matches = new Matches(sources, bases, positions);
  if (query.orderBy !== undefined) {
    const kept = orderingsOf(sources);
    const key = orderKey(sources, query, label);
    const ordered = kept?.get(key);
    if (ordered) matches.positions = ordered;
    else {
      orderMatches(matches, query, label);
      if (kept) remember(kept, key, matches.positions);
    }
  }
  const start = Math.min(offset, matches.length);
  const end = limit === 0 ? matches.length : Math.min(matches.length, start + limit);
  return { matches, start, end };
}
