// In-memory ports for ReportService tests: a workbook whose tables are plain arrays (what is in the way of a write is
// set by the test), definitions in a Map, and a data client that answers from a list of documents or fails the way
// the real one does (DataApiError, CancelledError) after reporting some progress.
import {
  CancelledError,
  DataApiError,
  type PageOptions,
  type PagedQueryResult,
  type QueryOptions,
  type QueryResult,
} from "../../src/core/api";
import type { ExcelTable } from "../../src/core/table";
import type {
  ReportWorkbook,
  SelectionInfo,
  TableLocation,
  TableRef,
  TargetCheck,
  WriteProgress,
} from "../../src/reports/ports";
import type { DefinitionStorage } from "../../src/reports/store";

export interface MemoryTable {
  name: string;
  id: string;
  sheet: string;
  address: string;
  table: ExcelTable;
}

export class MemoryReportWorkbook implements ReportWorkbook {
  tables = new Map<string, MemoryTable>();
  sheets = ["Sheet1"];
  selected = { sheet: "Sheet1", address: "Sheet1!B2" };
  /** What the next insert or resize would run into. */
  inTheWay: TargetCheck = {};
  /** Writes made (inserts and replacements), in order. */
  writes: string[] = [];
  #ids = 0;

  #location(t: MemoryTable): TableLocation {
    const { headers, rows } = t.table;
    return {
      tableName: t.name,
      tableId: t.id,
      sheet: t.sheet,
      address: t.address,
      rows: rows.length,
      columns: headers.length,
    };
  }

  #find(ref: TableRef): MemoryTable | undefined {
    return [...this.tables.values()].find((t) => (ref.tableId && t.id === ref.tableId) || t.name === ref.tableName);
  }

  async selectedCell() {
    return this.selected;
  }
  async checkInsert(): Promise<TargetCheck> {
    return this.inTheWay;
  }
  async insert(
    placement: { sheet: string; address: string } | { newSheet: string },
    table: ExcelTable,
    options: { tableName: string; onRows?: WriteProgress },
  ): Promise<TableLocation> {
    const sheet = "newSheet" in placement ? placement.newSheet : placement.sheet;
    if ("newSheet" in placement) this.sheets.push(sheet);
    const stored = { name: options.tableName, id: String(++this.#ids), sheet, address: `${sheet}!A1`, table };
    this.tables.set(stored.name, stored);
    this.writes.push(`insert ${stored.name}`);
    options.onRows?.(table.rows.length);
    return this.#location(stored);
  }
  async findTable(ref: TableRef) {
    const found = this.#find(ref);
    return found && this.#location(found);
  }
  async checkResize(): Promise<TargetCheck> {
    return this.inTheWay;
  }
  async replace(ref: TableRef, table: ExcelTable, options: { onRows?: WriteProgress }): Promise<TableLocation> {
    const found = this.#find(ref);
    if (!found) throw new Error(`No table ${ref.tableName}.`);
    found.table = table;
    this.writes.push(`replace ${found.name}`);
    options.onRows?.(table.rows.length);
    return this.#location(found);
  }
  async deleteTable(ref: TableRef): Promise<void> {
    const found = this.#find(ref);
    if (found) this.tables.delete(found.name);
  }
  async tableNames() {
    return [...this.tables.keys()];
  }
  async sheetNames() {
    return [...this.sheets];
  }
  async writeFormula(): Promise<string> {
    return this.selected.address;
  }
  async selectedCellHasContent() {
    return false;
  }
  async describeSelection(): Promise<SelectionInfo> {
    return { address: this.selected.address, sheet: this.selected.sheet };
  }
  onSelectionChanged() {
    return () => undefined;
  }
}

export class MemoryDefinitions implements DefinitionStorage {
  entriesByKey = new Map<string, unknown>();
  async entries(prefix: string) {
    return [...this.entriesByKey].filter(([key]) => key.startsWith(prefix)).map(([key, value]) => ({ key, value }));
  }
  async put(key: string, value: unknown) {
    this.entriesByKey.set(key, structuredClone(value));
  }
  async remove(key: string) {
    this.entriesByKey.delete(key);
  }
}

/** How the next query ends: with these documents, or failing after some rows arrived. */
export type Answer = { documents: unknown[] } | { failAfterRows: number; error: "server" | "cancelled" };

export class MemoryDataClient {
  answers: Answer[] = [];
  queries: string[] = [];
  /** Documents per page queryPages delivers. */
  pageSize = 2;
  pagesDelivered = 0;
  constructor(public environment = "sandbox") {}

  async query(collection: string, query: string, options: QueryOptions = {}): Promise<QueryResult> {
    this.queries.push(`${collection} ${query}`);
    const answer = this.answers.shift() ?? { documents: [] };
    if ("failAfterRows" in answer) {
      options.onProgress?.({ rows: answer.failAfterRows, pages: 1 });
      if (answer.error === "cancelled") throw new CancelledError();
      throw new DataApiError("server", "Kalibrate failed to answer the query (HTTP 500).", { status: 500 });
    }
    options.onProgress?.({ rows: answer.documents.length, pages: 1 });
    return {
      documents: answer.documents,
      collection,
      query,
      environment: this.environment,
      retrievedAt: "2030-01-01T00:00:00.000Z",
      durationMs: 5,
      requests: 1,
      fromCache: false,
    };
  }

  /** query, page by page (pageSize documents each): a failing answer fails after delivering its rows' pages. */
  async queryPages(
    collection: string,
    query: string,
    onPage: (documents: readonly unknown[]) => void,
    options: PageOptions = {},
  ): Promise<PagedQueryResult> {
    this.queries.push(`${collection} ${query}`);
    const answer = this.answers.shift() ?? { documents: [] };
    const documents = "failAfterRows" in answer ? prices(answer.failAfterRows) : answer.documents;
    for (let start = 0; start < documents.length || start === 0; start += this.pageSize) {
      await Promise.resolve();
      if (options.signal?.aborted) throw new CancelledError();
      onPage(documents.slice(start, start + this.pageSize));
      this.pagesDelivered += 1;
      options.onProgress?.({ rows: Math.min(documents.length, start + this.pageSize), pages: this.pagesDelivered });
    }
    if ("failAfterRows" in answer) {
      if (answer.error === "cancelled") throw new CancelledError();
      throw new DataApiError("server", "Kalibrate failed to answer the query (HTTP 500).", { status: 500 });
    }
    return {
      rows: documents.length,
      collection,
      query,
      environment: this.environment,
      retrievedAt: "2030-01-01T00:00:00.000Z",
      durationMs: 5,
      requests: Math.max(1, Math.ceil(documents.length / this.pageSize)),
    };
  }
}

export const prices = (n: number, price = 1.5) =>
  Array.from({ length: n }, (_, i) => ({ id: { entityId: `p${i}` }, data: { price: price + i / 100 } }));
