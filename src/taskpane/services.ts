// What the pane's components are given: the runtime's shared token and data client, the workbook connection,
// Refresh, reports and the query builder's preview. Built once in index.tsx (and by the workbench), so components
// never reach for globals.
import { useEffect, useState } from "react";
import type { Runtime } from "../runtime";
import { createConnection, type Connection, type ConnectForm } from "./connection";
import { loadFormulaRowLimit, saveFormulaRowLimit } from "../excel/settings";
import { onRefreshOutcome, refreshAndDescribe } from "../commands/refresh";
import type { Environment } from "../core/api";
import type { TokenStatus } from "../core/auth";
import { excelReportWorkbook } from "../excel/reports";
import { changeService, importService, reportService, shareService } from "../composition";
import type { ReportService } from "../reports/service";
import type { ReportWorkbook } from "../reports/ports";
import type { ReportSpec } from "../reports/definition";
import { previewReport, type Preview } from "../reports/preview";
import type { ImportService } from "../imports/service";
import { createOrganisationSignIn, type SignInService } from "./signin/organisation-signin";
import type { ChangeService } from "../changes/service";
import type { ShareService } from "../share/service";
import {
  onCommandOutcome,
  panelRequests,
  ribbonCommands,
  RIBBON_BUTTONS,
  type PanelRequests,
  type RibbonButton,
  type RibbonCommands,
} from "../commands/ribbon";

/** The ribbon as the pane meets it: which panel it asks for, what its commands did, and (for the workbench) them. */
export interface RibbonServices {
  buttons: readonly RibbonButton[];
  /** The same commands the ribbon's buttons run; here the pane is already showing. */
  commands: RibbonCommands;
  panels: PanelRequests;
  onOutcome: typeof onCommandOutcome;
}

export interface PaneServices {
  runtime: Runtime;
  environments: () => Promise<Environment[]>;
  connection: Connection;
  /** Organisation sign-in for managed environments (MSAL), feeding the same TokenProvider. */
  signIn: SignInService;
  refresh: () => Promise<string>;
  /** The most rows a KALIBRATE.QUERY cell returns: the workbook's setting, applied to the runtime. */
  formulaRowLimit: { load(): Promise<number>; save(rows: number): Promise<void> };
  /** Every refresh's outcome, from the pane or the ribbon. */
  onRefreshOutcome: (listener: (outcome: string) => void) => () => void;
  prefill?: Partial<ConnectForm>;
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
  ribbon: RibbonServices;
}

export function createPaneServices(runtime: Runtime, prefill?: Partial<ConnectForm>): PaneServices {
  let rowLimitLoaded: Promise<number> | undefined;
  return {
    runtime,
    environments: () => runtime.data.environments(),
    connection: createConnection(runtime),
    signIn: createOrganisationSignIn(runtime),
    refresh: () => refreshAndDescribe(runtime),
    onRefreshOutcome,
    formulaRowLimit: {
      // Read once: start-up applies it to the runtime and the pane shows it; saving updates both.
      load: () =>
        (rowLimitLoaded ??= loadFormulaRowLimit().then(
          (rows) => {
            runtime.maxFormulaRows = rows ?? runtime.maxFormulaRows;
            return runtime.maxFormulaRows;
          },
          (error) => {
            rowLimitLoaded = undefined;
            throw error;
          },
        )),
      async save(rows) {
        await saveFormulaRowLimit(rows);
        runtime.maxFormulaRows = rows;
        rowLimitLoaded = Promise.resolve(rows);
      },
    },
    prefill,
    reports: reportService(runtime),
    workbook: excelReportWorkbook(),
    preview: (spec, signal) => previewReport(runtime.data, spec, { signal }),
    imports: importService(runtime),
    changes: changeService(runtime),
    share: shareService(runtime),
    ribbon: {
      buttons: RIBBON_BUTTONS,
      commands: ribbonCommands(runtime, { showPane: async () => undefined }),
      panels: panelRequests,
      onOutcome: onCommandOutcome,
    },
  };
}

export function useTokenStatus(runtime: Runtime): TokenStatus {
  const [status, setStatus] = useState<TokenStatus>(runtime.tokens.status);
  useEffect(() => runtime.tokens.onChange(() => setStatus({ ...runtime.tokens.status })), [runtime]);
  return status;
}
