// Refresh, from the ribbon or the pane: forget cached Data API results, then recalculate only the cells that use
// KALIBRATE functions, and say what it took.
import { recalculateKalibrateCells } from "../excel/refresh";
import type { Runtime } from "../runtime";

export interface RefreshReport {
  cells: number;
  requests: number;
  durationMs: number;
}

/** Excel starts the function calls a re-entered formula causes a moment after the sync that re-entered it. */
const CALLS_START_WITHIN_MS = 100;

export async function refreshAll(rt: Runtime): Promise<RefreshReport> {
  const started = Date.now();
  const requestsBefore = rt.requestCount();
  rt.data.clearCache();
  const { cells } = await recalculateKalibrateCells();
  if (cells > 0) {
    await new Promise((resolve) => setTimeout(resolve, CALLS_START_WITHIN_MS));
    await rt.idle();
  }
  return { cells, requests: rt.requestCount() - requestsBefore, durationMs: Date.now() - started };
}

export function describeRefresh({ cells, requests, durationMs }: RefreshReport): string {
  if (cells === 0) return "No KALIBRATE cells in this workbook to refresh.";
  const seconds = (durationMs / 1000).toFixed(1);
  return `Refreshed ${cells} KALIBRATE cell${cells === 1 ? "" : "s"} with ${requests} request${requests === 1 ? "" : "s"} in ${seconds} s.`;
}
