import { useEffect, useState } from "react";
import {
  Body1,
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  makeStyles,
  Spinner,
  Subtitle2,
  tokens,
} from "@fluentui/react-components";

const useStyles = makeStyles({
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
});

/**
 * Refresh: clear cached results, refresh report tables and recalculate the KALIBRATE cells, then say what it took.
 * The outcome of a refresh started from the ribbon shows here too.
 */
/** Excel's last row, less the header a QUERY cell spills above its rows. */
const MOST_ROWS = 1_048_575;

export function RefreshPanel({
  refresh,
  onRefreshOutcome,
  rowLimit,
}: {
  refresh: () => Promise<string>;
  onRefreshOutcome: (listener: (outcome: string) => void) => () => void;
  rowLimit: { load(): Promise<number>; save(rows: number): Promise<void> };
}) {
  const styles = useStyles();
  const [limit, setLimit] = useState("");
  const [limitProblem, setLimitProblem] = useState<string>();
  useEffect(() => {
    rowLimit.load().then(
      (rows) => setLimit(String(rows)),
      (e: Error) =>
        setLimitProblem(
          `This workbook's row limit could not be read (${e.message}); cells use the default. Enter a number to save one.`,
        ),
    );
  }, [rowLimit]);
  const saveLimit = async () => {
    const rows = Number(limit.replace(/[,\s]/g, ""));
    if (!Number.isInteger(rows) || rows < 1 || rows > MOST_ROWS) {
      setLimitProblem(`Enter a whole number of rows from 1 to ${MOST_ROWS.toLocaleString("en-GB")}.`);
      return;
    }
    setLimitProblem(undefined);
    try {
      await rowLimit.save(rows);
    } catch (e) {
      setLimitProblem(`The workbook did not save it: ${(e as Error).message}`);
    }
  };
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<string>();
  useEffect(() => onRefreshOutcome(setOutcome), [onRefreshOutcome]);
  const onRefresh = async () => {
    setBusy(true);
    try {
      await refresh();
    } catch {
      // The outcome listener has already shown why.
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card aria-label="Refresh">
      <CardHeader header={<Subtitle2 as="h2">Refresh</Subtitle2>} />
      <div className={styles.row}>
        <Button onClick={() => void onRefresh()} disabled={busy}>
          Refresh
        </Button>
        {busy && <Spinner size="tiny" label="Refreshing…" />}
      </div>
      <Field
        label="Most rows a KALIBRATE.QUERY cell returns"
        hint="Saved in this workbook. Larger results belong in report tables (Insert as report)."
        validationMessage={limitProblem}
      >
        <Input
          inputMode="numeric"
          value={limit}
          onChange={(_, data) => setLimit(data.value)}
          onBlur={() => void saveLimit()}
          onKeyDown={(e) => e.key === "Enter" && void saveLimit()}
        />
      </Field>
      <Body1 role="status" aria-label="Refresh outcome">
        {outcome ?? "KALIBRATE cells keep their results until you refresh; recalculation costs no API calls."}
      </Body1>
    </Card>
  );
}
