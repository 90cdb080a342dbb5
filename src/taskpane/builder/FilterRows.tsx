import { Button, Combobox, Dropdown, Input, makeStyles, Option, tokens } from "@fluentui/react-components";
import { OPERATORS, type Operator } from "../../core/query";
import { isDateProperty } from "./catalog";
import type { FilterRow } from "./model";

const useStyles = makeStyles({
  rows: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: {
    display: "grid",
    gridTemplateColumns: "5rem minmax(0, 1fr) auto",
    gridTemplateAreas: '"property property property" "operator value remove"',
    gap: tokens.spacingHorizontalXS,
    alignItems: "center",
    paddingLeft: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
  },
  // A Combobox's text box is as wide as 20 characters unless its column may shrink below that.
  property: { gridArea: "property", minWidth: 0, width: "100%", gridTemplateColumns: "minmax(0, 1fr) auto" },
  operator: { gridArea: "operator", minWidth: 0, width: "100%" },
  value: { gridArea: "value", minWidth: 0 },
  remove: { gridArea: "remove" },
});

export interface FilterRowsProps {
  filters: FilterRow[];
  properties: string[];
  onChange: (filters: FilterRow[]) => void;
}

/** Filter rows: property (typed, or picked from suggestions), operator, value (a date picker for date properties). */
export function FilterRows({ filters, properties, onChange }: FilterRowsProps) {
  const styles = useStyles();
  const update = (index: number, change: Partial<FilterRow>) =>
    onChange(filters.map((f, i) => (i === index ? { ...f, ...change } : f)));
  return (
    <div className={styles.rows}>
      {filters.map((filter, index) => {
        const n = index + 1;
        const dates = isDateProperty(filter.property);
        return (
          <div className={styles.row} key={index}>
            <Combobox
              className={styles.property}
              freeform
              aria-label={`Filter ${n} property`}
              placeholder="Property"
              value={filter.property}
              selectedOptions={[filter.property]}
              onChange={(e) => update(index, { property: e.target.value })}
              onOptionSelect={(_, data) => data.optionValue && update(index, { property: data.optionValue })}
            >
              {properties
                .filter((p) => p.toLowerCase().includes(filter.property.toLowerCase()))
                .map((p) => (
                  <Option key={p}>{p}</Option>
                ))}
            </Combobox>
            <Dropdown
              className={styles.operator}
              aria-label={`Filter ${n} operator`}
              value={filter.operator}
              selectedOptions={[filter.operator]}
              onOptionSelect={(_, data) => update(index, { operator: data.optionValue as Operator })}
            >
              {OPERATORS.map((op) => (
                <Option key={op} value={op}>
                  {op}
                </Option>
              ))}
            </Dropdown>
            <Input
              className={styles.value}
              aria-label={`Filter ${n} value`}
              type={dates ? "date" : "text"}
              value={dates ? filter.value.slice(0, 10) : filter.value}
              onChange={(_, data) => update(index, { value: data.value })}
            />
            <Button
              className={styles.remove}
              appearance="subtle"
              aria-label={`Remove filter ${n}`}
              onClick={() => onChange(filters.filter((_, i) => i !== index))}
            >
              ✕
            </Button>
          </div>
        );
      })}
      <div>
        <Button size="small" onClick={() => onChange([...filters, { property: "", operator: "=", value: "" }])}>
          Add filter
        </Button>
      </div>
    </div>
  );
}
