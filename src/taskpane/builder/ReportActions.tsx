// What the builder does with its query: insert it as a formula or a report (and where), or, while a report is
// being edited, save it and refresh that report.
import { Button, Radio, RadioGroup } from "@fluentui/react-components";
import type { Placement } from "../../reports/ports";
import { useBuilderStyles } from "./styles";

export interface ReportActionsProps {
  editing: boolean;
  blocked: boolean;
  placement: Placement;
  onPlacement: (placement: Placement) => void;
  onInsertFormula: () => void;
  onInsertReport: () => void;
  onSave: () => void;
  onEditDone: () => void;
}

export function ReportActions(props: ReportActionsProps) {
  const styles = useBuilderStyles();
  const { blocked } = props;
  if (props.editing) {
    return (
      <div className={styles.buttons}>
        <Button appearance="primary" onClick={props.onSave} disabled={blocked}>
          Save and refresh
        </Button>
        <Button onClick={props.onEditDone}>Stop editing</Button>
      </div>
    );
  }
  return (
    <>
      <RadioGroup
        aria-label="Place the report"
        layout="horizontal"
        className={styles.placement}
        value={props.placement}
        onChange={(_, d) => props.onPlacement(d.value as Placement)}
      >
        <Radio value="selection" label="At the selected cell" />
        <Radio value="new-sheet" label="On a new sheet" />
      </RadioGroup>
      <div className={styles.buttons}>
        <Button onClick={props.onInsertFormula} disabled={blocked}>
          Insert as formula
        </Button>
        <Button appearance="primary" onClick={props.onInsertReport} disabled={blocked}>
          Insert as report
        </Button>
      </div>
    </>
  );
}
