// The Import panel's state and steps: read rows, map, validate, send or resume with Cancel, copy rows to a fix
// sheet. Each step runs through `run`, which shows its outcome or its failure's sentence. The rules live in
// ImportService; this hook only sequences them for the panel.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ImportKind } from "../../imports/kinds";
import type { ColumnMapping } from "../../imports/mapping";
import type { SourceData, SourceRef } from "../../imports/ports";
import type { ImportProgress } from "../../imports/progress";
import type { Rights } from "../../imports/rights";
import type { ImportService, Prepared, RejectedRow, SendOutcome, SendProgress } from "../../imports/service";
import { DEFAULT_PRICE_BAND } from "../../imports/validate";
import { n } from "./styles";

export interface ImportMessage {
  intent: "error" | "success" | "info";
  text: string;
}

/** Runs one step at a time: `busy` names it, its sentence (or its failure's) becomes the message. */
function useStepRunner(after: () => void) {
  const [busy, setBusy] = useState<string>();
  const [progress, setProgress] = useState<SendProgress>();
  const [message, setMessage] = useState<ImportMessage>();
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
      after();
    }
  };
  return { busy, progress, setProgress, message, setMessage, run };
}

export function useImportFlow(imports: ImportService, connectionKey: string) {
  const [kind, setKind] = useState<ImportKind>("competitorPrice");
  const [sourceChoice, setSourceChoice] = useState<string>("selection");
  const [source, setSource] = useState<SourceData>();
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [band, setBand] = useState({ min: String(DEFAULT_PRICE_BAND.min), max: String(DEFAULT_PRICE_BAND.max) });
  const [prepared, setPrepared] = useState<Prepared>();
  const [rights, setRights] = useState<Rights>("unknown");
  const [outcome, setOutcome] = useState<SendOutcome>();
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

  const { busy, progress, setProgress, message, setMessage, run } = useStepRunner(reloadUnfinished);

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

  const mapField = (field: string, column: number | undefined) => {
    setMapping((m) => ({ ...m, [field]: column }));
    setPrepared(undefined);
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

  return {
    kind,
    sourceChoice,
    setSourceChoice,
    source,
    mapping,
    band,
    setBand,
    prepared,
    readOnly: rights === "Read",
    busy,
    progress,
    outcome,
    message,
    unfinished,
    reloadUnfinished,
    run,
    readRows,
    changeKind,
    mapField,
    validate,
    send,
    resume,
    copyRows,
    cancel: () => cancel.current?.abort(),
  };
}

export type ImportFlow = ReturnType<typeof useImportFlow>;
