// What the pane's first screen is given: the runtime's shared token and data client, the workbook connection,
// organisation sign-in and Refresh. Built once in index.tsx (and by the workbench), so components never reach for
// globals. The panels past the first screen get theirs when they load (panel-services.ts); Refresh, which needs the
// report and change services, loads them with its first run (the same `reports` chunk the panels load).
import { useEffect, useState } from "react";
import type { Runtime } from "../runtime";
import { createConnection, type Connection, type ConnectForm } from "./connection";
import { loadFormulaRowLimit, saveFormulaRowLimit } from "../excel/settings";
import type { Environment } from "../core/api";
import type { TokenStatus } from "../core/auth";
import type { SignInService } from "./signin/organisation-signin";
import { lazyOrganisationSignIn } from "./signin/lazy-signin";
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
  /** The ribbon's panel requests and command outcomes (its commands load what they run on first use). */
  ribbon: RibbonServices;
}

export function createPaneServices(runtime: Runtime, prefill?: Partial<ConnectForm>): PaneServices {
  let rowLimitLoaded: Promise<number> | undefined;
  // The pane's Refresh is the ribbon's command: commands/refresh.ts and what it runs load with its first use (the
  // `reports` chunk), and every outcome, a failure to load included, is announced as the command's.
  const commands = ribbonCommands(runtime, { showPane: async () => undefined });
  return {
    runtime,
    environments: () => runtime.data.environments(),
    connection: createConnection(runtime),
    signIn: lazyOrganisationSignIn(runtime),
    refresh: () => commands.refresh(),
    onRefreshOutcome: (listener) =>
      onCommandOutcome(({ command, message }) => {
        if (command === "refresh") listener(message);
      }),
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
    ribbon: {
      buttons: RIBBON_BUTTONS,
      commands,
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
