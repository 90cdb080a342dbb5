// Everything below Connect and Refresh: the query builder, report jobs and the Reports list, What moved, Share as
// values, Provenance and Import. ExcelHome loads this module on demand (the `reports` chunk) once the connect form is
// on screen; the Import panel loads one step later still (the `import` chunk).
import { lazy, Suspense, useState } from "react";
import { Spinner } from "@fluentui/react-components";
import type { Runtime } from "../../runtime";
import type { TokenStatus } from "../../core/auth";
import type { ReportDefinition } from "../../reports/definition";
import { panelServices } from "../panel-services";
import { QueryBuilder } from "../builder/QueryBuilder";
import { ReportJobProvider } from "../reports/job";
import { ReportProgressView } from "../reports/ReportProgress";
import { ReportsPanel } from "../reports/ReportsPanel";
import { ProvenancePanel } from "../reports/ProvenancePanel";
import { ChangesPanel } from "../changes/ChangesPanel";
import { SharePanel } from "../share/SharePanel";
import { LoadBoundary } from "./LoadBoundary";
import type { RibbonServices } from "../services";

const ImportPanel = lazy(() =>
  import(/* webpackChunkName: "import" */ "../import/ImportPanel").then((m) => ({ default: m.ImportPanel })),
);

export function Panels({ runtime, status, ribbon }: { runtime: Runtime; status: TokenStatus; ribbon: RibbonServices }) {
  const services = panelServices(runtime);
  const [editing, setEditing] = useState<ReportDefinition>();
  return (
    <>
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
      <ChangesPanel changes={services.changes} reports={services.reports} ribbon={ribbon} />
      <SharePanel share={services.share} ribbon={ribbon} />
      <ProvenancePanel reports={services.reports} workbook={services.workbook} />
      <LoadBoundary what="The Import panel">
        <Suspense fallback={<Spinner size="tiny" label="Loading…" />}>
          <ImportPanel
            imports={services.imports}
            connectionKey={status.state === "connected" ? `${status.environment}|${status.clientId}` : ""}
            clientId={status.clientId}
          />
        </Suspense>
      </LoadBoundary>
    </>
  );
}
