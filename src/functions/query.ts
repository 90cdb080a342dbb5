// KALIBRATE.QUERY: the tutorial's GetApiData plus its Power Query expansions, in one cell.
import { DEFAULT_PAGE_SIZE, STABLE_ORDER_PROPERTY } from "../core/api";
import { parseQuery, type Query } from "../core/query";
import { createReferenceLookup, excelTableOfPages } from "../core/table";
import type { FunctionContext } from "./provenance";
import { collectionPath, columnList, optionalBoolean, optionalText } from "./arguments";
import { notAvailable } from "./errors";
import { dataTypesSupported, typedRows } from "./typed-values";

/**
 * The query as QUERY sends it. A read that would take several pages (limit=0, or a limit over a page) asks for one
 * row more than the cap, so a result too big for a formula costs the pages up to the cap and no more; the order
 * stays the one the uncapped read would have had (entityId when none is given). Returns undefined when the query is
 * sent as written (a single request, or text the data client will refuse with its own message).
 */
function cappedQuery(text: string, cap: number): Query | undefined {
  let parsed: Query;
  try {
    parsed = parseQuery(text);
  } catch {
    return undefined;
  }
  const limit = parsed.limit;
  const paged = limit === 0 || (limit !== undefined && limit > DEFAULT_PAGE_SIZE);
  if (!paged || (limit !== 0 && limit <= cap)) return undefined;
  return { ...parsed, orderBy: parsed.orderBy ?? STABLE_ORDER_PROPERTY, limit: cap + 1 };
}

export async function queryTable(
  rt: FunctionContext,
  collectionArg: unknown,
  queryArg: unknown,
  columnsArg: unknown,
  headersArg: unknown,
  plainArg?: unknown,
): Promise<unknown[][]> {
  const collection = collectionPath(collectionArg);
  const query = optionalText(queryArg);
  const columns = columnList(columnsArg);
  const withHeaders = optionalBoolean("headers", headersArg, true);
  const typed = !optionalBoolean("plain", plainArg, false) && dataTypesSupported();

  const cap = rt.maxFormulaRows;
  const capped = cappedQuery(query, cap);
  // Each page becomes rows as it arrives (one copy held, never the documents and then the rows), and the table is
  // what the data client caches, per query and columns, so recalculation costs no request (README › Benchmarks,
  // "functions (reads)", for the measurements behind caching rows rather than documents here).
  const lookup = createReferenceLookup(rt.data);
  const { value: table } = await rt.data.queryInto(collection, capped ?? query, {
    key: JSON.stringify(columns ?? null),
    build: async (read, signal) => (await excelTableOfPages(read, { columns, lookup, signal })).table,
  });
  const count = table.rows.length;
  if (count > cap) {
    const rows = capped ? `More than ${cap.toLocaleString("en-GB")}` : count.toLocaleString("en-GB");
    throw notAvailable(
      `${rows} rows is more than the ${cap.toLocaleString("en-GB")} a formula returns: narrow the query, or use Insert as report in the Kalibrate pane.`,
    );
  }
  if (count === 0) {
    if (withHeaders && columns) return [columns];
    throw notAvailable(`No ${collection} entities match ${query || "the query"}.`);
  }
  // The table is shared with the cache: hand Excel its own outer array.
  const rows = typedRows(table, typed);
  return withHeaders ? [table.headers, ...rows] : [...rows];
}
