// Which collection the query reads: the collection, then its reference type (Reference) or its variant.
import { Dropdown, Field, Option } from "@fluentui/react-components";
import { COLLECTIONS, REFERENCE_TYPES, variantsOf } from "./catalog";
import { useBuilderStyles } from "./styles";

const REFERENCE = "Reference";
const ANY_VARIANT = "(any)";
const ALL_TYPES = "(every type)";

function split(collection: string): { base: string; type: string } {
  const [base, type] = collection.split("/");
  return base.toLowerCase() === "reference" ? { base: REFERENCE, type: type ?? "" } : { base, type: "" };
}

export interface CollectionFieldsProps {
  collection: string;
  variant: string;
  onCollection: (collection: string) => void;
  onVariant: (variant: string) => void;
}

export function CollectionFields({ collection, variant, onCollection, onVariant }: CollectionFieldsProps) {
  const styles = useBuilderStyles();
  const { base, type: referenceType } = split(collection);
  return (
    <div className={styles.fields}>
      <Field label="Collection">
        <Dropdown
          className={styles.control}
          value={base}
          selectedOptions={[base]}
          onOptionSelect={(_, d) => d.optionValue && onCollection(d.optionValue)}
        >
          {COLLECTIONS.map((c) => (
            <Option key={c}>{c}</Option>
          ))}
        </Dropdown>
      </Field>
      {base === REFERENCE ? (
        <Field label="Reference type">
          <Dropdown
            className={styles.control}
            value={referenceType || ALL_TYPES}
            selectedOptions={[referenceType || ALL_TYPES]}
            onOptionSelect={(_, d) =>
              onCollection(d.optionValue === ALL_TYPES || !d.optionValue ? "Reference" : `reference/${d.optionValue}`)
            }
          >
            {[ALL_TYPES, ...REFERENCE_TYPES].map((t) => (
              <Option key={t}>{t}</Option>
            ))}
          </Dropdown>
        </Field>
      ) : (
        <Field label="Variant">
          <Dropdown
            className={styles.control}
            value={variant || ANY_VARIANT}
            selectedOptions={[variant || ANY_VARIANT]}
            onOptionSelect={(_, d) => onVariant(d.optionValue === ANY_VARIANT ? "" : (d.optionValue ?? ""))}
          >
            {[ANY_VARIANT, ...variantsOf(collection)].map((v) => (
              <Option key={v}>{v}</Option>
            ))}
          </Dropdown>
        </Field>
      )}
    </div>
  );
}
