// The columns a report or formula returns, typed as a comma list or added from the fields a preview showed.
import { Combobox, Field, Input, Option } from "@fluentui/react-components";
import { useMemo } from "react";
import { referenceColumns } from "./catalog";
import { parseColumns } from "./model";
import { useBuilderStyles } from "./styles";

export interface ColumnsFieldProps {
  text: string;
  /** The fields the last preview showed, if any. */
  fields: string[];
  onChange: (text: string) => void;
}

export function ColumnsField({ text, fields, onChange }: ColumnsFieldProps) {
  const styles = useBuilderStyles();
  const choices = useMemo(() => [...new Set([...fields, ...fields.flatMap(referenceColumns)])], [fields]);
  return (
    <>
      <Field label="Columns" hint="Comma-separated; empty means every column. Run Preview to pick from the fields.">
        <Input value={text} onChange={(_, d) => onChange(d.value)} />
      </Field>
      {choices.length > 0 && (
        <Combobox
          className={styles.combobox}
          aria-label="Add a column"
          placeholder="Add a column from the preview"
          value=""
          onOptionSelect={(_, d) => d.optionValue && onChange([...parseColumns(text), d.optionValue].join(","))}
        >
          {choices.map((c) => (
            <Option key={c}>{c}</Option>
          ))}
        </Combobox>
      )}
    </>
  );
}
