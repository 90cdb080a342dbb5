import { lazy, Suspense, useEffect, useState } from "react";
import { Spinner } from "@fluentui/react-components";
import type { PaneServices } from "../services";
import { useTokenStatus } from "../services";
import { ConnectPanel } from "./ConnectPanel";
import { RefreshPanel } from "./RefreshPanel";
import { LoadBoundary } from "./LoadBoundary";

// The first screen is Connect and Refresh. The query builder, reports, provenance, What moved, Share and Import, with
// the services behind them, load after it is on screen, as the `reports` chunk (and `import` within it).
const Panels = lazy(() => import(/* webpackChunkName: "reports" */ "./Panels").then((m) => ({ default: m.Panels })));

/**
 * False until the first screen is up and the browser has a moment to spare (an idle period comes after a painted
 * frame; at most PANELS_WAIT_MS, which also holds in a pane Office keeps hidden): the panels' chunks are then fetched
 * and run, so their long script tasks never stand between the analyst and a Connect button that answers.
 */
function useFirstScreenShown(): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const show = () => setShown(true);
    if (typeof requestIdleCallback !== "function") {
      // Safari has no idle callbacks: the next task, after the effect's frame.
      const timer = window.setTimeout(show, 0);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(show, { timeout: PANELS_WAIT_MS });
    return () => cancelIdleCallback(idle);
  }, []);
  return shown;
}

const PANELS_WAIT_MS = 300;
const LOADING = <Spinner size="tiny" label="Loading…" />;

/** The pane inside Excel (or the workbench). */
export function ExcelHome({ services }: { services: PaneServices }) {
  const status = useTokenStatus(services.runtime);
  const firstScreenShown = useFirstScreenShown();
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
        {firstScreenShown ? (
          <Suspense fallback={LOADING}>
            <Panels runtime={services.runtime} status={status} ribbon={services.ribbon} />
          </Suspense>
        ) : (
          LOADING
        )}
      </LoadBoundary>
    </>
  );
}
