// KALIBRATE.QUERY: the tutorial's GetApiData plus its Power Query expansions, in one cell.
import { createReferenceLookup, expandReferences, flatten, toExcelTable } from "../core/table";
import type { FunctionContext } from "./provenance";
import { collectionPath, columnList, optionalBoolean, optionalText } from "./arguments";
import { notAvailable } from "./errors";

export async function queryTable(
  rt: FunctionContext,
  collectionArg: unknown,
  queryArg: unknown,
  columnsArg: unknown,
  headersArg: unknown,
): Promise<unknown[][]> {
  const collection = collectionPath(collectionArg);
  const query = optionalText(queryArg);
  const columns = columnList(columnsArg);
  const withHeaders = optionalBoolean("headers", headersArg, true);

  const { documents } = await rt.data.query(collection, query);
  if (documents.length > rt.maxFormulaRows) {
    throw notAvailable(
      `${documents.length.toLocaleString("en-GB")} rows is more than the ${rt.maxFormulaRows.toLocaleString("en-GB")} a formula returns: narrow the query, or use Insert as report in the Kalibrate pane.`,
    );
  }
  if (documents.length === 0) {
    if (withHeaders && columns) return [columns];
    throw notAvailable(`No ${collection} entities match ${query || "the query"}.`);
  }
  const expanded = columns ? await expandReferences(documents, columns, createReferenceLookup(rt.data)) : documents;
  const table = toExcelTable(flatten(expanded, { columns }));
  return withHeaders ? [table.headers, ...table.rows] : table.rows;
}
