// A cell holding an entity, as Excel shows it: the entity's compact icon before its text, and a card that opens when
// the icon is clicked, with the card layout's sections (title and properties, in order). Properties excluded from the
// card view are left out; a list shows each element; a nested entity opens its own card (Back returns).
import { useState } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { RichValue } from "./fake-excel/data-types";
import { formatCellText } from "./fake-excel/number-format";

const useStyles = makeStyles({
  icon: {
    minWidth: "16px",
    width: "16px",
    height: "16px",
    padding: 0,
    marginRight: tokens.spacingHorizontalXS,
    verticalAlign: "text-bottom",
    border: "none",
    background: "none",
    cursor: "pointer",
    color: tokens.colorBrandForeground1,
  },
  section: { marginBottom: tokens.spacingVerticalM },
  sectionTitle: { fontWeight: tokens.fontWeightSemibold, marginBottom: tokens.spacingVerticalXS },
  row: { display: "flex", gap: tokens.spacingHorizontalM, justifyContent: "space-between", padding: "2px 0" },
  name: { color: tokens.colorNeutralForeground3 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, textAlign: "right", listStyle: "none" },
});

/** A fuel pump, drawn here (Excel's compact icon "GasPump"); any other icon name shows the same generic glyph. */
function PumpIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="currentColor">
      <path d="M3 2.5A1.5 1.5 0 0 1 4.5 1h4A1.5 1.5 0 0 1 10 2.5V8h.5A1.5 1.5 0 0 1 12 9.5v2a.5.5 0 0 0 1 0V6.2L11.6 4.8l.7-.7 1.5 1.5c.1.1.2.3.2.4v5.5a1.5 1.5 0 0 1-3 0v-2a.5.5 0 0 0-.5-.5H10v5h.5a.5.5 0 0 1 0 1h-8a.5.5 0 0 1 0-1H3v-12Zm1.5-.5a.5.5 0 0 0-.5.5V6h5V2.5a.5.5 0 0 0-.5-.5h-4Z" />
    </svg>
  );
}

/** The icon a cell shows before an entity's text; clicking it opens the card. */
export function EntityIcon({ entity, onOpen }: { entity: RichValue; onOpen: (entity: RichValue) => void }) {
  const styles = useStyles();
  return (
    <button
      type="button"
      className={styles.icon}
      aria-label={`Show card for ${String(entity.text)}`}
      onMouseDown={(event) => event.stopPropagation()}
      onClick={(event) => {
        event.stopPropagation();
        onOpen(entity);
      }}
    >
      <PumpIcon />
    </button>
  );
}

interface Section {
  title?: string;
  properties: string[];
}

type Properties = Record<string, RichValue>;

/** The card's sections: the layout's, or every property in one untitled section when it has none. */
function sectionsOf(entity: RichValue): Section[] {
  const properties = (entity.properties ?? {}) as Properties;
  const card = (entity.layouts as { card?: { sections?: Section[] } } | undefined)?.card;
  const visible = (name: string) => {
    const metadata = properties[name]?.propertyMetadata as { excludeFrom?: { cardView?: boolean } } | undefined;
    return name in properties && !metadata?.excludeFrom?.cardView && properties[name].type !== "Function";
  };
  const sections = card?.sections ?? [{ properties: Object.keys(properties) }];
  return sections.map((s) => ({ ...s, properties: s.properties.filter(visible) })).filter((s) => s.properties.length);
}

function valueText(value: RichValue): string {
  switch (value.type) {
    case "FormattedNumber":
      return formatCellText(value.basicValue as number, value.numberFormat as string);
    case "Entity":
      return String(value.text);
    case "Error":
      return value.errorType === "NotAvailable" ? "#N/A" : "#VALUE!";
  }
  return formatCellText(value.basicValue as string | number | boolean, "General");
}

function Value({ value, open }: { value: RichValue; open: (entity: RichValue) => void }) {
  const styles = useStyles();
  if (value.type === "Array") {
    return (
      <ul className={styles.list}>
        {(value.elements as RichValue[][]).flat().map((element, i) => (
          <li key={i}>
            <Value value={element} open={open} />
          </li>
        ))}
      </ul>
    );
  }
  if (value.type === "Entity") {
    return (
      <span>
        <EntityIcon entity={value} onOpen={open} />
        {String(value.text)}
      </span>
    );
  }
  return <span>{valueText(value)}</span>;
}

/** The card of an entity; `onClose` when dismissed. */
export function EntityCard({ entity, onClose }: { entity: RichValue; onClose: () => void }) {
  const styles = useStyles();
  const [stack, setStack] = useState<RichValue[]>([entity]);
  const shown = stack[stack.length - 1];
  const properties = (shown.properties ?? {}) as Properties;
  const open = (nested: RichValue) => setStack((current) => [...current, nested]);
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-label={`Card for ${String(shown.text)}`}>
        <DialogBody>
          <DialogTitle>{String(shown.text)}</DialogTitle>
          <DialogContent>
            {sectionsOf(shown).map((section, i) => (
              <section key={section.title ?? i} className={styles.section} aria-label={section.title}>
                {section.title && <div className={styles.sectionTitle}>{section.title}</div>}
                {section.properties.map((name) => (
                  <div key={name} className={styles.row} data-field={name}>
                    <span className={styles.name}>{name}</span>
                    <Value value={properties[name]} open={open} />
                  </div>
                ))}
              </section>
            ))}
          </DialogContent>
          <DialogActions>
            {stack.length > 1 && <Button onClick={() => setStack((current) => current.slice(0, -1))}>Back</Button>}
            <Button appearance="primary" onClick={onClose}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
