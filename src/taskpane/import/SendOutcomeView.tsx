// What sending did: each batch's status and operation, the rows Kalibrate rejected (copyable to a fix sheet), and
// Resume or Check status while batches are unfinished or still processing.
import { Button } from "@fluentui/react-components";
import type { SendOutcome } from "../../imports/service";
import { RowsTable } from "./RowsTable";
import { n, sheetRow, SHOWN_ROWS, useImportStyles } from "./styles";
import type { ImportFlow } from "./use-import-flow";

export function SendOutcomeView({ flow, outcome }: { flow: ImportFlow; outcome: SendOutcome }) {
  const styles = useImportStyles();
  const idle = flow.busy === undefined;
  return (
    <>
      <RowsTable
        label="Batches"
        headers={["Batch", "Records", "Status", "Accepted", "Rejected", "Operation"]}
        rows={outcome.progress.batches.map((b) => [
          b.index + 1,
          n(b.count),
          b.state === "sent" ? (b.status ?? "Sent") : b.state === "sending" ? "Unknown" : b.state,
          b.accepted ?? "",
          b.rejected ?? "",
          b.operationId ?? "",
        ])}
      />
      {outcome.rejected.length > 0 && (
        <>
          <RowsTable
            label="Rejected rows"
            headers={["Row", "Reasons"]}
            rows={outcome.rejected
              .slice(0, SHOWN_ROWS)
              .map((r) => [sheetRow(outcome.source, r.row), r.reasons.join("; ")])}
          />
          <div className={styles.buttons}>
            <Button size="small" disabled={!idle} onClick={() => void flow.copyRows(outcome.rejected, outcome.source)}>
              Copy rejected rows to a new sheet
            </Button>
          </div>
        </>
      )}
      {(outcome.processing > 0 || outcome.stopped) && (
        <div className={styles.buttons}>
          <Button size="small" disabled={!idle} onClick={() => flow.resume(outcome.progress.id)}>
            {outcome.stopped ? "Resume" : "Check status"}
          </Button>
        </div>
      )}
    </>
  );
}
