// The composition root of the add-in's services: where the runtime's token provider and data client
// (runtime.ts), the Office.js adapters (excel/) and the services over ports (reports/, imports/) meet. One per
// runtime, so the pane and the ribbon share a ReportService (and its one-job-at-a-time rule). Adapters, services and
// functions never wire their own dependencies; the pane's createPaneServices (taskpane/services.ts) and the ribbon
// (commands/refresh.ts) take these from here.
import type { Runtime } from "./runtime";
import { ReportService } from "./reports/service";
import { ReportStore } from "./reports/store";
import { cellFetches } from "./functions/provenance";
import { excelReportWorkbook, settingsStorage } from "./excel/reports";
import { ImportService } from "./imports/service";
import { dataClientImportApi } from "./imports/data-api";
import { excelImportWorkbook } from "./excel/imports";

const reportServices = new WeakMap<Runtime, ReportService>();

/** The report service of a runtime, wired to Excel and to what the KALIBRATE cells fetched. */
export function reportService(rt: Runtime): ReportService {
  let service = reportServices.get(rt);
  if (!service) {
    service = new ReportService({
      client: rt.data,
      store: new ReportStore(settingsStorage),
      workbook: excelReportWorkbook(),
      environment: () => rt.tokens.status.environment,
      cellFetches: (address) => cellFetches(rt, address),
    });
    reportServices.set(rt, service);
  }
  return service;
}

/** The Import panel's service: the workbook through Office.js, Kalibrate through the runtime's data client. */
export function importService(rt: Runtime): ImportService {
  return new ImportService({ workbook: excelImportWorkbook(), api: dataClientImportApi(rt.data, rt.tokens) });
}
