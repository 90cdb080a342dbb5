import { lazy, Suspense, useState } from "react";
import { Spinner } from "@fluentui/react-components";
import type { PaneServices } from "../services";
import { useTokenStatus } from "../services";
import { ConnectPanel } from "./ConnectPanel";
import { RefreshPanel } from "./RefreshPanel";
import type { ReportDefinition } from "../../reports/definition";

// The builder, reports and provenance load after the connect form is on screen, as one "reports" chunk.
const QueryBuilder = lazy(() =>
  import(/* webpackChunkName: "reports" */ "../builder/QueryBuilder").then((m) => ({ default: m.QueryBuilder })),
);
const ReportJobProvider = lazy(() =>
  import(/* webpackChunkName: "reports" */ "../reports/job").then((m) => ({ default: m.ReportJobProvider })),
);
const ReportProgressView = lazy(() =>
  import(/* webpackChunkName: "reports" */ "../reports/ReportProgress").then((m) => ({
    default: m.ReportProgressView,
  })),
);
const ReportsPanel = lazy(() =>
  import(/* webpackChunkName: "reports" */ "../reports/ReportsPanel").then((m) => ({ default: m.ReportsPanel })),
);
const ProvenancePanel = lazy(() =>
  import(/* webpackChunkName: "reports" */ "../reports/ProvenancePanel").then((m) => ({ default: m.ProvenancePanel })),
);
const ImportPanel = lazy(() =>
  import(/* webpackChunkName: "import" */ "../import/ImportPanel").then((m) => ({ default: m.ImportPanel })),
);
const ChangesPanel = lazy(() =>
  import(/* webpackChunkName: "reports" */ "../changes/ChangesPanel").then((m) => ({ default: m.ChangesPanel })),
);
const SharePanel = lazy(() =>
  import(/* webpackChunkName: "reports" */ "../share/SharePanel").then((m) => ({ default: m.SharePanel })),
);
const loading = <Spinner size="tiny" label="Loading…" />;

/** The pane inside Excel (or the workbench). */
export function ExcelHome({ services }: { services: PaneServices }) {
  const status = useTokenStatus(services.runtime);
  const [editing, setEditing] = useState<ReportDefinition>();
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
      <Suspense fallback={loading}>
        <ReportJobProvider>
          <QueryBuilder
            preview={services.preview}
            reports={services.reports}
            workbook={services.workbook}
            editing={editing}
            onEditDone={() => setEditing(undefined)}
          />
          <ReportProgressView />
          <ReportsPanel reports={services.reports} onEdit={setEditing} />
        </ReportJobProvider>
        <ChangesPanel changes={services.changes} reports={services.reports} ribbon={services.ribbon} />
        <SharePanel share={services.share} ribbon={services.ribbon} />
        <ProvenancePanel reports={services.reports} workbook={services.workbook} />
        <ImportPanel
          imports={services.imports}
          connectionKey={status.state === "connected" ? `${status.environment}|${status.clientId}` : ""}
          clientId={status.clientId}
        />
      </Suspense>
    </>
  );
}
