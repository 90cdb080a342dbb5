// The composition root of the add-in's services: where the runtime's token provider and data client
// (runtime.ts), the Office.js adapters (excel/) and the services over ports (reports/, imports/) meet. One per
// runtime, so the pane and the ribbon share a ReportService (and its one-job-at-a-time rule). Adapters, services and
// functions never wire their own dependencies; the pane's panels (taskpane/panel-services.ts, loaded on demand) and
// the ribbon (commands/refresh.ts) take these from here.
import type { Runtime } from "./runtime";
import { ReportService } from "./reports/service";
import { ReportStore } from "./reports/store";
import { cellFetches } from "./functions/provenance";
import { excelReportWorkbook, settingsStorage } from "./excel/reports";
import { ImportService } from "./imports/service";
import { dataClientImportApi } from "./imports/data-api";
import { excelImportWorkbook } from "./excel/imports";
import { ChangeService } from "./changes/service";
import { excelCellValueReader, excelChangeLog, excelMarkLayer, settingsChangeStore } from "./excel/changes";
import { ShareService } from "./share/service";
import { excelShareWorkbook } from "./excel/share";

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
      onWritten: (written) => changeService(rt).reportWritten(written),
    });
    reportServices.set(rt, service);
  }
  return service;
}

/** The Import panel's service: the workbook through Office.js, Kalibrate through the runtime's data client. */
export function importService(rt: Runtime): ImportService {
  return new ImportService({ workbook: excelImportWorkbook(), api: dataClientImportApi(rt.data, rt.tokens) });
}

const changeServices = new WeakMap<Runtime, ChangeService>();

/**
 * What moved since the last refresh: one per runtime, so the pane, the ribbon's Refresh and the report service share
 * one list (and the KALIBRATE cells' previous values live in that runtime's memory only).
 */
export function changeService(rt: Runtime): ChangeService {
  let service = changeServices.get(rt);
  if (!service) {
    service = new ChangeService({
      store: settingsChangeStore(settingsStorage),
      marks: excelMarkLayer(),
      cells: excelCellValueReader(),
      log: excelChangeLog(),
    });
    changeServices.set(rt, service);
  }
  return service;
}

const shareServices = new WeakMap<Runtime, ShareService>();

/** Share as values and Restore formulas. */
export function shareService(rt: Runtime): ShareService {
  let service = shareServices.get(rt);
  if (!service) {
    service = new ShareService({
      workbook: excelShareWorkbook(),
      reports: new ReportStore(settingsStorage),
      settings: settingsStorage,
      environment: () => rt.tokens.status.environment,
    });
    shareServices.set(rt, service);
  }
  return service;
}
