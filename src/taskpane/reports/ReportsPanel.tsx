import { useCallback, useEffect, useState } from "react";
import {
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  makeStyles,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Subtitle2,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { ReportDefinition } from "../../reports/definition";
import type { ReportService } from "../../reports/service";
import type { ReportListing } from "../../reports/store";
import { useReportJobs } from "./job";

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, margin: 0, padding: 0 },
  item: {
    listStyleType: "none",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  title: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  buttons: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

const STATUS: Record<ReportDefinition["status"], { label: string; color: "success" | "danger" | "warning" }> = {
  ok: { label: "Up to date", color: "success" },
  failed: { label: "Last refresh failed", color: "danger" },
  cancelled: { label: "Last refresh cancelled", color: "warning" },
};

function when(iso?: string): string {
  return iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "short", timeStyle: "medium" }) : "never";
}

export interface ReportsPanelProps {
  reports: ReportService;
  onEdit: (report: ReportDefinition) => void;
}

/** Every report table in the workbook, with Refresh, Edit and Delete, and Refresh all. */
export function ReportsPanel({ reports, onEdit }: ReportsPanelProps) {
  const styles = useStyles();
  const jobs = useReportJobs();
  const [listing, setListing] = useState<ReportListing>();
  const [loadProblem, setLoadProblem] = useState<string>();

  const reload = useCallback(() => {
    reports.list().then(
      (next) => {
        setListing(next);
        setLoadProblem(undefined);
      },
      (error: Error) => setLoadProblem(`The report list could not be read: ${error.message}`),
    );
  }, [reports]);
  useEffect(() => {
    reload();
    return reports.onChange(reload);
  }, [reports, reload]);

  const refreshOne = (report: ReportDefinition) =>
    jobs.run(`Refresh ${report.tableName}`, async (tools) => {
      const done = await reports.refresh(report.id, tools);
      return `Refreshed ${done.tableName}: ${done.rows?.toLocaleString("en-GB")} rows in ${((done.durationMs ?? 0) / 1000).toFixed(1)} s.`;
    });

  const refreshAll = () =>
    jobs.run("Refresh all", async (tools) => {
      const outcome = await reports.refreshAll(tools);
      const done = `Refreshed ${outcome.refreshed.length} of ${outcome.refreshed.length + outcome.failed.length} reports.`;
      const failures = outcome.failed.map((f) => ` ${f.tableName}: ${f.message}`).join("");
      if (outcome.failed.length > 0) throw Object.assign(new Error(done + failures), { reason: "failed" });
      return done;
    });

  const remove = (report: ReportDefinition, withTable: boolean) =>
    jobs.run(`Delete ${report.tableName}`, async () => {
      await reports.remove(report.id, { withTable });
      return withTable
        ? `Deleted the report ${report.tableName} and its table.`
        : `Deleted the report definition; the table ${report.tableName} stays as plain data.`;
    });

  const busy = jobs.running !== undefined;
  const items = listing?.reports ?? [];
  return (
    <Card aria-label="Reports">
      <CardHeader
        header={<Subtitle2 as="h2">Reports</Subtitle2>}
        action={
          <Button onClick={() => void refreshAll()} disabled={busy || items.length === 0}>
            Refresh all
          </Button>
        }
      />
      {loadProblem && (
        <MessageBar intent="error">
          <MessageBarBody>{loadProblem}</MessageBarBody>
        </MessageBar>
      )}
      {listing?.problems.map((problem) => (
        <MessageBar key={problem.key} intent="warning" aria-label="Damaged report definition">
          <MessageBarBody>{problem.message}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={() => void reports.remove(problem.key, { withTable: false })}>
              Remove definition
            </Button>
          </MessageBarActions>
        </MessageBar>
      ))}
      {listing && items.length === 0 && listing.problems.length === 0 && (
        <Body1>No report tables yet: build a query above and press Insert as report.</Body1>
      )}
      <ul className={styles.list}>
        {items.map((report) => (
          <li key={report.id} className={styles.item} aria-label={`Report ${report.tableName}`}>
            <div className={styles.title}>
              <Text weight="semibold">{report.tableName}</Text>
              <Caption1>on {report.sheet}</Caption1>
              <Badge appearance="tint" color={STATUS[report.status].color}>
                {STATUS[report.status].label}
              </Badge>
            </div>
            <Caption1>
              {(report.rows ?? 0).toLocaleString("en-GB")} rows · {report.environment} · refreshed{" "}
              {when(report.lastRefreshedAt)}
              {report.durationMs !== undefined ? ` in ${(report.durationMs / 1000).toFixed(1)} s` : ""}
            </Caption1>
            {report.message && <Caption1 role="note">{report.message}</Caption1>}
            <div className={styles.buttons}>
              <Button size="small" onClick={() => void refreshOne(report)} disabled={busy}>
                Refresh
              </Button>
              <Button size="small" onClick={() => onEdit(report)} disabled={busy}>
                Edit
              </Button>
              <Menu>
                <MenuTrigger disableButtonEnhancement>
                  <Button size="small" disabled={busy}>
                    Delete
                  </Button>
                </MenuTrigger>
                <MenuPopover>
                  <MenuList>
                    <MenuItem onClick={() => void remove(report, false)}>Delete definition, keep the data</MenuItem>
                    <MenuItem onClick={() => void remove(report, true)}>Delete definition and table</MenuItem>
                  </MenuList>
                </MenuPopover>
              </Menu>
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
