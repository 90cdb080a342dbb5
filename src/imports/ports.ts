// What the import logic needs from Excel and from Kalibrate, as interfaces: src/excel/imports implements the
// workbook with Office.js and src/excel/imports/runtime-api.ts the API over the runtime's one data client; tests use
// memory. Rows are values as Excel gives them (numbers, text, booleans; dates as serial numbers).
import type { Rights } from "./rights";
import type { ImportRecord } from "./validate";

/** Where the rows are: the selection, a named table, or an address remembered by an unfinished import. */
export type SourceRef = { kind: "selection" } | { kind: "table"; name: string } | { kind: "range"; address: string };

export interface SourceData {
  /** Sheet-qualified address of the whole source, header row included. */
  address: string;
  sheet: string;
  table?: string;
  headers: unknown[];
  rows: unknown[][];
}

export interface CellMark {
  /** Data row index (0 = first row under the headers) and source column index. */
  row: number;
  column: number;
  reason: string;
}

export interface KeyValueStorage {
  entries(prefix: string): Promise<Array<{ key: string; value: unknown }>>;
  put(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface ImportWorkbook {
  read(source: SourceRef, onRows?: (rows: number) => void): Promise<SourceData>;
  tableNames(): Promise<string[]>;
  /** Marks cells without changing their values; marks are the add-in's own and clearMarks removes them all. */
  markCells(source: SourceData, marks: readonly CellMark[]): Promise<{ marked: number; skipped: number }>;
  clearMarks(): Promise<number>;
  /** Writes rows (first row = headers) on a new sheet named after `baseName`; returns the sheet's name. */
  writeSheet(baseName: string, rows: unknown[][]): Promise<string>;
  /** Document settings (saved with the workbook; never a secret). */
  storage: KeyValueStorage;
}

export type OperationStatus = "Queued" | "Completed" | "CompletedWithErrors" | "Failed";

export interface OperationResult {
  operationId: string;
  status: OperationStatus;
  acceptedCount: number;
  rejectedCount: number;
  rejected: { index: number; reasons: string[] }[];
}

export interface ImportApi {
  /** The environment connected, or undefined. */
  environment(): string | undefined;
  clientId(): string | undefined;
  rights(): Promise<Rights>;
  /** POST …/import/{kind} with an Idempotency-Key; resolves with the operation id. */
  send(kind: string, records: readonly ImportRecord[], idempotencyKey: string): Promise<{ operationId: string }>;
  operation(operationId: string, signal?: AbortSignal): Promise<OperationResult>;
  /** Sites and products for resolution (cached by the data client). */
  query(collection: string, query: string): Promise<{ documents: unknown[] }>;
}
