import { useEffect, useState } from "react";
import {
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  makeStyles,
  ProgressBar,
  Radio,
  RadioGroup,
  Subtitle2,
  tokens,
} from "@fluentui/react-components";
import type { ShareProgress } from "../../share/ports";
import type { ShareService } from "../../share/service";
import type { RibbonServices } from "../services";
import { usePanelRequest } from "../components/use-panel-request";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

/** Share as values (or for outside the organisation) and Restore formulas, with progress. */
export function SharePanel({ share, ribbon }: { share: ShareService; ribbon: Pick<RibbonServices, "panels"> }) {
  const styles = useStyles();
  const [scope, setScope] = useState<"workbook" | "selection">("workbook");
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ShareProgress>();
  const [outcome, setOutcome] = useState<string>();
  const [restorable, setRestorable] = useState(false);
  useEffect(() => {
    share.canRestore().then(setRestorable, () => undefined);
  }, [share]);
  const run = async (work: () => Promise<{ message: string }>) => {
    setBusy(true);
    setOutcome(undefined);
    try {
      setOutcome((await work()).message);
    } catch (e) {
      setOutcome((e as Error).message);
    } finally {
      setBusy(false);
      setProgress(undefined);
      setRestorable(await share.canRestore().catch(() => false));
    }
  };
  const restore = () => void run(() => share.restore(setProgress));
  // The ribbon's Restore formulas starts here, where its progress and outcome show (one job at a time).
  const ref = usePanelRequest<HTMLDivElement>(ribbon.panels, "share", (request) => {
    if (!request.restore) return;
    if (busy) setOutcome("Restore formulas waits for the work in progress: press it again when that is done.");
    else restore();
  });
  return (
    <Card aria-label="Share" ref={ref} tabIndex={-1}>
      <CardHeader header={<Subtitle2 as="h2">Share as values</Subtitle2>} />
      <div className={styles.stack}>
        <Caption1>
          For someone without the add-in: every KALIBRATE formula and report table becomes plain values, so they never
          see #NAME?. Each sheet gets a note of the environment, queries and retrieval time, and the workbook keeps what
          it needs to restore the formulas (no secret).
        </Caption1>
        <RadioGroup
          value={scope}
          onChange={(_, d) => setScope(d.value as "workbook" | "selection")}
          aria-label="What to share"
        >
          <Radio value="workbook" label="The whole workbook" />
          <Radio value="selection" label="The selection only" />
        </RadioGroup>
        <div className={styles.row}>
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() => void run(() => share.share({ scope, onProgress: setProgress }))}
          >
            Share as values
          </Button>
          <Button
            disabled={busy}
            onClick={() => void run(() => share.share({ scope, outside: true, onProgress: setProgress }))}
          >
            Share outside the organisation
          </Button>
          <Button disabled={busy || !restorable} onClick={restore}>
            Restore formulas
          </Button>
        </div>
        <Caption1>
          Outside the organisation also removes the restore map, the report definitions and every Kalibrate note and
          setting: that copy cannot be turned back into formulas, so keep your original.
        </Caption1>
        {progress && (
          <>
            <ProgressBar
              value={progress.total > 0 ? progress.done / progress.total : undefined}
              aria-label="Share progress"
            />
            <Caption1>
              {progress.phase}: {progress.done} of {progress.total}
            </Caption1>
          </>
        )}
        {outcome && (
          <Body1 role="status" aria-label="Share outcome">
            {outcome}
          </Body1>
        )}
      </div>
    </Card>
  );
}
