import { useState } from "react";
import type { PaneServices } from "../services";
import { useTokenStatus } from "../services";
import { ConnectPanel } from "./ConnectPanel";
import { RefreshPanel } from "./RefreshPanel";
import { QueryBuilder } from "../builder/QueryBuilder";
import { ReportJobProvider } from "../reports/job";
import { ReportProgressView } from "../reports/ReportProgress";
import { ReportsPanel } from "../reports/ReportsPanel";
import { ProvenancePanel } from "../reports/ProvenancePanel";
import type { ReportDefinition } from "../../reports/definition";

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
      <ProvenancePanel reports={services.reports} workbook={services.workbook} />
    </>
  );
}
