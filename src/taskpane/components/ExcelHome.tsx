import { lazy, Suspense } from "react";
import { Spinner } from "@fluentui/react-components";
import type { PaneServices } from "../services";
import { useTokenStatus } from "../services";
import { ConnectPanel } from "./ConnectPanel";
import { RefreshPanel } from "./RefreshPanel";
import { LoadBoundary } from "./LoadBoundary";

// The first screen is Connect and Refresh. The query builder, reports, provenance, What moved, Share and Import, with
// the services behind them, load after it is on screen, as the `reports` chunk (and `import` within it).
const Panels = lazy(() => import(/* webpackChunkName: "reports" */ "./Panels").then((m) => ({ default: m.Panels })));

/** The pane inside Excel (or the workbench). */
export function ExcelHome({ services }: { services: PaneServices }) {
  const status = useTokenStatus(services.runtime);
  return (
    <>
      <ConnectPanel
        environments={services.environments}
        connection={services.connection}
        status={status}
        prefill={services.prefill}
        signIn={services.signIn}
      />
      <RefreshPanel
        refresh={services.refresh}
        onRefreshOutcome={services.onRefreshOutcome}
        rowLimit={services.formulaRowLimit}
      />
      <LoadBoundary what="The query builder, reports, What moved, Share and Import panels">
        <Suspense fallback={<Spinner size="tiny" label="Loading…" />}>
          <Panels runtime={services.runtime} status={status} ribbon={services.ribbon} />
        </Suspense>
      </LoadBoundary>
    </>
  );
}
