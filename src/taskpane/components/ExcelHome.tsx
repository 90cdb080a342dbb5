import type { PaneServices } from "../services";
import { useTokenStatus } from "../services";
import { ConnectPanel } from "./ConnectPanel";
import { RefreshPanel } from "./RefreshPanel";

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
      />
      <RefreshPanel refresh={services.refresh} />
    </>
  );
}
