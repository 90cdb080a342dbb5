// What the pane's components are given: the runtime's shared token and data client, the workbook connection, and
// Refresh. Built once in index.tsx (and by the workbench), so components never reach for globals.
import { useEffect, useState } from "react";
import type { Runtime } from "../runtime";
import { createConnection, type Connection, type ConnectForm } from "./connection";
import { describeRefresh, refreshAll } from "../commands/refresh";
import type { Environment, TokenStatusView } from "./components/ConnectPanel";

export interface PaneServices {
  runtime: Runtime;
  environments: () => Promise<Environment[]>;
  connection: Connection;
  refresh: () => Promise<string>;
  prefill?: Partial<ConnectForm>;
}

export function createPaneServices(runtime: Runtime, prefill?: Partial<ConnectForm>): PaneServices {
  return {
    runtime,
    environments: () => runtime.data.environments(),
    connection: createConnection(runtime),
    refresh: async () => describeRefresh(await refreshAll(runtime)),
    prefill,
  };
}

export function useTokenStatus(runtime: Runtime): TokenStatusView {
  const [status, setStatus] = useState<TokenStatusView>(runtime.tokens.status);
  useEffect(() => runtime.tokens.onChange(() => setStatus({ ...runtime.tokens.status })), [runtime]);
  return status;
}
