// Preview: the first rows of a query, fetched with a small limit, so the builder can show them and offer the fields
// they have as columns. The count is known when the result ends within the rows fetched.
import type { DataApiClient } from "../core/api";
import { formatQuery, parseQuery } from "../core/query";
import { createReferenceLookup, expandReferences, flatten } from "../core/table";
import type { ReportSpec } from "./definition";

export const PREVIEW_ROWS = 20;

export interface Preview {
  headers: string[];
  /** Values as text, for display. */
  rows: string[][];
  /** Every field the fetched documents have (for column picking), whatever the chosen columns. */
  fields: string[];
  /** The number of matching entities, when the preview saw the end of the result. */
  total?: number;
  correlationId?: string;
}

function display(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export async function previewReport(
  client: Pick<DataApiClient, "query">,
  spec: ReportSpec,
  options: { rows?: number; signal?: AbortSignal } = {},
): Promise<Preview> {
  const wanted = options.rows ?? PREVIEW_ROWS;
  const query = parseQuery(spec.query);
  const limit = query.limit === undefined ? 1000 : query.limit === 0 ? Infinity : query.limit;
  // One row more than shown tells whether there is more.
  const fetchLimit = Math.min(limit, wanted + 1);
  const result = await client.query(spec.collection, formatQuery({ ...query, limit: fetchLimit }), {
    signal: options.signal,
  });
  const documents = result.documents;
  const fields = flatten(documents).headers;
  const columns = spec.columns.length > 0 ? spec.columns : undefined;
  const shown = documents.slice(0, wanted);
  const expanded = columns ? await expandReferences(shown, columns, createReferenceLookup(client, options)) : shown;
  const table = flatten(expanded, { columns });
  const ended = documents.length < fetchLimit || fetchLimit === limit;
  return {
    headers: table.headers,
    rows: table.rows.map((row) => row.map(display)),
    fields,
    ...(ended ? { total: documents.length } : {}),
    ...(result.correlationId ? { correlationId: result.correlationId } : {}),
  };
}
