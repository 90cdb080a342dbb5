// What the panels past the first screen are given (reports, the query builder's preview, import, What moved, Share):
// built from the runtime when the pane's `reports` chunk loads (components/Panels.tsx), never at start, so the
// connect form needs only the connection code. One set per runtime: the composition root already keeps one report,
// change and share service per runtime, and the Import panel keeps its service for the pane's life.
import type { Runtime } from "../runtime";
import { excelReportWorkbook } from "../excel/reports";
import { changeService, importService, reportService, shareService } from "../composition";
import type { ReportService } from "../reports/service";
import type { ReportWorkbook } from "../reports/ports";
import type { ReportSpec } from "../reports/definition";
import { previewReport, type Preview } from "../reports/preview";
import type { ImportService } from "../imports/service";
import type { ChangeService } from "../changes/service";
import type { ShareService } from "../share/service";

export interface PanelServices {
  /** Report tables: insert, refresh, edit, delete, provenance. */
  reports: ReportService;
  /** The workbook as reports and the builder use it: selection, formulas, tables. */
  workbook: ReportWorkbook;
  preview: (spec: ReportSpec, signal?: AbortSignal) => Promise<Preview>;
  /** Sending a range to Kalibrate's import endpoints. */
  imports: ImportService;
  /** What moved at the last refresh: list, marks, threshold, alert rules. */
  changes: ChangeService;
  /** Share as values and Restore formulas. */
  share: ShareService;
}

const built = new WeakMap<Runtime, PanelServices>();

export function panelServices(runtime: Runtime): PanelServices {
  let services = built.get(runtime);
  if (!services) {
    services = {
      reports: reportService(runtime),
      workbook: excelReportWorkbook(),
      preview: (spec, signal) => previewReport(runtime.data, spec, { signal }),
      imports: importService(runtime),
      changes: changeService(runtime),
      share: shareService(runtime),
    };
    built.set(runtime, services);
  }
  return services;
}
