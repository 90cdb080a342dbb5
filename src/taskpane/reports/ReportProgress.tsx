import {
  Body1,
  Button,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  tokens,
} from "@fluentui/react-components";
import { useReportJobs, useTicker } from "./job";

const useStyles = makeStyles({
  row: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    justifyContent: "space-between",
  },
});

const count = (n: number) => n.toLocaleString("en-GB");

/** The running report job (rows and elapsed time, Cancel) or how the last one ended. */
export function ReportProgressView() {
  const styles = useStyles();
  const { running, outcome, cancel } = useReportJobs();
  const now = useTicker(running !== undefined);
  if (running) {
    const { progress } = running;
    const seconds = ((now - running.startedAt) / 1000).toFixed(1);
    const writing = progress?.phase === "writing";
    const text = writing
      ? `Writing ${count(progress.rows)} of ${count(progress.total ?? 0)} rows · ${seconds} s`
      : `Fetching: ${count(progress?.rows ?? 0)} rows so far · ${seconds} s`;
    const value = writing && progress.total ? progress.rows / progress.total : undefined;
    return (
      <Card aria-label="Report progress">
        <div className={styles.row}>
          <Body1 role="status" aria-label="Report job">
            {running.label}: {text}
          </Body1>
          <Button onClick={cancel} disabled={writing}>
            Cancel
          </Button>
        </div>
        <ProgressBar value={value} thickness="large" aria-label="Report progress bar" />
      </Card>
    );
  }
  if (!outcome) return null;
  return (
    <MessageBar intent={outcome.intent} aria-label="Report outcome">
      <MessageBarBody>{outcome.text}</MessageBarBody>
    </MessageBar>
  );
}
