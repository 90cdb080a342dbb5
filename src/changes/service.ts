// What moved since the last refresh, over injected ports: report tables are compared with the snapshot the
// workbook kept of them (by entity id), KALIBRATE cells with the values they had before the refresh (kept in the
// runtime only). After a refresh the flagged changes are marked (a removable layer that never touches values),
// listed for the pane, and checked against each report's alert rule.
import type { ExcelTable } from "../core/table";
import { formatAddress, splitAddress } from "../excel/reports/a1";
import { alertsFor, type Alert, type AlertRule } from "./alerts";
import {
  diffCells,
  diffReport,
  snapshotOf,
  WORKBOOK_SNAPSHOT_BUDGET_CHARS,
  SNAPSHOT_BUDGET_CHARS,
  type CellValueBefore,
  type StoredSnapshot,
} from "./diff";
import { formatDelta, formatValue, passes, sortBySize, type Change, type ChangeSettings } from "./model";
import { diffSpill, SPILL_BUDGET_CELLS } from "./spill-diff";
import type { CellValueReader, ChangeLogWriter, ChangeStore, Mark, MarkLayer } from "./ports";

export interface ChangeServiceDeps {
  store: ChangeStore;
  marks: MarkLayer;
  cells: CellValueReader;
  log: ChangeLogWriter;
  now?: () => number;
}

export interface ChangeListing {
  /** Flagged changes (at or above the threshold), largest first. */
  changes: Change[];
  /** Moves below the threshold, not flagged. */
  belowThreshold: number;
  alerts: Alert[];
  /** Report tables whose rows could not be compared, and why. */
  untracked: Array<{ where: string; reason: string }>;
  refreshedAt?: string;
  /** Cells marked in the sheet. */
  marked: number;
  /** Why marking stopped, if it did. */
  markProblem?: string;
}

export interface ReportWritten {
  reportId: string;
  tableName: string;
  sheet: string;
  /** The table's sheet-qualified address, header row included. */
  address: string;
  table: ExcelTable;
}

const CELLS_SOURCE = "cells";
/** The prefix of what could not be compared in the KALIBRATE cells' spilled results. */
const SPILL_SOURCE = "spill";
/** The functions whose result spills. */
const SPILLING = /KALIBRATE\.(QUERY|PRICEHISTORY)\s*\(/i;

function noteFor(change: Change): string | undefined {
  if (change.delta === undefined) return undefined;
  return `${change.delta > 0 ? "▲" : "▼"} ${formatDelta(change.delta)} (was ${formatValue(change.before)})`;
}

function marksOf(changes: readonly Change[]): Mark[] {
  return changes
    .filter((c) => c.address !== undefined)
    .map((c) => ({ address: c.address!, direction: c.direction, ...(noteFor(c) ? { note: noteFor(c) } : {}) }));
}

export class ChangeService {
  readonly #deps: ChangeServiceDeps;
  readonly #now: () => number;
  readonly #listeners = new Set<() => void>();
  /** Every change found, by source, before the threshold. */
  readonly #bySource = new Map<string, Change[]>();
  readonly #untracked = new Map<string, { where: string; reason: string }>();
  #alerts: Alert[] = [];
  #refreshedAt?: string;
  readonly #marked = new Map<string, number>();
  #markProblem?: string;
  #batch: Set<string> | undefined;

  constructor(deps: ChangeServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  settings(): Promise<ChangeSettings> {
    return this.#deps.store.settings();
  }

  /** Saves the settings; turning marking off clears the marks, a new threshold re-marks what passes it. */
  async saveSettings(settings: ChangeSettings): Promise<void> {
    await this.#deps.store.saveSettings(settings);
    if (!settings.marking) await this.clearMarks();
    else await this.#remark([...this.#bySource.keys()], settings);
    this.#changed();
  }

  async listing(): Promise<ChangeListing> {
    const { threshold } = await this.settings();
    const all = [...this.#bySource.values()].flat();
    const flagged = all.filter((c) => passes(c, threshold));
    return {
      changes: sortBySize(flagged),
      belowThreshold: all.length - flagged.length,
      alerts: this.#alerts,
      untracked: [...this.#untracked.values()],
      ...(this.#refreshedAt ? { refreshedAt: this.#refreshedAt } : {}),
      marked: [...this.#marked.values()].reduce((a, b) => a + b, 0),
      ...(this.#markProblem ? { markProblem: this.#markProblem } : {}),
    };
  }

  alertRules(): Promise<AlertRule[]> {
    return this.#deps.store.alertRules();
  }

  async saveAlertRule(rule: AlertRule): Promise<void> {
    await this.#deps.store.saveAlertRule(rule);
    this.#changed();
  }

  async removeAlertRule(reportId: string): Promise<void> {
    await this.#deps.store.removeAlertRule(reportId);
    this.#changed();
  }

  /** A whole refresh starts: what it finds replaces the last refresh's list, and is marked when it ends. */
  beginRefresh(): void {
    this.#batch = new Set();
    this.#bySource.clear();
    this.#untracked.clear();
    this.#alerts = [];
  }

  /** A report table was just written: compare it with the kept snapshot, then keep the new one. */
  async reportWritten(written: ReportWritten): Promise<void> {
    const { store } = this.#deps;
    const previous = (await store.snapshots()).get(written.reportId);
    const { sheet, rect } = splitAddress(written.address);
    const sheetName = sheet ?? written.sheet;
    const cell = (row: number, column: number, columns = 1) =>
      formatAddress(sheetName, { row: rect.row + 1 + row, column: rect.column + column, rows: 1, columns });
    const diff = diffReport(written, previous, written.table, cell);
    this.#bySource.set(written.reportId, diff.changes);
    if (diff.untracked) this.#untracked.set(written.reportId, { where: written.tableName, reason: diff.untracked });
    else this.#untracked.delete(written.reportId);
    const others = [...(await store.snapshotSizes())]
      .filter(([id]) => id !== written.reportId)
      .reduce((sum, [, size]) => sum + size, 0);
    const budget = Math.min(SNAPSHOT_BUDGET_CHARS, WORKBOOK_SNAPSHOT_BUDGET_CHARS - others);
    let next: StoredSnapshot = snapshotOf(written.table, Math.max(0, budget));
    if ("untracked" in next && budget < SNAPSHOT_BUDGET_CHARS && !("untracked" in snapshotOf(written.table))) {
      next = {
        v: 1,
        untracked: `the workbook's other reports already use the ${WORKBOOK_SNAPSHOT_BUDGET_CHARS / 1024} KB kept for previous values`,
      };
    }
    await store.saveSnapshot(written.reportId, next);
    if (this.#batch) this.#batch.add(written.reportId);
    else await this.#finish([written.reportId]);
  }

  /**
   * The KALIBRATE cells were recalculated: compare their values now with those read before, and the spilled results
   * of those that spilled (by entity id where the result has an id.entityId column). `spillsCompared` false: this
   * Excel could not tell what the formulas spilled into, so only their own cells were compared (the pane says so).
   */
  async cellsRecalculated(
    before: readonly CellValueBefore[],
    settle?: () => Promise<void>,
    spillsCompared = true,
  ): Promise<void> {
    const { cells } = this.#deps;
    let after = await cells.read(before.map((c) => c.address));
    // A cell still calculating shows #BUSY!: wait for the calls to settle and read those again (a few times at most).
    for (let attempt = 0; attempt < 5 && settle; attempt++) {
      const busy = [...after].filter(([, value]) => value === "#BUSY!").map(([address]) => address);
      if (busy.length === 0) break;
      await settle();
      for (const [address, value] of await cells.read(busy)) after.set(address, value);
    }
    after = new Map([...after].filter(([, value]) => value !== "#BUSY!"));
    for (const key of [...this.#untracked.keys()]) if (key.startsWith(SPILL_SOURCE)) this.#untracked.delete(key);
    const spilled = before.filter((c) => c.spill && "grid" in c.spill && after.has(c.address));
    const now =
      spilled.length > 0
        ? await cells.readSpills(
            spilled.map((c) => c.address),
            SPILL_BUDGET_CELLS,
          )
        : undefined;
    const own: CellValueBefore[] = [];
    const changes: Change[] = [];
    for (const cell of before) {
      const was = cell.spill;
      const is = now?.get(cell.address);
      if (was && "grid" in was && is && "grid" in is) {
        const { grid } = is;
        const at = (row: number, column: number, columns = 1) =>
          formatAddress(cell.sheet, { row: grid.row + row, column: grid.column + column, rows: 1, columns });
        changes.push(...diffSpill(cell, was.grid, grid, at));
        continue;
      }
      const over = was && "over" in was ? was.over : is && "over" in is ? is.over : undefined;
      if (over !== undefined) {
        this.#untracked.set(`${SPILL_SOURCE}:${cell.address}`, {
          where: `${cell.address} ${cell.formula}`,
          reason: `its result of ${over.toLocaleString("en-GB")} cells is over the ${SPILL_BUDGET_CELLS.toLocaleString("en-GB")} spilled cells What moved compares per refresh, so only the formula's own cell is compared`,
        });
      }
      own.push(cell);
    }
    if (!spillsCompared && before.some((c) => SPILLING.test(c.formula))) {
      this.#untracked.set(`${SPILL_SOURCE}:unsupported`, {
        where: "Spilled results",
        reason:
          "this Excel cannot tell what a formula's result spills into (that needs ExcelApi 1.12), so only each KALIBRATE formula's own cell is compared",
      });
    }
    this.#bySource.set(CELLS_SOURCE, [...diffCells(own, after), ...changes]);
    if (this.#batch) this.#batch.add(CELLS_SOURCE);
    else await this.#finish([CELLS_SOURCE]);
  }

  /** The refresh is done: mark what it found and raise alerts. */
  async endRefresh(): Promise<void> {
    if (!this.#batch) return;
    const sources = [...this.#batch];
    this.#batch = undefined;
    await this.#finish(sources, true);
  }

  /** Removes every mark the add-in made; values are untouched. */
  async clearMarks(): Promise<number> {
    const removed = await this.#deps.marks.clear();
    this.#marked.clear();
    this.#markProblem = undefined;
    this.#changed();
    return removed;
  }

  /** Writes the flagged changes to the change-log sheet; returns its name. */
  async writeLog(): Promise<string> {
    const { changes } = await this.listing();
    return this.#deps.log.write(changes);
  }

  async #finish(sources: string[], whole = false): Promise<void> {
    this.#refreshedAt = new Date(this.#now()).toISOString();
    const settings = await this.settings();
    if (whole) {
      // A whole refresh rewrote every table and cell: earlier marks no longer point at what they described.
      await this.#deps.marks.clear().catch(() => 0);
      this.#marked.clear();
    }
    if (settings.marking) await this.#remark(sources, settings);
    const rules = await this.#deps.store.alertRules();
    const all = [...this.#bySource.values()].flat();
    this.#alerts = alertsFor(rules, all);
    this.#changed();
  }

  async #remark(sources: string[], settings: ChangeSettings): Promise<void> {
    this.#markProblem = undefined;
    for (const source of sources) {
      const flagged = (this.#bySource.get(source) ?? []).filter((c) => passes(c, settings.threshold));
      try {
        this.#marked.set(source, await this.#deps.marks.mark(source, marksOf(flagged)));
      } catch (error) {
        this.#markProblem = `Marking stopped: ${(error as Error).message} The changes are still listed here.`;
      }
    }
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
