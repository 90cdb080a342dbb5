// The share service of a runtime, wired to Excel.
import type { Runtime } from "../../runtime";
import { ReportStore } from "../../reports/store";
import { ShareService } from "../../share/service";
import { settingsStorage } from "../reports/settings-storage";
import { excelShareWorkbook } from "./share-workbook";

export { excelShareWorkbook, SHARE_LIMITS } from "./share-workbook";

const services = new WeakMap<Runtime, ShareService>();

export function shareService(rt: Runtime): ShareService {
  let service = services.get(rt);
  if (!service) {
    service = new ShareService({
      workbook: excelShareWorkbook(),
      reports: new ReportStore(settingsStorage),
      settings: settingsStorage,
      environment: () => rt.tokens.status.environment,
    });
    services.set(rt, service);
  }
  return service;
}
