// The report service of a runtime, wired to Excel: one per runtime, so the pane and the ribbon share it (and its
// one-job-at-a-time rule).
import type { Runtime } from "../../runtime";
import { ReportService } from "../../reports/service";
import { ReportStore } from "../../reports/store";
import { cellFetches } from "../../functions/provenance";
import { changeService } from "../changes";
import { excelReportWorkbook } from "./report-workbook";
import { settingsStorage } from "./settings-storage";

export { excelReportWorkbook } from "./report-workbook";
export { settingsStorage } from "./settings-storage";
export { writeRowBlocks, START_BLOCK_ROWS } from "./block-writer";

const services = new WeakMap<Runtime, ReportService>();

export function reportService(rt: Runtime): ReportService {
  let service = services.get(rt);
  if (!service) {
    service = new ReportService({
      client: rt.data,
      store: new ReportStore(settingsStorage),
      workbook: excelReportWorkbook(),
      environment: () => rt.tokens.status.environment,
      cellFetches: (address) => cellFetches(rt, address),
      onWritten: (written) => changeService(rt).reportWritten(written),
    });
    services.set(rt, service);
  }
  return service;
}
