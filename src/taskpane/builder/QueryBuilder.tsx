import { useEffect, useMemo, useState } from "react";
import {
  Button,
  Card,
  CardHeader,
  Combobox,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle2,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import type { ReportDefinition, ReportSpec } from "../../reports/definition";
import type { Placement } from "../../reports/ports";
import type { Preview } from "../../reports/preview";
import type { ReportService } from "../../reports/service";
import type { ReportWorkbook } from "../../reports/ports";
import { useReportJobs } from "../reports/job";
import { COLLECTIONS, propertiesOf, REFERENCE_TYPES, referenceColumns, variantsOf } from "./catalog";
import { FilterRows } from "./FilterRows";
import {
  describeSyntaxError,
  EMPTY_STATE,
  formulaFor,
  parseColumns,
  queryText,
  readQueryText,
  stateOf,
  type BuilderState,
} from "./model";
import { PreviewGrid } from "./PreviewGrid";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  // Side by side where each field gets 9rem, one under another in a narrower pane (Excel opens panes at 320-350 px).
  fields: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 9rem), 1fr))",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    "& > *": { minWidth: 0 },
  },
  // Fluent's Dropdown and Combobox keep 250 px by default; here they take the width their field has.
  control: { minWidth: 0, width: "100%" },
  // A Combobox's text box is as wide as 20 characters unless its column may shrink below that.
  combobox: { minWidth: 0, width: "100%", gridTemplateColumns: "minmax(0, 1fr) auto" },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  placement: { flexWrap: "wrap" },
  query: { fontFamily: tokens.fontFamilyMonospace },
});

export interface QueryBuilderProps {
  preview: (spec: ReportSpec, signal?: AbortSignal) => Promise<Preview>;
  reports: ReportService;
  workbook: ReportWorkbook;
  /** A report being edited: the builder opens with its query, and saving refreshes it. */
  editing?: ReportDefinition;
  onEditDone: () => void;
}

const REFERENCE = "Reference";
const ANY_VARIANT = "(any)";
const ALL_TYPES = "(every type)";

function split(collection: string): { base: string; type: string } {
  const [base, type] = collection.split("/");
  return base.toLowerCase() === "reference" ? { base: REFERENCE, type: type ?? "" } : { base, type: "" };
}

export function QueryBuilder({ preview, reports, workbook, editing, onEditDone }: QueryBuilderProps) {
  const styles = useStyles();
  const jobs = useReportJobs();
  const [state, setState] = useState<BuilderState>(EMPTY_STATE);
  const [text, setText] = useState(() => queryText(EMPTY_STATE));
  const [textError, setTextError] = useState<string>();
  const [columnsText, setColumnsText] = useState("");
  const [placement, setPlacement] = useState<Placement>("selection");
  const [shown, setShown] = useState<Preview>();
  const [previewing, setPreviewing] = useState(false);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    if (!editing) return;
    const read = stateOf(editing);
    setState(read.ok ? read.state : { ...EMPTY_STATE, collection: editing.collection, columns: editing.columns });
    setText(editing.query);
    setTextError(read.ok ? undefined : describeSyntaxError(read.error));
    setColumnsText(editing.columns.join(","));
    setShown(undefined);
  }, [editing]);

  /** A change made with the controls: the text follows. */
  const change = (next: BuilderState) => {
    setState(next);
    try {
      setText(queryText(next));
      setTextError(undefined);
    } catch (error) {
      setTextError((error as Error).message);
    }
  };

  /** Text typed by hand: the controls follow when it parses; otherwise the error shows under it. */
  const type = (typed: string) => {
    setText(typed);
    const read = readQueryText(typed, state);
    if (read.ok) {
      setState(read.state);
      setTextError(undefined);
    } else setTextError(describeSyntaxError(read.error));
  };

  const spec: ReportSpec = { collection: state.collection, query: text.trim(), columns: parseColumns(columnsText) };
  const { base, type: referenceType } = split(state.collection);
  const properties = useMemo(() => {
    const seen = shown?.fields ?? [];
    return [...new Set([...propertiesOf(state.collection), ...seen])];
  }, [state.collection, shown]);
  const columnChoices = useMemo(() => {
    const fields = shown?.fields ?? [];
    return [...new Set([...fields, ...fields.flatMap(referenceColumns)])];
  }, [shown]);

  const setCollection = (collection: string) => {
    const variants = variantsOf(collection);
    change({ ...state, collection, variant: variants.includes(state.variant) ? state.variant : "" });
    setShown(undefined);
  };

  const runPreview = async () => {
    setPreviewing(true);
    setProblem(undefined);
    try {
      setShown(await preview(spec));
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setPreviewing(false);
    }
  };

  const insertFormula = () =>
    jobs.run("Insert as formula", async ({ confirm }) => {
      const formula = formulaFor(spec);
      if (await workbook.selectedCellHasContent()) {
        const go = await confirm({
          title: "Replace the selected cell?",
          message: "The selected cell is not empty. Writing the formula replaces what is in it.",
          confirmLabel: "Replace",
        });
        if (!go)
          throw Object.assign(new Error("Nothing was written: the selected cell was kept."), { reason: "declined" });
      }
      const address = await workbook.writeFormula(formula);
      return `Wrote ${formula} at ${address}.`;
    });

  const insertReport = () =>
    jobs.run("Insert as report", async (tools) => {
      const report = await reports.insert(spec, placement, tools);
      return `Inserted ${report.rows?.toLocaleString("en-GB")} rows as the table ${report.tableName} on ${report.sheet} in ${((report.durationMs ?? 0) / 1000).toFixed(1)} s.`;
    });

  const saveEdit = () => {
    if (!editing) return;
    void jobs.run(`Refresh ${editing.tableName}`, async (tools) => {
      const report = await reports.refresh(editing.id, { ...tools, spec });
      onEditDone();
      return `Saved and refreshed ${report.tableName}: ${report.rows?.toLocaleString("en-GB")} rows.`;
    });
  };

  const blocked = textError !== undefined || jobs.running !== undefined;
  const variants = variantsOf(state.collection);

  return (
    <Card aria-label="Query builder">
      <CardHeader
        header={<Subtitle2 as="h2">{editing ? `Edit report ${editing.tableName}` : "Query builder"}</Subtitle2>}
      />
      <div className={styles.form}>
        <div className={styles.fields}>
          <Field label="Collection">
            <Dropdown
              className={styles.control}
              value={base}
              selectedOptions={[base]}
              onOptionSelect={(_, d) => d.optionValue && setCollection(d.optionValue)}
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
                  setCollection(
                    d.optionValue === ALL_TYPES || !d.optionValue ? "Reference" : `reference/${d.optionValue}`,
                  )
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
                value={state.variant || ANY_VARIANT}
                selectedOptions={[state.variant || ANY_VARIANT]}
                onOptionSelect={(_, d) =>
                  change({ ...state, variant: d.optionValue === ANY_VARIANT ? "" : (d.optionValue ?? "") })
                }
              >
                {[ANY_VARIANT, ...variants].map((v) => (
                  <Option key={v}>{v}</Option>
                ))}
              </Dropdown>
            </Field>
          )}
        </div>
        <FilterRows
          filters={state.filters}
          properties={properties}
          onChange={(filters) => change({ ...state, filters })}
        />
        <div className={styles.fields}>
          <Field label="Order by">
            <Combobox
              className={styles.combobox}
              freeform
              value={state.orderBy}
              selectedOptions={[state.orderBy]}
              onChange={(e) => change({ ...state, orderBy: e.target.value })}
              onOptionSelect={(_, d) => change({ ...state, orderBy: d.optionValue ?? "" })}
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
                change({ ...state, direction: d.optionValue === "descending" ? "descending" : "" })
              }
            >
              <Option>ascending</Option>
              <Option>descending</Option>
            </Dropdown>
          </Field>
          <Field label="Limit" hint="0 = all">
            <Input
              type="number"
              min={0}
              value={state.limit}
              onChange={(_, d) => change({ ...state, limit: d.value })}
            />
          </Field>
        </div>
        <Field
          label="Query"
          validationState={textError ? "error" : "none"}
          validationMessage={textError}
          hint={textError ? undefined : "Edit it by hand if you like: the fields above follow."}
        >
          <Textarea className={styles.query} value={text} resize="vertical" onChange={(_, d) => type(d.value)} />
        </Field>
        <Field label="Columns" hint="Comma-separated; empty means every column. Run Preview to pick from the fields.">
          <Input value={columnsText} onChange={(_, d) => setColumnsText(d.value)} />
        </Field>
        {columnChoices.length > 0 && (
          <Combobox
            className={styles.combobox}
            aria-label="Add a column"
            placeholder="Add a column from the preview"
            value=""
            onOptionSelect={(_, d) =>
              d.optionValue && setColumnsText([...parseColumns(columnsText), d.optionValue].join(","))
            }
          >
            {columnChoices.map((c) => (
              <Option key={c}>{c}</Option>
            ))}
          </Combobox>
        )}
        <div className={styles.buttons}>
          <Button onClick={() => void runPreview()} disabled={blocked || previewing}>
            Preview
          </Button>
          {previewing && <Spinner size="tiny" label="Fetching a preview…" />}
        </div>
        {problem && (
          <MessageBar intent="error" aria-label="Preview problem">
            <MessageBarBody>{problem}</MessageBarBody>
          </MessageBar>
        )}
        {shown && <PreviewGrid preview={shown} />}
        {editing ? (
          <div className={styles.buttons}>
            <Button appearance="primary" onClick={saveEdit} disabled={blocked}>
              Save and refresh
            </Button>
            <Button onClick={onEditDone}>Stop editing</Button>
          </div>
        ) : (
          <>
            <RadioGroup
              aria-label="Place the report"
              layout="horizontal"
              className={styles.placement}
              value={placement}
              onChange={(_, d) => setPlacement(d.value as Placement)}
            >
              <Radio value="selection" label="At the selected cell" />
              <Radio value="new-sheet" label="On a new sheet" />
            </RadioGroup>
            <div className={styles.buttons}>
              <Button onClick={() => void insertFormula()} disabled={blocked}>
                Insert as formula
              </Button>
              <Button appearance="primary" onClick={() => void insertReport()} disabled={blocked}>
                Insert as report
              </Button>
            </div>
          </>
        )}
      </div>
    </Card>
  );
}
