// What validation found: the counts, the problems by sheet row, marking or copying the invalid rows, and Send.
import { Body1, Button, Caption1 } from "@fluentui/react-components";
import type { ImportService, Prepared } from "../../imports/service";
import { RowsTable } from "./RowsTable";
import { n, sheetRow, SHOWN_ROWS, useImportStyles } from "./styles";
import type { ImportFlow } from "./use-import-flow";

export interface ValidationResultProps {
  flow: ImportFlow;
  imports: ImportService;
  prepared: Prepared;
}

export function ValidationResult({ flow, imports, prepared }: ValidationResultProps) {
  const styles = useImportStyles();
  const { problems, blankRows } = prepared.validation;
  const invalid = prepared.validation.invalidRows.length;
  const valid = prepared.validation.validRows.length;
  const idle = flow.busy === undefined;
  const { readOnly, run } = flow;
  const mark = () =>
    run("Marking", async () => {
      const { marked, skipped } = await imports.markInvalid(prepared);
      return `Marked ${n(marked)} cells with a comment giving the reason${skipped ? ` (the first ${n(marked)}; ${n(skipped)} more are in the table)` : ""}. Values are unchanged; Clear marks removes them.`;
    });
  return (
    <>
      <Body1 role="status" aria-label="Validation summary">
        {n(valid)} valid rows, {n(invalid)} invalid
        {blankRows ? `, ${n(blankRows)} blank skipped` : ""}.
      </Body1>
      {problems.length > 0 && (
        <>
          <RowsTable
            label="Problems"
            headers={["Row", "Field", "Problem"]}
            rows={problems.slice(0, SHOWN_ROWS).map((p) => [sheetRow(prepared.source, p.row), p.field, p.reason])}
          />
          {problems.length > SHOWN_ROWS && (
            <Caption1>
              The first {SHOWN_ROWS} of {n(problems.length)} problems; copy the invalid rows to see them all.
            </Caption1>
          )}
          <div className={styles.buttons}>
            <Button size="small" disabled={!idle} onClick={() => void mark()}>
              Mark in sheet
            </Button>
            <Button
              size="small"
              disabled={!idle}
              onClick={() => void run("Clearing", async () => `Removed ${n(await imports.clearMarks())} marks.`)}
            >
              Clear marks
            </Button>
            <Button
              size="small"
              disabled={!idle}
              onClick={() => void flow.copyRows(imports.invalidRows(prepared), prepared.source)}
            >
              Copy invalid rows to a new sheet
            </Button>
          </div>
        </>
      )}
      <div className={styles.buttons}>
        <Button
          appearance="primary"
          disabled={!idle || invalid > 0 || valid === 0 || readOnly}
          onClick={() => void flow.send(false)}
        >
          Send
        </Button>
        {invalid > 0 && valid > 0 && (
          <Button disabled={!idle || readOnly} onClick={() => void flow.send(true)}>
            Send the valid rows only
          </Button>
        )}
      </div>
    </>
  );
}
