// An in-memory data source for the functions' logic: collections as arrays, queries read with the add-in's own
// query parser and answered for the clauses the functions send (=, !=, @= on id.* and data.* properties, limit
// with the API's 1000 default). It records every query so tests can count what a calculation asks for.
import type { PagesInto, QueryIntoResult, QueryResult } from "../../src/core/api";
import { formatQuery, parseQuery, type Query } from "../../src/core/query";

type Doc = { id: Record<string, unknown>; data: Record<string, unknown> };

function valueAt(doc: Doc, property: string): unknown {
  const path = property.startsWith("id.") || property.startsWith("data.") ? property : undefined;
  const parts = (
    path ?? (["entityId", "entityVariant"].includes(property) ? `id.${property}` : `data.${property}`)
  ).split(".");
  let value: unknown = doc;
  for (const part of parts) value = (value as Record<string, unknown> | undefined)?.[part];
  return value;
}

export class MemoryData {
  readonly queries: string[] = [];
  constructor(private readonly collections: Record<string, Doc[]>) {}

  async query(collection: string, asked: string | Query): Promise<QueryResult> {
    const text = typeof asked === "string" ? asked : formatQuery(asked);
    this.queries.push(`${collection} ${text}`);
    const docs = this.collections[collection.toLowerCase()] ?? [];
    const query = typeof asked === "string" ? parseQuery(asked) : asked;
    const matching = docs.filter((doc) =>
      query.filters.every(({ property, operator, value }) => {
        const actual = String(valueAt(doc, property) ?? "");
        if (operator === "=") return actual === value;
        if (operator === "!=") return actual !== value;
        if (operator === "@=") return actual.toLowerCase().includes(value.toLowerCase());
        throw new Error(`The memory data source does not answer ${operator}.`);
      }),
    );
    const limit = query.limit === undefined ? 1000 : query.limit === 0 ? Infinity : query.limit;
    const documents = matching.slice(query.offset ?? 0, (query.offset ?? 0) + limit);
    return {
      documents,
      collection,
      query: text,
      environment: "memory",
      retrievedAt: "2030-01-01T00:00:00.000Z",
      durationMs: 0,
      requests: 1,
      fromCache: false,
    };
  }

  /** query as one page through `into.build` (no cache here, as query has none). */
  async queryInto<T>(collection: string, asked: string | Query, into: PagesInto<T>): Promise<QueryIntoResult<T>> {
    const { documents, fromCache, ...result } = await this.query(collection, asked);
    const value = await into.build(async (onPage) => {
      onPage(documents);
      return { ...result, rows: documents.length };
    }, new AbortController().signal);
    return { ...result, rows: documents.length, value, fromCache };
  }
}
