// Evaluates a parsed query against a collection's row sources (reference §4): AND of filters, orderBy with a
// stable entityId tie-break, direction, limit (0 = all, absent = 1000), offset. Reads properties column by column,
// so filtering a million prices builds no documents; only the returned page is materialised.
//
// Cost is bounded: at most MAX_FILTERS filter clauses, and the work runs in slices that yield to the event loop and
// stop as soon as the request's signal says the client has gone. Like a database index, what a scan or sort found
// is kept per (collection, filters, order), so the next page of the same query reads only the rows it returns.

import { isNumberValue, parseBooleanValue, parseIsoDate, type Filter, type Query } from "../core/query";
import { ID_FIELDS } from "../core/table";
import { LruCache } from "../core/util";
import type { KalibrateDocument } from "./data/documents";
import type { Column, RowSource, ValueKind } from "./data/sources";

/** An open query (no limit) returns this many documents, as the API documents. */
export const DEFAULT_LIMIT = 1000;

/** The most filter clauses one query may have (Kalibrate's limit is not documented; see README). */
export const MAX_FILTERS = 100;

/** Rows scanned (or sort keys read) between two yields to the event loop. */
const SLICE_ROWS = 16_384;

/** Work counters, for the tests and the bench: rows tested by filters, sort keys read, queries given up. */
export const queryWork = { rowsScanned: 0, keysRead: 0, abandoned: 0 };

/** The client went away while its query was being answered; nothing is sent. */
export class QueryAbandoned extends Error {
  constructor() {
    super("The client disconnected; the query was abandoned.");
    this.name = "QueryAbandoned";
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function slice(signal: AbortSignal | undefined): Promise<void> {
  await nextTurn();
  if (signal?.aborted) {
    queryWork.abandoned++;
    throw new QueryAbandoned();
  }
}

/** A query that is well formed but cannot be answered: unknown property, wrong type for an operator. */
export class QueryRejected extends Error {
  constructor(
    readonly code: "UnknownProperty" | "InvalidFilter" | "InvalidOrderBy" | "TooManyFilters",
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
    public positions: ArrayLike<number>,
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

function orderProperty(sources: RowSource[], query: Query, label: string): Resolved {
  const property = query.orderBy!;
  const clause = `(orderBy=${property})`;
  const resolved = resolve(sources, property, clause, label);
  if (resolved.kind === "reference" || resolved.kind === "object" || resolved.kind === "list") {
    const hint = resolved.kind === "reference" ? `; order by \`${property}.entityId\`` : "";
    throw new QueryRejected(
      "InvalidOrderBy",
      `\`${clause}\`: \`${property}\` holds ${KIND_WORDS[resolved.kind]}, which cannot be ordered${hint}`,
    );
  }
  return resolved;
}

/**
 * The matches in query order, sorted in slices: keys are read SLICE_ROWS at a time, runs of that size are sorted,
 * then merged pairwise, yielding between steps. Ties break by entityId.
 */
async function orderPositions(
  matches: Matches,
  resolved: Resolved,
  descending: boolean,
  signal: AbortSignal | undefined,
): Promise<Int32Array> {
  const count = matches.length;
  const keys: (number | string | null)[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const [source, row] = matches.locate(matches.positions[i]);
    const column = resolved.columns[matches.sources.indexOf(source)];
    keys[i] = sortKeyOf(resolved.kind, column?.get(row));
    if ((i + 1) % SLICE_ROWS === 0) {
      queryWork.keysRead += SLICE_ROWS;
      await slice(signal);
    }
  }
  queryWork.keysRead += count % SLICE_ROWS;
  const sign = descending ? -1 : 1;
  const ids: (string | undefined)[] = new Array(count);
  const idOf = (i: number) => (ids[i] ??= matches.entityId(i));
  const compare = (a: number, b: number) => {
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
  };
  let order = Int32Array.from({ length: count }, (_, i) => i);
  for (let run = 0; run < count; run += SLICE_ROWS) {
    order.subarray(run, Math.min(count, run + SLICE_ROWS)).sort(compare);
    await slice(signal);
  }
  let spare = new Int32Array(count);
  for (let width = SLICE_ROWS; width < count; width *= 2) {
    for (let left = 0; left < count; left += 2 * width) {
      const middle = Math.min(count, left + width);
      const right = Math.min(count, left + 2 * width);
      let i = left;
      let j = middle;
      let k = left;
      while (i < middle && j < right) spare[k++] = compare(order[i], order[j]) <= 0 ? order[i++] : order[j++];
      while (i < middle) spare[k++] = order[i++];
      while (j < right) spare[k++] = order[j++];
      await slice(signal);
    }
    [order, spare] = [spare, order];
  }
  const positions = new Int32Array(count);
  for (let i = 0; i < count; i++) positions[i] = matches.positions[order[i]];
  return positions;
}

/**
 * A filter scan that can be resumed: the positions found so far and where to go on. The next page of the same query
 * continues from there instead of starting again, and an abandoned query leaves its progress for the next one.
 */
class Scan {
  readonly positions: number[] = [];
  private source = 0;
  private row = 0;

  constructor(
    private readonly sources: RowSource[],
    private readonly bases: number[],
    private readonly tests: { test: Test; columns: (Column | undefined)[] }[],
  ) {}

  get done(): boolean {
    return this.source >= this.sources.length;
  }

  /** Scans until `until` matches are known or every row is read. */
  async extend(until: number, signal: AbortSignal | undefined): Promise<void> {
    while (!this.done && this.positions.length < until) {
      this.step(until);
      if (!this.done && this.positions.length < until) await slice(signal);
    }
  }

  /** Up to SLICE_ROWS rows, synchronously. */
  private step(until: number): void {
    const { sources, tests, positions } = this;
    let budget = SLICE_ROWS;
    while (budget > 0 && this.source < sources.length) {
      const s = this.source;
      const source = sources[s];
      const base = this.bases[s];
      const columns = tests.map((t) => t.columns[s]);
      const stop = Math.min(source.length, this.row + budget);
      let row = this.row;
      for (; row < stop; row++) {
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
          if (positions.length >= until) {
            row++;
            break;
          }
        }
      }
      queryWork.rowsScanned += row - this.row;
      budget -= row - this.row;
      this.row = row;
      if (positions.length >= until) return;
      if (row >= source.length) {
        this.source++;
        this.row = 0;
      }
    }
  }
}

// A database answers page after page of one query from its index; the sandbox keeps the last few scans and
// orderings so that offset paging (the add-in's, over 100k rows) neither re-scans nor re-sorts for every page.
// Sources only grow (imports append), so their lengths in the key retire an entry when data arrives; an import that
// changes a document in place (a product's currentPrice following a new price) bumps the revision, which retires
// them too (a kept ordering by currentPrice would otherwise answer in the old order).
const KEPT = 16;
let revision = 0;

/** Documents changed in place: what was kept of earlier scans and orderings no longer holds. */
export function documentsChanged(): void {
  revision += 1;
}

interface Kept {
  scans: LruCache<string, Scan>;
  orderings: LruCache<string, Int32Array>;
}

const keptBySources = new WeakMap<RowSource, Kept>();

/** What is kept for one data set (keyed by its first source, so two sandboxes never share it). */
function keptFor(sources: RowSource[]): Kept | undefined {
  if (sources.length === 0) return undefined;
  let kept = keptBySources.get(sources[0]);
  if (!kept) {
    kept = { scans: new LruCache({ maxEntries: KEPT }), orderings: new LruCache({ maxEntries: KEPT }) };
    keptBySources.set(sources[0], kept);
  }
  return kept;
}

export interface QueryPage {
  matches: Matches;
  /** First and one-past-last index into matches for the page. */
  start: number;
  end: number;
}

/**
 * Runs the query over the sources. `label` names the collection in messages ("Price", "reference/brand").
 * Throws QueryRejected for too many filters, an unknown property or a type-rule violation (before any row is read),
 * and QueryAbandoned when `signal` is aborted while it works.
 */
export async function runQuery(
  sources: RowSource[],
  query: Query,
  label: string,
  signal?: AbortSignal,
): Promise<QueryPage> {
  if (query.filters.length > MAX_FILTERS) {
    throw new QueryRejected(
      "TooManyFilters",
      `The query has ${query.filters.length} filter clauses; at most ${MAX_FILTERS} are answered in one query. ` +
        "Remove repeated clauses, or split the query into several.",
    );
  }
  const tests = query.filters.map((filter) => {
    const resolved = resolve(sources, filter.property, clauseOf(filter), label);
    return { test: buildTest(filter, resolved), columns: resolved.columns };
  });
  const order = query.orderBy === undefined ? undefined : orderProperty(sources, query, label);
  const offset = query.offset ?? 0;
  const limit = query.limit === undefined ? DEFAULT_LIMIT : query.limit;
  const bases: number[] = [];
  sources.reduce((base, source) => (bases.push(base), base + source.length), 0);

  const kept = keptFor(sources);
  const lengths = sources.map((source) => source.length).join(",");
  const scanKey = JSON.stringify([label.toLowerCase(), lengths, revision, query.filters]);
  let scan = kept?.scans.get(scanKey);
  if (!scan) {
    scan = new Scan(sources, bases, tests);
    kept?.scans.set(scanKey, scan);
  }

  let positions: ArrayLike<number>;
  if (order) {
    const direction = query.direction ?? "ascending";
    const orderKey = JSON.stringify([scanKey, query.orderBy, direction]);
    let ordered = kept?.orderings.get(orderKey);
    if (!ordered) {
      await scan.extend(Infinity, signal);
      const matches = new Matches(sources, bases, scan.positions);
      ordered = await orderPositions(matches, order, direction === "descending", signal);
      kept?.orderings.set(orderKey, ordered);
    }
    positions = ordered;
  } else {
    // Without ordering, storage order is the answer, so scanning stops once the page is full.
    await scan.extend(limit > 0 ? offset + limit : Infinity, signal);
    positions = scan.positions;
  }
  const matches = new Matches(sources, bases, positions);
  const start = Math.min(offset, matches.length);
  const end = limit === 0 ? matches.length : Math.min(matches.length, start + limit);
  return { matches, start, end };
}
