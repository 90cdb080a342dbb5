// A report definition: what the workbook remembers about one report table, so anyone opening the file can refresh
// it and see where its rows came from. Saved in the workbook, so it holds no secret: no client secret, no token.

import type { FetchRecord } from "../core/api";

export const REPORT_STATUSES = ["ok", "failed", "cancelled"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** What a report asks Kalibrate for; the builder edits this. */
export interface ReportSpec {
  collection: string;
  query: string;
  /** Column names; empty means every column the documents have. */
  columns: string[];
}

/** What the last fetch brought back, for the Provenance panel (the definition holds its own collection and query). */
export type LastResult = Omit<FetchRecord, "collection" | "query">;

export interface ReportDefinition extends ReportSpec {
  version: 1;
  id: string;
  tableName: string;
  /** Excel's id for the table, so a renamed table is still found. */
  tableId?: string;
  sheet: string;
  /** The environment the report was built on: refreshing from another one asks first. */
  environment: string;
  createdAt: string;
  lastRefreshedAt?: string;
  /** Fetch plus write, milliseconds, of the last successful refresh. */
  durationMs?: number;
  rows?: number;
  status: ReportStatus;
  /** Why the last refresh did not complete (a sentence for the user). */
  message?: string;
  lastResult?: LastResult;
}

/** A stored definition that could not be read, reported in the Reports list instead of failing the pane. */
export interface DefinitionProblem {
  key: string;
  /** The table it seems to belong to, when that much could be read. */
  tableName?: string;
  message: string;
}

type Check = (record: Record<string, unknown>) => string | undefined;

const text =
  (name: string, optional = false): Check =>
  (record) => {
    const value = record[name];
    if (value === undefined && optional) return undefined;
    return typeof value === "string" && value !== "" ? undefined : `"${name}" is missing or not text`;
  };

const count =
  (name: string): Check =>
  (record) => {
    const value = record[name];
    if (value === undefined) return undefined;
    return typeof value === "number" && Number.isFinite(value) && value >= 0 ? undefined : `"${name}" is not a number`;
  };

const CHECKS: Check[] = [
  text("id"),
  text("tableName"),
  text("tableId", true),
  text("sheet"),
  text("collection"),
  (r) => (typeof r.query === "string" ? undefined : `"query" is missing or not text`),
  (r) =>
    Array.isArray(r.columns) && r.columns.every((c) => typeof c === "string" && c !== "")
      ? undefined
      : `"columns" is not a list of column names`,
  text("environment"),
  text("createdAt"),
  text("lastRefreshedAt", true),
  count("durationMs"),
  count("rows"),
  (r) =>
    REPORT_STATUSES.includes(r.status as ReportStatus)
      ? undefined
      : `"status" is not one of ${REPORT_STATUSES.join(", ")}`,
];

/** Reads a stored value back into a definition, or says in a sentence what is wrong with it. */
export function readDefinition(key: string, value: unknown): ReportDefinition | DefinitionProblem {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { key, message: `The report definition "${key}" is not a record; delete it and insert the report again.` };
  }
  const record = value as Record<string, unknown>;
  const tableName = typeof record.tableName === "string" ? record.tableName : undefined;
  if (record.version !== 1) {
    return {
      key,
      tableName,
      message: `The report definition "${key}" has version ${JSON.stringify(record.version)}, which this add-in does not read; update the add-in, or delete the definition.`,
    };
  }
  const faults = CHECKS.map((check) => check(record)).filter((fault): fault is string => fault !== undefined);
  if (faults.length > 0) {
    return {
      key,
      tableName,
      message: `The report definition "${key}" was changed by hand or damaged (${faults.join("; ")}); delete it and insert the report again.`,
    };
  }
  return onlyKnownFields(record as unknown as ReportDefinition);
}

export function isProblem(value: ReportDefinition | DefinitionProblem): value is DefinitionProblem {
  return "message" in value && !("version" in value);
}

/** Keeps only the fields this module knows, so nothing unexpected (or secret) pasted into a definition survives. */
export function onlyKnownFields(d: ReportDefinition): ReportDefinition {
  const lastResult = d.lastResult && typeof d.lastResult === "object" ? d.lastResult : undefined;
  return {
    version: 1,
    id: d.id,
    tableName: d.tableName,
    ...(d.tableId !== undefined ? { tableId: d.tableId } : {}),
    sheet: d.sheet,
    collection: d.collection,
    query: d.query,
    columns: [...d.columns],
    environment: d.environment,
    createdAt: d.createdAt,
    ...(d.lastRefreshedAt !== undefined ? { lastRefreshedAt: d.lastRefreshedAt } : {}),
    ...(d.durationMs !== undefined ? { durationMs: d.durationMs } : {}),
    ...(d.rows !== undefined ? { rows: d.rows } : {}),
    status: d.status,
    ...(typeof d.message === "string" ? { message: d.message } : {}),
    ...(lastResult
      ? {
          lastResult: {
            environment: String(lastResult.environment),
            retrievedAt: String(lastResult.retrievedAt),
            durationMs: Number(lastResult.durationMs),
            rows: Number(lastResult.rows),
            requests: Number(lastResult.requests),
            ...(typeof lastResult.correlationId === "string" ? { correlationId: lastResult.correlationId } : {}),
          },
        }
      : {}),
  };
}
