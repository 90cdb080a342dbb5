// What sending did: each batch's status and operation, the rows Kalibrate rejected (copyable to a fix sheet), and
// Resume or Check status while batches are unfinished or still processing.
import { Button } from "@fluentui/react-components";
import type { SendOutcome } from "../../imports/service";
import { n, sheetRow, SHOWN_ROWS, useImportStyles } from "./styles";
import type { ImportFlow } from "./use-import-flow";

export function SendOutcomeView({ flow, outcome }: { flow: ImportFlow; outcome: SendOutcome }) {
  const styles = useImportStyles();
  const idle = flow.busy === undefined;
  return (
    <>
      <div className={styles.scroll} data-scroll-ok>
        <table className={styles.table} aria-label="Batches">
          <thead>
            <tr>
              <th>Batch</th>
              <th>Records</th>
              <th>Status</th>
              <th>Accepted</th>
              <th>Rejected</th>
              <th>Operation</th>
            </tr>
          </thead>
          <tbody>
            {outcome.progress.batches.map((b) => (
              <tr key={b.index}>
                <td>{b.index + 1}</td>
                <td>{n(b.count)}</td>
                <td>{b.state === "sent" ? (b.status ?? "Sent") : b.state === "sending" ? "Unknown" : b.state}</td>
                <td>{b.accepted ?? ""}</td>
                <td>{b.rejected ?? ""}</td>
                <td>{b.operationId ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {outcome.rejected.length > 0 && (
        <>
          <div className={styles.scroll} data-scroll-ok>
            <table className={styles.table} aria-label="Rejected rows">
              <thead>
                <tr>
                  <th>Row</th>
                  <th>Reasons</th>
                </tr>
              </thead>
              <tbody>
                {outcome.rejected.slice(0, SHOWN_ROWS).map((r) => (
                  <tr key={r.row}>
                    <td>{sheetRow(outcome.source, r.row)}</td>
                    <td>{r.reasons.join("; ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
