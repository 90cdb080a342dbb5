import { useEffect, useState } from "react";
import { Body1, Button, Card, CardHeader, makeStyles, Spinner, Subtitle2, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
});

/**
 * Refresh: clear cached results, refresh report tables and recalculate the KALIBRATE cells, then say what it took.
 * The outcome of a refresh started from the ribbon shows here too.
 */
export function RefreshPanel({
  refresh,
  onRefreshOutcome,
}: {
  refresh: () => Promise<string>;
  onRefreshOutcome: (listener: (outcome: string) => void) => () => void;
}) {
  const styles = useStyles();
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
      <Body1 role="status" aria-label="Refresh outcome">
        {outcome ?? "KALIBRATE cells keep their results until you refresh; recalculation costs no API calls."}
      </Body1>
    </Card>
  );
}
