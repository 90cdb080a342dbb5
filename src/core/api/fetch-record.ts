// What one query fetched, as the Provenance panel shows it: a report table's last result and each fetch of a
// KALIBRATE cell's last evaluation are described the same way.
import type { QueryResult } from "./data-api-client";

export interface FetchRecord {
  collection: string;
  /** The query in canonical text. */
  query: string;
  environment: string;
  /** When the data was fetched from Kalibrate (ISO). */
  retrievedAt: string;
  durationMs: number;
  rows: number;
  /** HTTP requests the fetch made (0 from the cache). */
  requests: number;
  correlationId?: string;
}

/** The record of `result`; `rows` when what was kept differs from the documents fetched. */
export function fetchRecordOf(
  result: Omit<QueryResult, "documents" | "fromCache"> & { documents?: readonly unknown[] },
  rows = result.documents?.length ?? 0,
): FetchRecord {
  return {
    collection: result.collection,
    query: result.query,
    environment: result.environment,
    retrievedAt: result.retrievedAt,
    durationMs: result.durationMs,
    rows,
    requests: result.requests,
    ...(result.correlationId ? { correlationId: result.correlationId } : {}),
  };
}
