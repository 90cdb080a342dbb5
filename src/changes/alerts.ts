// Per-report alert rules: "tell me when a competitor price within this report moves by more than x". A rule is kept
// in the workbook (document settings, no secret); after a refresh the changes that break a rule become one
// notification in the pane.
import { describeChange, type Change } from "./model";

export interface AlertRule {
  reportId: string;
  /** Alert when a number in the report moves by more than this (absolute). */
  moreThan: number;
  /** Only rows whose text contains this (without case), e.g. "Competitor"; empty for every row. */
  matching?: string;
}

export function readAlertRule(value: unknown): AlertRule | undefined {
  if (!value || typeof value !== "object") return undefined;
  const { reportId, moreThan, matching } = value as Record<string, unknown>;
  if (typeof reportId !== "string" || typeof moreThan !== "number" || !Number.isFinite(moreThan) || moreThan < 0) {
    return undefined;
  }
  return { reportId, moreThan, ...(typeof matching === "string" && matching ? { matching } : {}) };
}

export interface Alert {
  reportId: string;
  /** The sentence the pane shows. */
  message: string;
  changes: Change[];
}

/** The changes of each rule's report that moved by more than its amount, one alert per rule that fired. */
export function alertsFor(
  rules: readonly AlertRule[],
  changes: readonly Change[],
  matchText?: (change: Change) => string,
): Alert[] {
  const alerts: Alert[] = [];
  for (const rule of rules) {
    const wanted = rule.matching?.toLowerCase();
    const hits = changes.filter(
      (change) =>
        change.reportId === rule.reportId &&
        change.delta !== undefined &&
        Math.abs(change.delta) > rule.moreThan + 1e-9 &&
        (!wanted || (matchText?.(change) ?? describeChange(change)).toLowerCase().includes(wanted)),
    );
    if (hits.length === 0) continue;
    const where = hits[0].where;
    const first = describeChange(hits[0]);
    const more = hits.length > 1 ? ` and ${hits.length - 1} more` : "";
    alerts.push({
      reportId: rule.reportId,
      message: `Alert on ${where}: ${hits.length === 1 ? "a price" : `${hits.length} prices`} moved by more than ${rule.moreThan}${rule.matching ? ` (rows with “${rule.matching}”)` : ""}: ${first}${more}.`,
      changes: hits,
    });
  }
  return alerts;
}
