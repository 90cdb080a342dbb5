// What moved since the last refresh, as plain data: the change of one KALIBRATE cell or one report row, how big it
// is, and the rules that decide which changes are flagged (the threshold) and which raise an alert. No Office here.
import type { ExcelValue } from "../core/table";

export type Direction = "up" | "down" | "changed" | "appeared" | "disappeared";

export interface Change {
  /** Stable within one refresh: "cell:Sheet1!B2" or "report:<reportId>:<entityId>:<column>". */
  key: string;
  source: "cell" | "report";
  sheet: string;
  /** The cell to mark (sheet-qualified A1); none for a row that disappeared. */
  address?: string;
  direction: Direction;
  before?: ExcelValue;
  after?: ExcelValue;
  /** after − before, for numbers. */
  delta?: number;
  /** The report table (report changes) or the formula (cell changes). */
  where: string;
  reportId?: string;
  entityId?: string;
  column?: string;
  /** Site and product as the row or the formula names them, when known. */
  site?: string;
  product?: string;
  /** The row's effective time, when the report has one (Excel serial or text as in the table). */
  effectiveTime?: ExcelValue;
}

export interface ChangeSettings {
  /** Mark changed cells in the sheet after a refresh. */
  marking: boolean;
  /** Only numbers that moved by at least this much are flagged (0 flags every move). */
  threshold: number;
}

export const DEFAULT_CHANGE_SETTINGS: ChangeSettings = { marking: true, threshold: 0 };

/** Reads stored settings back, keeping only what makes sense (anything else falls back to the default). */
export function readChangeSettings(value: unknown): ChangeSettings {
  const record = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const threshold = Number(record.threshold);
  return {
    marking: typeof record.marking === "boolean" ? record.marking : DEFAULT_CHANGE_SETTINGS.marking,
    threshold: Number.isFinite(threshold) && threshold >= 0 ? threshold : DEFAULT_CHANGE_SETTINGS.threshold,
  };
}

/** Parses what the user typed as a threshold ("0.5", "0,005"); a sentence when it is not a number ≥ 0. */
export function parseThreshold(text: string): number | string {
  const value = Number(text.trim().replace(",", "."));
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
    return `"${text}" is not a threshold: type a number of 0 or more, such as 0.005 (0 flags every move).`;
  }
  return value;
}

/** How big a change is, for sorting: the size of a numeric move, and appearances and other changes above all moves. */
export function sizeOf(change: Change): number {
  if (change.delta !== undefined) return Math.abs(change.delta);
  return Number.POSITIVE_INFINITY;
}

/** Whether a change passes the threshold: numbers that moved at least `threshold`; rows and text always. */
export function passes(change: Change, threshold: number): boolean {
  if (change.delta === undefined) return true;
  // Prices are decimals: compare at a tolerance so a move of exactly 0.005 counts as 0.005.
  return Math.abs(change.delta) + 1e-9 >= threshold;
}

/** Largest first; ties in the order the changes were found. */
export function sortBySize(changes: readonly Change[]): Change[] {
  return changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) => sizeOf(b.change) - sizeOf(a.change) || a.index - b.index)
    .map(({ change }) => change);
}

/** Changes whose site, product, place or values contain the text (without case). */
export function filterChanges(changes: readonly Change[], text: string): Change[] {
  const wanted = text.trim().toLowerCase();
  if (!wanted) return [...changes];
  return changes.filter((change) =>
    [change.site, change.product, change.where, change.address, change.column, change.entityId, change.direction]
      .filter((part) => part !== undefined)
      .some((part) => String(part).toLowerCase().includes(wanted)),
  );
}

const NUMBER = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 6 });

export function formatValue(value: ExcelValue | undefined): string {
  if (value === undefined || value === "") return "(empty)";
  return typeof value === "number" ? NUMBER.format(value) : String(value);
}

export function formatDelta(delta: number): string {
  return `${delta > 0 ? "+" : delta < 0 ? "−" : "±"}${NUMBER.format(Math.abs(delta))}`;
}

/** One line for a change: "Bristol · Diesel: 1.459 → 1.469 (+0.01)". */
export function describeChange(change: Change): string {
  const what = [change.site, change.product].filter(Boolean).join(" · ") || change.address || change.where;
  const column = change.column ? ` ${change.column}` : "";
  switch (change.direction) {
    case "appeared":
      return `${what}: new row in ${change.where}`;
    case "disappeared":
      return `${what}: row no longer in ${change.where} (was ${change.entityId ?? "a row"})`;
    default: {
      const delta = change.delta !== undefined ? ` (${formatDelta(change.delta)})` : "";
      return `${what}${column}: ${formatValue(change.before)} → ${formatValue(change.after)}${delta}`;
    }
  }
}
