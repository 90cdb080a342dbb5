// The change service of a runtime, wired to Excel: one per runtime, so the pane, the ribbon's Refresh and the report
// service share one list of what moved (and the KALIBRATE cells' previous values live in that runtime's memory only).
import type { Runtime } from "../../runtime";
import { ChangeService } from "../../changes/service";
import { settingsStorage } from "../reports/settings-storage";
import { excelCellValueReader } from "./cell-values";
import { excelChangeLog } from "./change-log";
import { settingsChangeStore } from "./change-store";
import { excelMarkLayer } from "./marks";

export { excelMarkLayer, MARKS_KEY, MAX_MARKS } from "./marks";
export { excelCellValueReader } from "./cell-values";
export { excelChangeLog, CHANGE_LOG_SHEET } from "./change-log";
export { settingsChangeStore } from "./change-store";

const services = new WeakMap<Runtime, ChangeService>();

export function changeService(rt: Runtime): ChangeService {
  let service = services.get(rt);
  if (!service) {
    service = new ChangeService({
      store: settingsChangeStore(settingsStorage),
      marks: excelMarkLayer(),
      cells: excelCellValueReader(),
      log: excelChangeLog(),
    });
    services.set(rt, service);
  }
  return service;
}
