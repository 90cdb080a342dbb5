// Connecting or signing in recalculates the KALIBRATE cells that were waiting for a connection. The code that finds
// them (excel/refresh.ts, bounded reads of every sheet's formulas) is Refresh's too, so it loads on first use with
// Refresh's chunk rather than with the connect form.
import { loadFailureMessage } from "../core/util";

export async function recalculateWaitingCells(): Promise<void> {
  let refresh: typeof import("../excel/refresh");
  try {
    refresh = await import(/* webpackChunkName: "reports" */ "../excel/refresh");
  } catch (error) {
    throw new Error(loadFailureMessage("Recalculating the KALIBRATE cells", error as Error));
  }
  await refresh.recalculateKalibrateCells();
}
