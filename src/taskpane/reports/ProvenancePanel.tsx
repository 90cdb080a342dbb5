import { useEffect, useState } from "react";
import { Body1, Card, CardHeader, Caption1, makeStyles, Subtitle2, tokens } from "@fluentui/react-components";
import type { ReportWorkbook } from "../../reports/ports";
import type { CellFetch, Provenance, ReportService } from "../../reports/service";

const useStyles = makeStyles({
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
    wordBreak: "break-all",
  },
  term: { color: tokens.colorNeutralForeground3 },
  detail: { margin: 0, fontFamily: tokens.fontFamilyBase },
});

function Facts({ label, fetch }: { label: string; fetch: CellFetch }) {
  const styles = useStyles();
  const rows: Array<[string, string]> = [
    ["Environment", fetch.environment],
    ["Collection", fetch.collection],
    ["Query", fetch.query || "(none: the first 1000)"],
    ["Rows", fetch.rows.toLocaleString("en-GB")],
    ["Retrieved at", new Date(fetch.retrievedAt).toLocaleString("en-GB")],
    ["Duration", `${(fetch.durationMs / 1000).toFixed(2)} s`],
    ["Correlation id", fetch.correlationId ?? "not sent by the API"],
  ];
  return (
    <dl className={styles.facts} aria-label={label}>
      {rows.map(([term, detail]) => (
        <div key={term} style={{ display: "contents" }}>
          <dt className={styles.term}>{term}</dt>
          <dd className={styles.detail}>{detail}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Where the selected report table's or KALIBRATE cell's data came from, following the selection. */
export function ProvenancePanel({ reports, workbook }: { reports: ReportService; workbook: ReportWorkbook }) {
  const [shown, setShown] = useState<Provenance>();
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    let latest = 0;
    const look = () => {
      const ticket = ++latest;
      workbook
        .describeSelection()
        .then((selection) => reports.provenance(selection))
        .then(
          (provenance) => ticket === latest && (setShown(provenance), setProblem(undefined)),
          (error: Error) => ticket === latest && setProblem(error.message),
        );
    };
    look();
    const stop = workbook.onSelectionChanged(look);
    const stopReports = reports.onChange(look);
    return () => {
      latest = -1;
      stop();
      stopReports();
    };
  }, [reports, workbook]);

  let body: JSX.Element;
  if (problem) body = <Body1>{problem}</Body1>;
  else if (!shown) body = <Body1>Looking at the selection…</Body1>;
  else if (shown.kind === "none") body = <Body1>{shown.reason}</Body1>;
  else if (shown.kind === "report") {
    const d = shown.definition;
    body = (
      <>
        <Caption1>
          Report table {d.tableName} on {d.sheet}; built on {d.environment}
          {d.status !== "ok" && d.message ? `. Last refresh: ${d.message}` : ""}
        </Caption1>
        {d.lastResult ? (
          <Facts label="Report provenance" fetch={{ ...d.lastResult, collection: d.collection, query: d.query }} />
        ) : (
          <Body1>Not fetched yet.</Body1>
        )}
      </>
    );
  } else {
    body = (
      <>
        <Caption1>
          {shown.address}: {shown.formula}
        </Caption1>
        {shown.fetches.map((fetch, i) => (
          <Facts key={i} label={i === 0 ? "Cell provenance" : `Cell provenance ${i + 1}`} fetch={fetch} />
        ))}
      </>
    );
  }
  return (
    <Card aria-label="Provenance">
      <CardHeader header={<Subtitle2 as="h2">Provenance</Subtitle2>} />
      {body}
    </Card>
  );
}
