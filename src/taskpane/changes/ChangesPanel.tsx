import { useCallback, useEffect, useState } from "react";
import {
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Switch,
  tokens,
} from "@fluentui/react-components";
import type { AlertRule } from "../../changes/alerts";
import { describeChange, filterChanges, parseThreshold, type ChangeSettings } from "../../changes/model";
import type { ChangeListing, ChangeService } from "../../changes/service";
import type { ReportDefinition } from "../../reports/definition";
import type { ReportService } from "../../reports/service";
import type { RibbonServices } from "../services";
import { usePanelRequest } from "../components/use-panel-request";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  row: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap", alignItems: "center" },
  list: { margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  item: { listStyleType: "none", overflowWrap: "anywhere" },
  up: { color: tokens.colorPaletteGreenForeground1 },
  down: { color: tokens.colorPaletteRedForeground1 },
  other: { color: tokens.colorPaletteBlueForeground2 },
});

/** At most this many changes are drawn; the filter and the change log sheet reach the rest. */
const SHOWN = 200;

function AlertRuleField({
  report,
  rule,
  changes,
}: {
  report: ReportDefinition;
  rule?: AlertRule;
  changes: ChangeService;
}) {
  const [text, setText] = useState(rule ? String(rule.moreThan) : "");
  const [problem, setProblem] = useState<string>();
  useEffect(() => setText(rule ? String(rule.moreThan) : ""), [rule]);
  const save = async () => {
    if (text.trim() === "") {
      if (rule) await changes.removeAlertRule(report.id);
      setProblem(undefined);
      return;
    }
    const value = parseThreshold(text);
    if (typeof value === "string") return setProblem(value);
    setProblem(undefined);
    await changes.saveAlertRule({ reportId: report.id, moreThan: value });
  };
  return (
    <Field
      label={`Alert when a price in ${report.tableName} moves by more than`}
      hint="Empty for no alert. Shown here and in the Refresh outcome after a refresh."
      validationMessage={problem}
    >
      <Input
        inputMode="decimal"
        value={text}
        onChange={(_, d) => setText(d.value)}
        onBlur={() => void save()}
        onKeyDown={(e) => e.key === "Enter" && void save()}
      />
    </Field>
  );
}

/** The last refresh's count of changes, its alerts, a failure to mark, and what could not be compared. */
function ChangesSummary({ listing }: { listing: ChangeListing | undefined }) {
  const since = listing?.refreshedAt ? new Date(listing.refreshedAt).toLocaleTimeString("en-GB") : undefined;
  return (
    <>
      <Body1 role="status" aria-label="Changes summary">
        {!since
          ? "After a refresh, what moved since the previous one is listed here and marked in the sheet."
          : `At the refresh of ${since}: ${listing!.changes.length} change${listing!.changes.length === 1 ? "" : "s"}` +
            `${listing!.belowThreshold > 0 ? ` (${listing!.belowThreshold} smaller moves below the threshold)` : ""}` +
            `, ${listing!.marked} marked in the sheet.`}
      </Body1>
      {listing?.alerts.map((alert) => (
        <MessageBar key={alert.reportId} intent="warning" aria-label="Price alert">
          <MessageBarBody>{alert.message}</MessageBarBody>
        </MessageBar>
      ))}
      {listing?.markProblem && (
        <MessageBar intent="error">
          <MessageBarBody>{listing.markProblem}</MessageBarBody>
        </MessageBar>
      )}
      {listing?.untracked.map((u) => (
        <Caption1 key={u.where}>
          {u.where}: rows not compared, because {u.reason}.
        </Caption1>
      ))}
    </>
  );
}

/** The changes, largest first, filtered by site, product or table. */
function ChangeList({ listing }: { listing: ChangeListing | undefined }) {
  const styles = useStyles();
  const [filter, setFilter] = useState("");
  const shown = listing ? filterChanges(listing.changes, filter) : [];
  return (
    <>
      <Field label="Filter changes">
        <Input value={filter} onChange={(_, d) => setFilter(d.value)} placeholder="site, product, table…" />
      </Field>
      <ul className={styles.list} aria-label="Changes">
        {shown.slice(0, SHOWN).map((change) => (
          <li
            key={change.key}
            className={`${styles.item} ${change.direction === "up" ? styles.up : change.direction === "down" ? styles.down : styles.other}`}
            data-address={change.address ?? ""}
          >
            {describeChange(change)}
            {change.address ? ` · ${change.address}` : ""}
          </li>
        ))}
      </ul>
      {shown.length > SHOWN && <Caption1>{shown.length - SHOWN} more: filter, or write the change log.</Caption1>}
    </>
  );
}

/** What moved at the last refresh: the list (largest first, filterable), marks, threshold, alerts, change log. */
export function ChangesPanel({
  changes,
  reports,
  ribbon,
}: {
  changes: ChangeService;
  reports: ReportService;
  ribbon: Pick<RibbonServices, "panels" | "onOutcome">;
}) {
  const styles = useStyles();
  const ref = usePanelRequest<HTMLDivElement>(ribbon.panels, "what-moved");
  const [listing, setListing] = useState<ChangeListing>();
  const [settings, setSettings] = useState<ChangeSettings>();
  const [rules, setRules] = useState<AlertRule[]>([]);
  const [definitions, setDefinitions] = useState<ReportDefinition[]>([]);
  const [threshold, setThreshold] = useState("");
  const [thresholdProblem, setThresholdProblem] = useState<string>();
  const [message, setMessage] = useState<string>();
  const load = useCallback(async () => {
    const [l, s, r, d] = await Promise.all([
      changes.listing(),
      changes.settings(),
      changes.alertRules(),
      reports.list(),
    ]);
    setListing(l);
    setSettings(s);
    setThreshold((current) => (current === "" ? String(s.threshold) : current));
    setRules(r);
    setDefinitions(d.reports);
  }, [changes, reports]);
  useEffect(() => {
    // A failed read of the list or the settings reaches the user as the panel's message.
    const reload = () =>
      void load().catch((e: Error) => setMessage(`The list of changes could not be read: ${e.message}`));
    reload();
    const off = [changes.onChange(reload), reports.onChange(reload)];
    return () => off.forEach((o) => o());
  }, [changes, reports, load]);
  // The ribbon's Clear marks says here what it did.
  useEffect(
    () => ribbon.onOutcome(({ command, message }) => command === "clearMarks" && setMessage(message)),
    [ribbon],
  );
  const act = async (work: () => Promise<string | undefined>) => {
    try {
      setMessage(await work());
    } catch (e) {
      setMessage(`That did not work: ${(e as Error).message}`);
    }
  };
  const saveThreshold = () =>
    act(async () => {
      const value = parseThreshold(threshold);
      if (typeof value === "string") {
        setThresholdProblem(value);
        return undefined;
      }
      setThresholdProblem(undefined);
      if (settings && value !== settings.threshold) await changes.saveSettings({ ...settings, threshold: value });
      return undefined;
    });
  return (
    <Card aria-label="What moved" ref={ref} tabIndex={-1}>
      <CardHeader header={<Subtitle2 as="h2">What moved</Subtitle2>} />
      <div className={styles.stack}>
        <ChangesSummary listing={listing} />
        <div className={styles.row}>
          <Switch
            label="Mark changes in the sheet"
            checked={settings?.marking ?? true}
            disabled={!settings}
            onChange={(_, d) =>
              settings &&
              void act(async () => (await changes.saveSettings({ ...settings, marking: d.checked }), undefined))
            }
          />
        </div>
        <Field
          label="Only flag moves of at least"
          hint="0 flags every move. Rows that appear or disappear are always flagged."
          validationMessage={thresholdProblem}
        >
          <Input
            inputMode="decimal"
            value={threshold}
            onChange={(_, d) => setThreshold(d.value)}
            onBlur={() => void saveThreshold()}
            onKeyDown={(e) => e.key === "Enter" && void saveThreshold()}
          />
        </Field>
        <div className={styles.row}>
          <Button
            onClick={() => void act(async () => `Removed ${await changes.clearMarks()} marks; values are unchanged.`)}
          >
            Clear marks
          </Button>
          <Button
            disabled={!listing || listing.changes.length === 0}
            onClick={() => void act(async () => `The changes are on the sheet ${await changes.writeLog()}.`)}
          >
            Write change log
          </Button>
        </div>
        {message && <Body1 aria-label="Changes outcome">{message}</Body1>}
        <ChangeList listing={listing} />
        {definitions.map((report) => (
          <AlertRuleField
            key={report.id}
            report={report}
            rule={rules.find((r) => r.reportId === report.id)}
            changes={changes}
          />
        ))}
      </div>
    </Card>
  );
}
