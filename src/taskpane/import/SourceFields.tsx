// What to import and from where: the kind, the selected range or a table, and Read rows.
import { Button, Dropdown, Field, Option } from "@fluentui/react-components";
import { useState } from "react";
import { IMPORT_KINDS, KIND_LABELS, type ImportKind } from "../../imports/kinds";
import type { ImportService } from "../../imports/service";
import { useImportStyles } from "./styles";
import type { ImportFlow } from "./use-import-flow";

export function SourceFields({ flow, imports }: { flow: ImportFlow; imports: ImportService }) {
  const styles = useImportStyles();
  const [tables, setTables] = useState<string[]>([]);
  const { kind, sourceChoice } = flow;
  return (
    <>
      <div className={styles.pair}>
        <Field label="Import kind">
          <Dropdown
            className={styles.dropdown}
            value={KIND_LABELS[kind]}
            selectedOptions={[kind]}
            onOptionSelect={(_, d) => d.optionValue && void flow.changeKind(d.optionValue as ImportKind)}
          >
            {IMPORT_KINDS.map((k) => (
              <Option key={k} value={k}>
                {KIND_LABELS[k]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Rows from">
          <Dropdown
            className={styles.dropdown}
            value={sourceChoice === "selection" ? "The selected range" : sourceChoice}
            selectedOptions={[sourceChoice]}
            // The list of tables is a suggestion: when it cannot be read, the selected range is still offered.
            onOpenChange={(_, d) => d.open && void imports.tableNames().then(setTables, () => setTables([]))}
            onOptionSelect={(_, d) => d.optionValue && flow.setSourceChoice(d.optionValue)}
          >
            <Option value="selection">The selected range</Option>
            {tables.map((t) => (
              <Option key={t} value={t}>
                {t}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      <div className={styles.buttons}>
        <Button appearance="primary" disabled={flow.busy !== undefined} onClick={() => void flow.readRows()}>
          Read rows
        </Button>
      </div>
    </>
  );
}
