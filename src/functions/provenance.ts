// What each KALIBRATE cell's last evaluation fetched, by the cell's address (Excel passes it when the function's
// JSDoc says @requiresAddress), so the pane can show where a cell's data came from. Kept in memory per runtime:
// it describes this session's fetches, and a workbook reopened elsewhere fetches again anyway.
import { fetchRecordOf, type DataApiClient, type FetchRecord as CellFetch } from "../core/api";
import type { Runtime } from "../runtime";

const byRuntime = new WeakMap<Runtime, Map<string, CellFetch[]>>();

function fetchesOf(rt: Runtime): Map<string, CellFetch[]> {
  let map = byRuntime.get(rt);
  if (!map) {
    map = new Map();
    byRuntime.set(rt, map);
  }
  return map;
}

/** The fetches of the last evaluation at `address` ("Sheet1!B2"), first query first. */
export function cellFetches(rt: Runtime, address: string): CellFetch[] | undefined {
  const map = byRuntime.get(rt);
  return map?.get(address) ?? map?.get(address.replace(/\$/g, ""));
}

/** What a function body needs: the data client's query (and queryInto, QUERY's tables), and the formula row cap. */
export interface FunctionContext {
  data: Pick<DataApiClient, "query" | "queryInto">;
  maxFormulaRows: number;
}

/**
 * The context of one evaluation at `address`: the runtime's client, whose query results are also recorded for that
 * address. The first result replaces what an earlier evaluation recorded; a failed evaluation leaves it.
 */
export function recordingContext(rt: Runtime, address: string | undefined): FunctionContext {
  if (!address) return rt;
  let fetches: CellFetch[] | undefined;
  const record = (entry: CellFetch) => {
    if (!fetches) {
      fetches = [];
      fetchesOf(rt).set(address, fetches);
    }
    fetches.push(entry);
  };
  const query: DataApiClient["query"] = async (collection, text, options) => {
    const result = await rt.data.query(collection, text, options);
    record(fetchRecordOf(result));
    return result;
  };
  const queryInto: DataApiClient["queryInto"] = async (collection, text, into, options) => {
    const result = await rt.data.queryInto(collection, text, into, options);
    record(fetchRecordOf(result, result.rows));
    return result;
  };
  return { data: { query, queryInto }, maxFormulaRows: rt.maxFormulaRows };
}
