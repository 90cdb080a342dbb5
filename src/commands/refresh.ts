// Refresh, from the ribbon or the pane: forget cached Data API results, refresh every report table (each fetched in
// full before its table is touched), then recalculate only the cells that use KALIBRATE functions, and say what it
// took.
import { changeService } from "../composition";
import { recalculateKalibrateCells } from "../excel/refresh";
import { reportService } from "../composition";
import type { Confirm, RefreshAllOutcome, ReportService, RunOptions } from "../reports/service";
import type { Runtime } from "../runtime";
import { announceCommandOutcome } from "./ribbon";

export interface RefreshReport {
  cells: number;
  requests: number;
  durationMs: number;
  reports: RefreshAllOutcome;
  /** Alert rules that fired ("a competitor price moved by more than …"), as sentences. */
  alerts?: string[];
}

export interface RefreshOptions extends RunOptions {
  /** The reports to refresh (default: the runtime's). */
  reports?: ReportService;
  /** Asked before overwriting cells or mixing environments; the ribbon has no one to ask, so it skips those. */
  confirm?: Confirm;
}

/** Excel starts the function calls a re-entered formula causes a moment after the sync that re-entered it. */
const CALLS_START_WITHIN_MS = 100;

export async function refreshAll(rt: Runtime, options: RefreshOptions = {}): Promise<RefreshReport> {
  const started = Date.now();
  const requestsBefore = rt.requestCount();
  rt.data.clearCache();
  const service = options.reports ?? reportService(rt);
  const changes = changeService(rt);
  changes.beginRefresh();
  try {
    const reports = await service.refreshAll(options);
    const { cells, before = [], spillsCaptured } = await recalculateKalibrateCells(undefined, { capture: true });
    if (cells > 0) {
      await new Promise((resolve) => setTimeout(resolve, CALLS_START_WITHIN_MS));
      await rt.idle();
    }
    // What moved is extra: a failure to compare or mark never fails the refresh itself.
    const settle = async () => {
      await new Promise((resolve) => setTimeout(resolve, CALLS_START_WITHIN_MS));
      await rt.idle();
    };
    await changes.cellsRecalculated(before, settle, spillsCaptured !== false).catch(() => undefined);
    await changes.endRefresh().catch(() => undefined);
    const alerts = (await changes.listing()).alerts.map((alert) => alert.message);
    return {
      cells,
      requests: rt.requestCount() - requestsBefore,
      durationMs: Date.now() - started,
      reports,
      ...(alerts.length > 0 ? { alerts } : {}),
    };
  } catch (error) {
    await changes.endRefresh().catch(() => undefined);
    throw error;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function describeRefresh({ cells, requests, durationMs, reports, alerts }: RefreshReport): string {
  const tables = reports?.refreshed.length ?? 0;
  const failed = reports?.failed ?? [];
  if (cells === 0 && tables === 0 && failed.length === 0) {
    return "No KALIBRATE cells or report tables in this workbook to refresh.";
  }
  const seconds = (durationMs / 1000).toFixed(1);
  const parts = [];
  if (tables > 0) parts.push(plural(tables, "report table"));
  if (cells > 0 || tables === 0) parts.push(plural(cells, "KALIBRATE cell"));
  let text = `Refreshed ${parts.join(" and ")} with ${plural(requests, "request")} in ${seconds} s.`;
  for (const { tableName, message } of failed) text += ` ${tableName} not refreshed: ${message}`;
  for (const alert of alerts ?? []) text += ` ${alert}`;
  return text;
}

/** refreshAll, then one sentence for whoever shows it; a failure is announced too, and still rejects. */
export async function refreshAndDescribe(rt: Runtime, options: RefreshOptions = {}): Promise<string> {
  let outcome: string;
  try {
    outcome = describeRefresh(await refreshAll(rt, options));
  } catch (error) {
    outcome = `Refresh failed: ${(error as Error).message}`;
    announceCommandOutcome({ command: "refresh", message: outcome });
    throw error;
  }
  announceCommandOutcome({ command: "refresh", message: outcome });
  return outcome;
}
