// The rows read, their columns mapped to the kind's fields, the sane price band, and Validate.
import { Button, Caption1, Dropdown, Field, Input, Option } from "@fluentui/react-components";
import { IMPORT_FIELDS } from "../../imports/kinds";
import type { SourceData } from "../../imports/ports";
import { n, useImportStyles } from "./styles";
import type { ImportFlow } from "./use-import-flow";

const NOT_MAPPED = "(not mapped)";

export function MappingFields({ flow, source }: { flow: ImportFlow; source: SourceData }) {
  const styles = useImportStyles();
  const { band, setBand } = flow;
  return (
    <>
      <Caption1>
        {n(source.rows.length)} rows from {source.address}; headers in the first row.
      </Caption1>
      <div className={styles.pair} role="group" aria-label="Column mapping">
        {IMPORT_FIELDS[flow.kind].map((spec) => {
          const index = flow.mapping[spec.name];
          const label = index === undefined ? NOT_MAPPED : String(source.headers[index] ?? "");
          return (
            <Field key={spec.name} label={`${spec.label}${spec.required ? " *" : ""}`}>
              <Dropdown
                className={styles.dropdown}
                aria-label={`Column for ${spec.label}`}
                value={label}
                selectedOptions={[index === undefined ? "" : String(index)]}
                onOptionSelect={(_, d) =>
                  flow.mapField(
                    spec.name,
                    d.optionValue === "" || d.optionValue === undefined ? undefined : Number(d.optionValue),
                  )
                }
              >
                <Option value="">{NOT_MAPPED}</Option>
                {source.headers.map((header, i) => (
                  <Option key={i} value={String(i)}>
                    {String(header ?? `Column ${i + 1}`) || `Column ${i + 1}`}
                  </Option>
                ))}
              </Dropdown>
            </Field>
          );
        })}
      </div>
      <div className={styles.pair}>
        <Field label="Lowest sane price">
          <Input
            className={styles.input}
            type="number"
            value={band.min}
            onChange={(_, d) => setBand((b) => ({ ...b, min: d.value }))}
          />
        </Field>
        <Field label="Highest sane price">
          <Input
            className={styles.input}
            type="number"
            value={band.max}
            onChange={(_, d) => setBand((b) => ({ ...b, max: d.value }))}
          />
        </Field>
      </div>
      <Caption1>Dates: Excel dates and text such as 2025-06-01 08:00 are read as UTC.</Caption1>
      <div className={styles.buttons}>
        <Button disabled={flow.busy !== undefined} onClick={() => void flow.validate()}>
          Validate
        </Button>
      </div>
    </>
  );
}
