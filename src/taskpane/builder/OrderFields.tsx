// The order, direction and limit of a query.
import { Combobox, Dropdown, Field, Input, Option } from "@fluentui/react-components";
import type { BuilderState } from "./model";
import { useBuilderStyles } from "./styles";

export interface OrderFieldsProps {
  state: BuilderState;
  properties: string[];
  onChange: (state: BuilderState) => void;
}

export function OrderFields({ state, properties, onChange }: OrderFieldsProps) {
  const styles = useBuilderStyles();
  return (
    <div className={styles.fields}>
      <Field label="Order by">
        <Combobox
          className={styles.combobox}
          freeform
          value={state.orderBy}
          selectedOptions={[state.orderBy]}
          onChange={(e) => onChange({ ...state, orderBy: e.target.value })}
          onOptionSelect={(_, d) => onChange({ ...state, orderBy: d.optionValue ?? "" })}
        >
          {properties.map((p) => (
            <Option key={p}>{p}</Option>
          ))}
        </Combobox>
      </Field>
      <Field label="Direction">
        <Dropdown
          className={styles.control}
          value={state.direction || "ascending"}
          selectedOptions={[state.direction || "ascending"]}
          disabled={!state.orderBy}
          onOptionSelect={(_, d) =>
            onChange({ ...state, direction: d.optionValue === "descending" ? "descending" : "" })
          }
        >
          <Option>ascending</Option>
          <Option>descending</Option>
        </Dropdown>
      </Field>
      <Field label="Limit" hint="0 = all">
        <Input type="number" min={0} value={state.limit} onChange={(_, d) => onChange({ ...state, limit: d.value })} />
      </Field>
    </div>
  );
}
