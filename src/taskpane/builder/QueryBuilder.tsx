// The query builder: controls and query text kept in step (builder-reducer.ts), a preview, and inserting the query
// as a formula or a report table, or saving it into the report being edited.
import { useEffect, useReducer } from "react";
import {
  Button,
  Card,
  CardHeader,
  Field,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Textarea,
} from "@fluentui/react-components";
import type { ReportDefinition, ReportSpec } from "../../reports/definition";
import type { Preview } from "../../reports/preview";
import type { ReportService } from "../../reports/service";
import type { ReportWorkbook } from "../../reports/ports";
import { useReportJobs, type ReportJobs } from "../reports/job";
import { builderReducer, INITIAL_SCREEN, propertyChoices, specOf } from "./builder-reducer";
import { propertiesOf } from "./catalog";
import { CollectionFields } from "./CollectionFields";
import { ColumnsField } from "./ColumnsField";
import { FilterRows } from "./FilterRows";
import { formulaFor } from "./model";
import { OrderFields } from "./OrderFields";
import { PreviewGrid } from "./PreviewGrid";
import { ReportActions } from "./ReportActions";
import { useBuilderStyles } from "./styles";

export interface QueryBuilderProps {
  preview: (spec: ReportSpec, signal?: AbortSignal) => Promise<Preview>;
  reports: ReportService;
  workbook: ReportWorkbook;
  /** A report being edited: the builder opens with its query, and saving refreshes it. */
  editing?: ReportDefinition;
  onEditDone: () => void;
}

/** Writes the formula at the selected cell, asking first when that cell has content. */
function insertFormula(jobs: ReportJobs, workbook: ReportWorkbook, spec: ReportSpec) {
  return jobs.run("Insert as formula", async ({ confirm }) => {
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
}

export function QueryBuilder({ preview, reports, workbook, editing, onEditDone }: QueryBuilderProps) {
  const styles = useBuilderStyles();
  const jobs = useReportJobs();
  const [screen, dispatch] = useReducer(builderReducer, INITIAL_SCREEN);
  const { state, text, textError, shown } = screen;

  useEffect(() => {
    if (editing) dispatch({ type: "edit", report: editing });
  }, [editing]);

  const spec = specOf(screen);
  const change = (next: typeof state) => dispatch({ type: "controls", state: next });

  const runPreview = async () => {
    dispatch({ type: "preview-started" });
    try {
      dispatch({ type: "preview-shown", preview: await preview(spec) });
    } catch (error) {
      dispatch({ type: "preview-failed", message: (error as Error).message });
    } finally {
      dispatch({ type: "preview-ended" });
    }
  };

  const insertReport = () =>
    jobs.run("Insert as report", async (tools) => {
      const report = await reports.insert(spec, screen.placement, tools);
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
  const properties = propertyChoices(screen, propertiesOf(state.collection));

  return (
    <Card aria-label="Query builder">
      <CardHeader
        header={<Subtitle2 as="h2">{editing ? `Edit report ${editing.tableName}` : "Query builder"}</Subtitle2>}
      />
      <div className={styles.form}>
        <CollectionFields
          collection={state.collection}
          variant={state.variant}
          onCollection={(collection) => dispatch({ type: "collection", collection })}
          onVariant={(variant) => change({ ...state, variant })}
        />
        <FilterRows
          filters={state.filters}
          properties={properties}
          onChange={(filters) => change({ ...state, filters })}
        />
        <OrderFields state={state} properties={properties} onChange={change} />
        <Field
          label="Query"
          validationState={textError ? "error" : "none"}
          validationMessage={textError}
          hint={textError ? undefined : "Edit it by hand if you like: the fields above follow."}
        >
          <Textarea
            className={styles.query}
            value={text}
            resize="vertical"
            onChange={(_, d) => dispatch({ type: "typed", text: d.value })}
          />
        </Field>
        <ColumnsField
          text={screen.columnsText}
          fields={shown?.fields ?? []}
          onChange={(columns) => dispatch({ type: "columns", text: columns })}
        />
        <div className={styles.buttons}>
          <Button onClick={() => void runPreview()} disabled={blocked || screen.previewing}>
            Preview
          </Button>
          {screen.previewing && <Spinner size="tiny" label="Fetching a preview…" />}
        </div>
        {screen.problem && (
          <MessageBar intent="error" aria-label="Preview problem">
            <MessageBarBody>{screen.problem}</MessageBarBody>
          </MessageBar>
        )}
        {shown && <PreviewGrid preview={shown} />}
        <ReportActions
          editing={!!editing}
          blocked={blocked}
          placement={screen.placement}
          onPlacement={(placement) => dispatch({ type: "placement", placement })}
          onInsertFormula={() => void insertFormula(jobs, workbook, spec)}
          onInsertReport={() => void insertReport()}
          onSave={saveEdit}
          onEditDone={onEditDone}
        />
      </div>
    </Card>
  );
}
