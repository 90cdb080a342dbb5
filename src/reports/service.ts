// Report tables: insert, refresh, edit and delete, over injected ports (the data client, the definition store and
// the workbook). The rules that keep data safe live here: everything is fetched before the table is touched, a
// failure or a cancel before writing leaves the table as it was and says why, overwriting cells or mixing data from
// another environment is asked first, and the definition records where the rows came from.
import type { DataApiClient } from "../core/api";
import { Listeners } from "../core/util";
import { CancelledError, DataApiError, fetchRecordOf, type FetchRecord } from "../core/api";
import { createReferenceLookup, excelTableOfPages, UnknownColumnError, type ExcelTable } from "../core/table";
import type { LastResult, ReportDefinition, ReportSpec } from "./definition";
import type { Placement, ReportWorkbook, SelectionInfo, TableLocation, TargetCheck } from "./ports";
import { newReportId, type ReportListing, type ReportStore } from "./store";

export interface Question {
  title: string;
  message: string;
  /** The label of the button that goes ahead. */
  confirmLabel: string;
}

export type Confirm = (question: Question) => Promise<boolean>;

export interface ReportProgress {
  phase: "fetching" | "writing";
  rows: number;
  /** Rows to write, once known. */
  total?: number;
  elapsedMs: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ReportProgress) => void;
  /** Asked before overwriting cells or refreshing from another environment; without it the answer is no. */
  confirm?: Confirm;
}

export type ReportErrorReason = "cancelled" | "declined" | "failed";

/** A report that was not written; the message says why and that the table (if any) was left as it was. */
export class ReportError extends Error {
  override name = "ReportError";
  constructor(
    message: string,
    readonly reason: ReportErrorReason,
  ) {
    super(message);
  }
}

export interface RefreshAllOutcome {
  refreshed: ReportDefinition[];
  failed: Array<{ tableName: string; message: string; reason: ReportErrorReason }>;
}

/** Where a cell's or a table's data came from, for the Provenance panel. */
export type Provenance =
  | { kind: "report"; address: string; definition: ReportDefinition }
  | { kind: "cell"; address: string; formula: string; fetches: CellFetch[] }
  | { kind: "none"; address: string; reason: string };

/** What one fetch of a KALIBRATE cell's last evaluation got (core/api's record of a query). */
export type CellFetch = FetchRecord;

export interface ReportServiceDeps {
  /** query for reference lookups (cached); queryPages for the report's own rows (converted page by page). */
  client: Pick<DataApiClient, "query" | "queryPages">;
  store: ReportStore;
  workbook: ReportWorkbook;
  /** The environment connected now, or undefined. */
  environment: () => string | undefined;
  /** What the last evaluation of the KALIBRATE formula at an address fetched. */
  cellFetches?: (address: string) => CellFetch[] | undefined;
  /** Told after a table was written (inserted or refreshed), e.g. to find what moved; its failure fails nothing. */
  onWritten?: (written: TableWritten) => Promise<void>;
  now?: () => number;
}

export interface TableWritten {
  reportId: string;
  tableName: string;
  sheet: string;
  /** The table's sheet-qualified address, header row included. */
  address: string;
  table: ExcelTable;
}

interface Fetched {
  excel: ExcelTable;
  result: LastResult;
}

const NOTHING_CHANGED = "the table was not changed";

export class ReportService {
  readonly #deps: ReportServiceDeps;
  readonly #now: () => number;
  readonly #listeners = new Listeners();
  #busy: string | undefined;

  constructor(deps: ReportServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Called after any definition changes (a refresh from the ribbon, too). */
  onChange(listener: () => void): () => void {
    return this.#listeners.add(listener);
  }

  list(): Promise<ReportListing> {
    return this.#deps.store.list();
  }

  /** Fetches the whole result, then writes it as a new table at the selected cell or on a new sheet. */
  insert(spec: ReportSpec, placement: Placement, options: RunOptions = {}): Promise<ReportDefinition> {
    return this.#exclusive("inserting a report", async () => {
      const started = this.#now();
      const environment = this.#requireEnvironment();
      const fetched = await this.#fetch(spec, started, options);
      if (fetched.excel.headers.length === 0) {
        throw new ReportError(
          `No ${spec.collection} entities match ${spec.query || "the query"}, so there is nothing to insert. Change the query, or name the columns to insert an empty table.`,
          "failed",
        );
      }
      const rows = fetched.excel.rows.length;
      const columns = fetched.excel.headers.length;
      const workbook = this.#deps.workbook;
      let target: { sheet: string; address: string } | { newSheet: string };
      if (placement === "selection") {
        const at = await workbook.selectedCell();
        await this.#clearToWrite(await workbook.checkInsert(at, rows, columns), options, "Nothing was inserted");
        target = at;
      } else {
        target = { newSheet: uniqueName(sheetBase(spec.collection), await workbook.sheetNames(), " ", 31) };
      }
      this.#throwIfCancelled(options, "Cancelled: nothing was inserted.");
      const tableName = uniqueName(tableBase(spec.collection), await workbook.tableNames(), "", 255);
      const location = await workbook.insert(target, fetched.excel, {
        tableName,
        onRows: this.#writing(started, rows, options),
      });
      const definition: ReportDefinition = {
        version: 1,
        id: newReportId(this.#now()),
        ...this.#placed(location),
        collection: spec.collection,
        query: spec.query,
        columns: [...spec.columns],
        environment,
        createdAt: new Date(started).toISOString(),
        ...this.#succeeded(started, rows, fetched.result),
      };
      await this.#save(definition);
      await this.#written(definition, location, fetched.excel);
      return definition;
    });
  }

  /** Fetches the report again (with `spec`, when editing) and replaces the table's rows only when all is in. */
  refresh(id: string, options: RunOptions & { spec?: ReportSpec } = {}): Promise<ReportDefinition> {
    return this.#exclusive("refreshing a report", () => this.#refresh(id, options));
  }

  /** Refreshes every report in turn; one that fails or is declined does not stop the others. */
  refreshAll(options: RunOptions = {}): Promise<RefreshAllOutcome> {
    return this.#exclusive("refreshing reports", async () => {
      const outcome: RefreshAllOutcome = { refreshed: [], failed: [] };
      const { reports } = await this.#deps.store.list();
      for (const report of reports) {
        if (options.signal?.aborted) {
          outcome.failed.push({
            tableName: report.tableName,
            message: "Cancelled before it started.",
            reason: "cancelled",
          });
          continue;
        }
        try {
          outcome.refreshed.push(await this.#refresh(report.id, options));
        } catch (error) {
          const reportError = asReportError(error);
          outcome.failed.push({
            tableName: report.tableName,
            message: reportError.message,
            reason: reportError.reason,
          });
        }
      }
      return outcome;
    });
  }

  /** Deletes a definition (by id, or a damaged one by its key); `withTable` also deletes the table and its cells. */
  async remove(idOrKey: string, options: { withTable: boolean }): Promise<void> {
    if (options.withTable) {
      const definition = (await this.#deps.store.list()).reports.find((r) => r.id === idOrKey);
      if (definition) await this.#deps.workbook.deleteTable(definition, false);
    }
    await this.#deps.store.remove(idOrKey);
    this.#changed();
  }

  /** Where the selected table's or KALIBRATE cell's data came from. */
  async provenance(selection: SelectionInfo): Promise<Provenance> {
    const { address } = selection;
    if (selection.table) {
      const { tableId, tableName } = selection.table;
      const { reports } = await this.#deps.store.list();
      const definition =
        reports.find((r) => r.tableId !== undefined && r.tableId === tableId) ??
        reports.find((r) => r.tableName.toLowerCase() === tableName.toLowerCase());
      if (definition) return { kind: "report", address, definition };
      return { kind: "none", address, reason: `The table ${tableName} is not a Kalibrate report.` };
    }
    if (selection.formula && /KALIBRATE\./i.test(selection.formula)) {
      const at = selection.formulaAddress ?? address;
      const fetches = this.#deps.cellFetches?.(at);
      if (fetches && fetches.length > 0) return { kind: "cell", address: at, formula: selection.formula, fetches };
      return {
        kind: "none",
        address: at,
        reason: "This KALIBRATE cell has not fetched anything since the add-in started; press Refresh to fetch it.",
      };
    }
    return {
      kind: "none",
      address,
      reason: selection.unavailable ?? "Select a report table or a KALIBRATE cell to see where its data came from.",
    };
  }

  async #refresh(id: string, options: RunOptions & { spec?: ReportSpec }): Promise<ReportDefinition> {
    const started = this.#now();
    const stored = await this.#deps.store.get(id);
    if (!stored)
      throw new ReportError("That report is no longer in this workbook; the list has been updated.", "failed");
    const spec: ReportSpec = options.spec ?? stored;
    const environment = this.#requireEnvironment();
    const workbook = this.#deps.workbook;
    try {
      if (stored.environment !== environment) {
        const go = await options.confirm?.({
          title: "Refresh from another environment?",
          message: `The report ${stored.tableName} was built on ${stored.environment}; you are connected to ${environment}. Refreshing replaces its rows with ${environment} data.`,
          confirmLabel: `Refresh from ${environment}`,
        });
        if (!go) {
          throw new ReportError(
            `${stored.tableName} was not refreshed: it was built on ${stored.environment} and you are connected to ${environment}; ${NOTHING_CHANGED}.`,
            "declined",
          );
        }
      }
      const before = await workbook.findTable(stored);
      if (!before) {
        throw new ReportError(
          `The table ${stored.tableName} is no longer in the workbook. Delete the report, or insert it again.`,
          "failed",
        );
      }
      const fetched = await this.#fetch(spec, started, options);
      const columns = fetched.excel.headers.length || before.columns;
      const rows = fetched.excel.rows.length;
      await this.#clearToWrite(
        await workbook.checkResize(stored, rows, columns),
        options,
        `${stored.tableName} was not refreshed`,
      );
      this.#throwIfCancelled(options, `Cancelled: ${NOTHING_CHANGED}.`);
      const location = await workbook.replace(stored, fetched.excel, { onRows: this.#writing(started, rows, options) });
      const definition: ReportDefinition = {
        ...stored,
        ...this.#placed(location),
        collection: spec.collection,
        query: spec.query,
        columns: [...spec.columns],
        environment,
        ...this.#succeeded(started, rows, fetched.result),
      };
      delete definition.message;
      await this.#save(definition);
      await this.#written(definition, location, fetched.excel);
      return definition;
    } catch (error) {
      const reportError = asReportError(error);
      const status =
        reportError.reason === "cancelled" ? "cancelled" : reportError.reason === "failed" ? "failed" : stored.status;
      await this.#save({ ...stored, status, message: reportError.message }).catch(() => undefined);
      throw reportError;
    }
  }

  async #fetch(spec: ReportSpec, started: number, options: RunOptions): Promise<Fetched> {
    const { client } = this.#deps;
    const progress = (rows: number) =>
      options.onProgress?.({ phase: "fetching", rows, elapsedMs: this.#now() - started });
    progress(0);
    try {
      // Each page becomes rows as it arrives and its documents are dropped (one copy held, not documents and then
      // rows); the table is touched only after the last page, by the caller.
      const columns = spec.columns.length > 0 ? spec.columns : undefined;
      const { table: excel, read } = await excelTableOfPages(
        (onPage, signal) =>
          client.queryPages(spec.collection, spec.query, onPage, {
            signal,
            onProgress: ({ rows }) => progress(rows),
          }),
        { columns, lookup: createReferenceLookup(client, { signal: options.signal }), signal: options.signal },
      );
      return {
        excel,
        result: lastResultOf(fetchRecordOf(read, excel.rows.length)),
      };
    } catch (error) {
      throw asReportError(error);
    }
  }

  async #clearToWrite(check: TargetCheck, options: RunOptions, refusal: string): Promise<void> {
    if (check.blockedBy) {
      throw new ReportError(
        `${refusal}: the table would overlap the table ${check.blockedBy}, and Excel tables cannot overlap. Move one of them, or choose another cell.`,
        "failed",
      );
    }
    if (check.occupied) {
      const go = await options.confirm?.({
        title: "Overwrite cells?",
        message: `The report needs cells that already hold data, starting at ${check.occupied}. Writing it replaces what is there.`,
        confirmLabel: "Overwrite",
      });
      if (!go) {
        throw new ReportError(
          `${refusal}: it would have overwritten the data at ${check.occupied}. Choose another cell or make room.`,
          "declined",
        );
      }
    }
  }

  async #written(definition: ReportDefinition, location: TableLocation, table: ExcelTable): Promise<void> {
    const written = {
      reportId: definition.id,
      tableName: location.tableName,
      sheet: location.sheet,
      address: location.address,
      table,
    };
    // The rows are written and saved: what the listener finds (or fails to) is its own business.
    await this.#deps.onWritten?.(written).catch(() => undefined);
  }

  #throwIfCancelled(options: RunOptions, message: string): void {
    if (options.signal?.aborted) throw new ReportError(message, "cancelled");
  }

  #writing(started: number, total: number, options: RunOptions) {
    return (rows: number) => options.onProgress?.({ phase: "writing", rows, total, elapsedMs: this.#now() - started });
  }

  #placed(location: TableLocation) {
    return { tableName: location.tableName, tableId: location.tableId, sheet: location.sheet };
  }

  #succeeded(started: number, rows: number, result: LastResult) {
    const finished = this.#now();
    return {
      lastRefreshedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
      rows,
      status: "ok" as const,
      lastResult: result,
    };
  }

  #requireEnvironment(): string {
    const environment = this.#deps.environment();
    if (!environment) {
      throw new ReportError("You are not connected to Kalibrate. Connect in the pane first.", "failed");
    }
    return environment;
  }

  async #save(definition: ReportDefinition): Promise<void> {
    await this.#deps.store.save(definition);
    this.#changed();
  }

  #changed(): void {
    this.#listeners.emit();
  }

  async #exclusive<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.#busy) {
      throw new ReportError(`The add-in is busy ${this.#busy}; wait for it to finish, or press Cancel.`, "failed");
    }
    this.#busy = what;
    try {
      return await work();
    } finally {
      this.#busy = undefined;
    }
  }
}

function asReportError(error: unknown): ReportError {
  if (error instanceof ReportError) return error;
  if (error instanceof CancelledError) return new ReportError(`Cancelled: ${NOTHING_CHANGED}.`, "cancelled");
  if (error instanceof DataApiError || error instanceof UnknownColumnError) {
    return new ReportError(`${error.message} Nothing in the workbook was changed.`, "failed");
  }
  return new ReportError((error as Error)?.message ?? String(error), "failed");
}

function words(collection: string): string[] {
  return collection.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

function tableBase(collection: string): string {
  return `Kalibrate${words(collection)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("")}`;
}

function sheetBase(collection: string): string {
  return `Kalibrate ${words(collection).join(" ")}`;
}

/** `base`, or `base` followed by the first free number. */
export function uniqueName(base: string, taken: readonly string[], separator: string, maxLength: number): string {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  const trimmed = base.slice(0, maxLength);
  if (!used.has(trimmed.toLowerCase())) return trimmed;
  for (let n = 2; ; n++) {
    const suffix = `${separator}${n}`;
    const candidate = `${base.slice(0, maxLength - suffix.length)}${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** A report's definition keeps its own collection and query; its last result keeps the rest of the record. */
function lastResultOf({ collection: _collection, query: _query, ...last }: FetchRecord): LastResult {
  return last;
}
