// The Import panel: pick the kind and the rows (the selection or a table), map columns to fields, validate, then
// send in batches with progress and Cancel, and see each batch's operation and the rows Kalibrate rejected. All the
// rules live in ImportService; this component only shows them.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Option,
  ProgressBar,
  Subtitle2,
  tokens,
} from "@fluentui/react-components";
import { IMPORT_FIELDS, IMPORT_KINDS, KIND_LABELS, type ImportKind } from "../../imports/kinds";
import type { ColumnMapping } from "../../imports/mapping";
import type { SourceData, SourceRef } from "../../imports/ports";
import type { ImportProgress } from "../../imports/progress";
import type { Rights } from "../../imports/rights";
import { readOnlyMessage } from "../../imports/rights";
import type { ImportService, Prepared, RejectedRow, SendOutcome, SendProgress } from "../../imports/service";
import { DEFAULT_PRICE_BAND } from "../../imports/validate";
import { splitAddress } from "../../excel/reports/a1";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  pair: { display: "grid", gridTemplateColumns: "1fr 1fr", gap: tokens.spacingHorizontalS },
  buttons: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  scroll: { maxHeight: "220px", overflow: "auto", maxWidth: "100%" },
  table: {
    borderCollapse: "collapse",
    width: "100%",
    fontSize: tokens.fontSizeBase200,
    "& th, & td": {
      textAlign: "left",
      verticalAlign: "top",
      padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      overflowWrap: "anywhere",
    },
    "& th": { whiteSpace: "nowrap", overflowWrap: "normal" },
  },
  dropdown: { minWidth: 0, width: "100%" },
  input: { minWidth: 0, width: "100%", "& input": { minWidth: 0, width: "100%" } },
});

const NOT_MAPPED = "(not mapped)";
const SHOWN_ROWS = 200;
const n = (count: number) => count.toLocaleString("en-GB");

export interface ImportPanelProps {
  imports: ImportService;
  /** Changes whenever the connection does, so rights are read again. */
  connectionKey: string;
  clientId?: string;
}

function sheetRow(source: SourceData, row: number): number {
  return splitAddress(source.address).rect.row + 2 + row;
}

export function ImportPanel({ imports, connectionKey, clientId }: ImportPanelProps) {
  const styles = useStyles();
  const [kind, setKind] = useState<ImportKind>("competitorPrice");
  const [sourceChoice, setSourceChoice] = useState<string>("selection");
  const [tables, setTables] = useState<string[]>([]);
  const [source, setSource] = useState<SourceData>();
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [band, setBand] = useState({ min: String(DEFAULT_PRICE_BAND.min), max: String(DEFAULT_PRICE_BAND.max) });
  const [prepared, setPrepared] = useState<Prepared>();
  const [rights, setRights] = useState<Rights>("unknown");
  const [busy, setBusy] = useState<string>();
  const [progress, setProgress] = useState<SendProgress>();
  const [outcome, setOutcome] = useState<SendOutcome>();
  const [message, setMessage] = useState<{ intent: "error" | "success" | "info"; text: string }>();
  const [unfinished, setUnfinished] = useState<ImportProgress[]>([]);
  const cancel = useRef<AbortController>();

  useEffect(() => {
    if (!connectionKey) return;
    imports.rights().then(setRights, () => setRights("unknown"));
  }, [imports, connectionKey]);
  const reloadUnfinished = useCallback(() => {
    imports.unfinished().then(setUnfinished, () => setUnfinished([]));
  }, [imports]);
  useEffect(reloadUnfinished, [reloadUnfinished]);

  const run = async (label: string, work: () => Promise<string | void>) => {
    setBusy(label);
    setMessage(undefined);
    try {
      const text = await work();
      if (text) setMessage({ intent: "info", text });
    } catch (error) {
      setMessage({ intent: "error", text: (error as Error).message });
    } finally {
      setBusy(undefined);
      setProgress(undefined);
      reloadUnfinished();
    }
  };

  const sourceRef = (): SourceRef =>
    sourceChoice === "selection" ? { kind: "selection" } : { kind: "table", name: sourceChoice };

  const readRows = () =>
    run("Reading rows", async () => {
      const data = await imports.read(sourceRef());
      setSource(data);
      setPrepared(undefined);
      setOutcome(undefined);
      setMapping(await imports.mappingFor(kind, data.headers));
      return `Read ${n(data.rows.length)} rows from ${data.address}.`;
    });

  const changeKind = async (next: ImportKind) => {
    setKind(next);
    setPrepared(undefined);
    if (source) setMapping(await imports.mappingFor(next, source.headers));
  };

  const validate = () =>
    run("Validating", async () => {
      if (!source) return;
      await imports.saveMapping(kind, mapping, source.headers);
      const next = await imports.validate(kind, source, mapping, {
        priceBand: { min: Number(band.min), max: Number(band.max) },
      });
      setPrepared(next);
      setOutcome(undefined);
      const { validRows, invalidRows } = next.validation;
      return invalidRows.length === 0
        ? `All ${n(validRows.length)} rows are valid.`
        : `${n(validRows.length)} rows are valid, ${n(invalidRows.length)} are not: see the problems below.`;
    });

  const sending = (work: (signal: AbortSignal) => Promise<SendOutcome>) =>
    run("Sending", async () => {
      const controller = new AbortController();
      cancel.current = controller;
      try {
        const result = await work(controller.signal);
        setOutcome(result);
        setMessage({ intent: result.stopped ? "error" : "success", text: result.message });
      } finally {
        cancel.current = undefined;
      }
    });

  const send = (validOnly: boolean) =>
    prepared && sending((signal) => imports.send(prepared, { validOnly, signal, onProgress: setProgress }));
  const resume = (id: string) => sending((signal) => imports.resume(id, { signal, onProgress: setProgress }));

  const copyRows = (rows: RejectedRow[], data: SourceData) =>
    run("Copying", async () => {
      const sheet = await imports.copyRows(data, rows);
      return `Copied ${n(rows.length)} rows with their reasons to the sheet "${sheet}". Fix them there, select the rows with their headers and import them again.`;
    });

  const readOnly = rights === "Read";
  const problems = prepared?.validation.problems ?? [];
  const invalid = prepared?.validation.invalidRows.length ?? 0;
  const valid = prepared?.validation.validRows.length ?? 0;
  const idle = busy === undefined;

  return (
    <Card aria-label="Import">
      <CardHeader header={<Subtitle2 as="h2">Import to Kalibrate</Subtitle2>} />
      <div className={styles.form}>
        {readOnly && (
          <MessageBar intent="warning" aria-label="Import rights">
            <MessageBarBody>{readOnlyMessage(clientId)}</MessageBarBody>
          </MessageBar>
        )}
        {unfinished.map((p) => (
          <MessageBar key={p.id} intent="warning" aria-label="Unfinished import" layout="multiline">
            <MessageBarBody>
              An import of {n(p.records)} {KIND_LABELS[p.kind].toLowerCase()} from {p.source.address} is unfinished:{" "}
              {p.batches.filter((b) => b.state === "sent").length} of {p.batches.length} batches acknowledged.
            </MessageBarBody>
            <MessageBarActions>
              <Button size="small" disabled={!idle} onClick={() => resume(p.id)}>
                Resume
              </Button>
              <Button size="small" disabled={!idle} onClick={() => void imports.discard(p.id).then(reloadUnfinished)}>
                Discard
              </Button>
            </MessageBarActions>
          </MessageBar>
        ))}
        <div className={styles.pair}>
          <Field label="Import kind">
            <Dropdown
              className={styles.dropdown}
              value={KIND_LABELS[kind]}
              selectedOptions={[kind]}
              onOptionSelect={(_, d) => d.optionValue && void changeKind(d.optionValue as ImportKind)}
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
              onOpenChange={(_, d) => d.open && void imports.tableNames().then(setTables, () => setTables([]))}
              onOptionSelect={(_, d) => d.optionValue && setSourceChoice(d.optionValue)}
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
          <Button appearance="primary" disabled={!idle} onClick={() => void readRows()}>
            Read rows
          </Button>
        </div>
        {source && (
          <>
            <Caption1>
              {n(source.rows.length)} rows from {source.address}; headers in the first row.
            </Caption1>
            <div className={styles.pair} role="group" aria-label="Column mapping">
              {IMPORT_FIELDS[kind].map((spec) => {
                const index = mapping[spec.name];
                const label = index === undefined ? NOT_MAPPED : String(source.headers[index] ?? "");
                return (
                  <Field key={spec.name} label={`${spec.label}${spec.required ? " *" : ""}`}>
                    <Dropdown
                      className={styles.dropdown}
                      aria-label={`Column for ${spec.label}`}
                      value={label}
                      selectedOptions={[index === undefined ? "" : String(index)]}
                      onOptionSelect={(_, d) => {
                        const value =
                          d.optionValue === "" || d.optionValue === undefined ? undefined : Number(d.optionValue);
                        setMapping((m) => ({ ...m, [spec.name]: value }));
                        setPrepared(undefined);
                      }}
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
              <Button disabled={!idle} onClick={() => void validate()}>
                Validate
              </Button>
            </div>
          </>
        )}
        {prepared && (
          <>
            <Body1 role="status" aria-label="Validation summary">
              {n(valid)} valid rows, {n(invalid)} invalid
              {prepared.validation.blankRows ? `, ${n(prepared.validation.blankRows)} blank skipped` : ""}.
            </Body1>
            {problems.length > 0 && (
              <>
                <div className={styles.scroll} data-scroll-ok>
                  <table className={styles.table} aria-label="Problems">
                    <thead>
                      <tr>
                        <th>Row</th>
                        <th>Field</th>
                        <th>Problem</th>
                      </tr>
                    </thead>
                    <tbody>
                      {problems.slice(0, SHOWN_ROWS).map((p, i) => (
                        <tr key={i}>
                          <td>{sheetRow(prepared.source, p.row)}</td>
                          <td>{p.field}</td>
                          <td>{p.reason}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {problems.length > SHOWN_ROWS && (
                  <Caption1>
                    The first {SHOWN_ROWS} of {n(problems.length)} problems; copy the invalid rows to see them all.
                  </Caption1>
                )}
                <div className={styles.buttons}>
                  <Button
                    size="small"
                    disabled={!idle}
                    onClick={() =>
                      void run("Marking", async () => {
                        const { marked, skipped } = await imports.markInvalid(prepared);
                        return `Marked ${n(marked)} cells with a comment giving the reason${skipped ? ` (the first ${n(marked)}; ${n(skipped)} more are in the table)` : ""}. Values are unchanged; Clear marks removes them.`;
                      })
                    }
                  >
                    Mark in sheet
                  </Button>
                  <Button
                    size="small"
                    disabled={!idle}
                    onClick={() => void run("Clearing", async () => `Removed ${n(await imports.clearMarks())} marks.`)}
                  >
                    Clear marks
                  </Button>
                  <Button
                    size="small"
                    disabled={!idle}
                    onClick={() => void copyRows(imports.invalidRows(prepared), prepared.source)}
                  >
                    Copy invalid rows to a new sheet
                  </Button>
                </div>
              </>
            )}
            <div className={styles.buttons}>
              <Button
                appearance="primary"
                disabled={!idle || invalid > 0 || valid === 0 || readOnly}
                onClick={() => void send(false)}
              >
                Send
              </Button>
              {invalid > 0 && valid > 0 && (
                <Button disabled={!idle || readOnly} onClick={() => void send(true)}>
                  Send the valid rows only
                </Button>
              )}
            </div>
          </>
        )}
        {busy && (
          <div role="status" aria-label="Import progress">
            <ProgressBar value={progress && progress.batches ? progress.done / progress.batches : undefined} />
            <Caption1>
              {progress
                ? `${progress.phase === "sending" ? "Sent" : "Processed"} ${progress.done} of ${progress.batches} batches (${n(progress.records)} records)`
                : `${busy}…`}
            </Caption1>
            {busy === "Sending" && (
              <Button size="small" onClick={() => cancel.current?.abort()}>
                Cancel
              </Button>
            )}
          </div>
        )}
        {message && (
          <MessageBar intent={message.intent} aria-label="Import outcome" layout="multiline">
            <MessageBarBody>{message.text}</MessageBarBody>
          </MessageBar>
        )}
        {outcome && (
          <>
            <div className={styles.scroll} data-scroll-ok>
              <table className={styles.table} aria-label="Batches">
                <thead>
                  <tr>
                    <th>Batch</th>
                    <th>Records</th>
                    <th>Status</th>
                    <th>Accepted</th>
                    <th>Rejected</th>
                    <th>Operation</th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.progress.batches.map((b) => (
                    <tr key={b.index}>
                      <td>{b.index + 1}</td>
                      <td>{n(b.count)}</td>
                      <td>{b.state === "sent" ? (b.status ?? "Sent") : b.state === "sending" ? "Unknown" : b.state}</td>
                      <td>{b.accepted ?? ""}</td>
                      <td>{b.rejected ?? ""}</td>
                      <td>{b.operationId ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {outcome.rejected.length > 0 && (
              <>
                <div className={styles.scroll} data-scroll-ok>
                  <table className={styles.table} aria-label="Rejected rows">
                    <thead>
                      <tr>
                        <th>Row</th>
                        <th>Reasons</th>
                      </tr>
                    </thead>
                    <tbody>
                      {outcome.rejected.slice(0, SHOWN_ROWS).map((r) => (
                        <tr key={r.row}>
                          <td>{sheetRow(outcome.source, r.row)}</td>
                          <td>{r.reasons.join("; ")}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <div className={styles.buttons}>
                  <Button size="small" disabled={!idle} onClick={() => void copyRows(outcome.rejected, outcome.source)}>
                    Copy rejected rows to a new sheet
                  </Button>
                </div>
              </>
            )}
            {(outcome.processing > 0 || outcome.stopped) && (
              <div className={styles.buttons}>
                <Button size="small" disabled={!idle} onClick={() => resume(outcome.progress.id)}>
                  {outcome.stopped ? "Resume" : "Check status"}
                </Button>
              </div>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
