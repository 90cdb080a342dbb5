// Finding what moved: KALIBRATE cells by their address, report rows by entity id (never by position), and the compact
// snapshot of a report table that is kept in the workbook between refreshes.
import type { ExcelTable, ExcelValue } from "../core/table";
import type { Change } from "./model";
import type { SpillCapture } from "./spill-diff";

export interface CellValueBefore {
  sheet: string;
  /** Sheet-qualified A1 of the formula cell. */
  address: string;
  formula: string;
  value: ExcelValue;
  /** The whole spilled result before the refresh, when the formula spills (ExcelApi 1.12). */
  spill?: SpillCapture;
}

/** How a value moved, or undefined when it did not: own cells, report rows and spilled results all move alike. */
export function compare(before: ExcelValue | undefined, after: ExcelValue | undefined) {
  if (before === after) return undefined;
  if (typeof before === "number" && typeof after === "number") {
    const delta = after - before;
    // Floating-point noise is not a move.
    if (Math.abs(delta) < 1e-12) return undefined;
    return { direction: delta > 0 ? ("up" as const) : ("down" as const), delta };
  }
  return { direction: "changed" as const };
}

const PRICE_ARGS = /KALIBRATE\.PRICE\s*\(\s*"([^"]*)"\s*,\s*"([^"]*)"/i;

/** The cells whose value differs after the refresh. */
export function diffCells(before: readonly CellValueBefore[], after: ReadonlyMap<string, ExcelValue>): Change[] {
  const changes: Change[] = [];
  for (const cell of before) {
    if (!after.has(cell.address)) continue;
    const now = after.get(cell.address);
    const moved = compare(cell.value, now);
    if (!moved) continue;
    const price = PRICE_ARGS.exec(cell.formula);
    changes.push({
      key: `cell:${cell.address}`,
      source: "cell",
      sheet: cell.sheet,
      address: cell.address,
      before: cell.value,
      after: now,
      where: cell.formula,
      ...moved,
      ...(price ? { site: price[1], product: price[2] } : {}),
    });
  }
  return changes;
}

/** The column that identifies a report row. */
export const ROW_KEY_COLUMN = "id.entityId";

/** What the workbook keeps of a report table between refreshes: ids, labels and the numbers, nothing else. */
export interface ReportSnapshot {
  v: 1;
  /** The numeric columns tracked, by header. */
  columns: string[];
  /** [entityId, site, product, effectiveTime, ...numbers in `columns` order] */
  rows: Array<[string, string, string, ExcelValue, ...(number | null)[]]>;
}

/** A snapshot that was not kept because it would exceed the budget; the next refresh says so. */
export interface UntrackedSnapshot {
  v: 1;
  untracked: string;
}

export type StoredSnapshot = ReportSnapshot | UntrackedSnapshot;

export const isUntracked = (s: StoredSnapshot): s is UntrackedSnapshot => "untracked" in s;

/** Per report table, characters of JSON; and all of a workbook's snapshots together. */
export const SNAPSHOT_BUDGET_CHARS = 256 * 1024;
export const WORKBOOK_SNAPSHOT_BUDGET_CHARS = 1024 * 1024;

interface Layout {
  key: number;
  site: number;
  product: number;
  effective: number;
  numbers: number[];
}

const find = (headers: readonly string[], pattern: RegExp) => headers.findIndex((h) => pattern.test(h));

function layoutOf(table: ExcelTable): Layout | string {
  const { headers, rows } = table;
  const key = headers.indexOf(ROW_KEY_COLUMN);
  if (key < 0) {
    return `it has no ${ROW_KEY_COLUMN} column, so its rows cannot be told apart; add ${ROW_KEY_COLUMN} to its columns (Edit) to see what moved`;
  }
  const dates = new Set(table.dateColumns.map((d) => d.index));
  const numbers = headers
    .map((header, index) => ({ header, index }))
    .filter(
      ({ header, index }) =>
        !header.startsWith("id.") &&
        !dates.has(index) &&
        rows.some((row) => typeof row[index] === "number") &&
        rows.every((row) => typeof row[index] === "number" || row[index] === ""),
    )
    .map(({ index }) => index);
  return {
    key,
    site: find(headers, /(^|\.)site\.(name|importCode)$/i),
    product:
      find(headers, /(^|\.)product\.(name|importCode)$/i) >= 0
        ? find(headers, /(^|\.)product\.(name|importCode)$/i)
        : find(headers, /^data\.name$/i),
    effective: find(headers, /(^|\.)effectiveTime$/i),
    numbers,
  };
}

const text = (value: ExcelValue | undefined) => (value === undefined ? "" : String(value));

/** The snapshot of a table as written, or why it is not kept (no id column, over the budget). */
export function snapshotOf(table: ExcelTable, budgetChars = SNAPSHOT_BUDGET_CHARS): StoredSnapshot {
  const layout = layoutOf(table);
  if (typeof layout === "string") return { v: 1, untracked: layout };
  // An entity id alone takes about 40 characters: a table far over the budget is not built only to be measured.
  if (table.rows.length * 40 > budgetChars * 4)
    return overBudget(table.rows.length, table.rows.length * 40, budgetChars);
  const snapshot: ReportSnapshot = {
    v: 1,
    columns: layout.numbers.map((i) => table.headers[i]),
    rows: table.rows.map((row) => [
      text(row[layout.key]),
      layout.site >= 0 ? text(row[layout.site]) : "",
      layout.product >= 0 ? text(row[layout.product]) : "",
      layout.effective >= 0 ? row[layout.effective] : "",
      ...layout.numbers.map((i) => (typeof row[i] === "number" ? (row[i] as number) : null)),
    ]),
  };
  const size = JSON.stringify(snapshot).length;
  return size > budgetChars ? overBudget(table.rows.length, size, budgetChars) : snapshot;
}

function overBudget(rows: number, size: number, budgetChars: number): UntrackedSnapshot {
  return {
    v: 1,
    untracked: `its ${rows.toLocaleString("en-GB")} rows need ${size > budgetChars * 4 ? "more than " : ""}${Math.ceil(Math.min(size, budgetChars * 4) / 1024)} KB to remember, over the ${Math.round(budgetChars / 1024)} KB a report may keep in the workbook`,
  };
}

export function readSnapshot(value: unknown): StoredSnapshot | undefined {
  if (!value || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  if (record.v !== 1) return undefined;
  if (typeof record.untracked === "string") return { v: 1, untracked: record.untracked };
  if (!Array.isArray(record.columns) || !Array.isArray(record.rows)) return undefined;
  if (!record.columns.every((c) => typeof c === "string")) return undefined;
  if (!record.rows.every((r) => Array.isArray(r) && typeof r[0] === "string")) return undefined;
  return value as ReportSnapshot;
}

export interface ReportRowsDiff {
  changes: Change[];
  /** Why rows could not be compared, as a sentence fragment. */
  untracked?: string;
}

export interface ReportIdentity {
  reportId: string;
  tableName: string;
  sheet: string;
}

/**
 * What moved between the previous snapshot and the table just written. `cell(row, column)` gives the sheet-qualified
 * address of a data cell of the table as written (row 0 is the first data row).
 */
export function diffReport(
  report: ReportIdentity,
  previous: StoredSnapshot | undefined,
  table: ExcelTable,
  cell: (row: number, column: number, columns?: number) => string,
): ReportRowsDiff {
  if (!previous) return { changes: [] };
  if (isUntracked(previous)) return { changes: [], untracked: previous.untracked };
  const layout = layoutOf(table);
  if (typeof layout === "string") return { changes: [], untracked: layout };
  const before = new Map<string, ReportSnapshot["rows"][number]>();
  for (const row of previous.rows) if (!before.has(row[0])) before.set(row[0], row);
  const seen = new Set<string>();
  const changes: Change[] = [];
  const base = { source: "report" as const, sheet: report.sheet, where: report.tableName, reportId: report.reportId };
  table.rows.forEach((row, r) => {
    const id = text(row[layout.key]);
    if (seen.has(id)) return;
    seen.add(id);
    const labels = {
      entityId: id,
      ...(layout.site >= 0 && row[layout.site] !== "" ? { site: text(row[layout.site]) } : {}),
      ...(layout.product >= 0 && row[layout.product] !== "" ? { product: text(row[layout.product]) } : {}),
      ...(layout.effective >= 0 ? { effectiveTime: row[layout.effective] } : {}),
    };
    const old = before.get(id);
    if (!old) {
      changes.push({
        ...base,
        ...labels,
        key: `report:${report.reportId}:${id}`,
        direction: "appeared",
        address: cell(r, 0, table.headers.length),
      });
      return;
    }
    for (const index of layout.numbers) {
      const header = table.headers[index];
      const at = previous.columns.indexOf(header);
      if (at < 0) continue;
      const was = old[4 + at];
      const now = row[index];
      const moved = compare(was === null ? "" : (was as number), now);
      if (!moved) continue;
      changes.push({
        ...base,
        ...labels,
        key: `report:${report.reportId}:${id}:${header}`,
        column: header,
        before: was === null ? "" : (was as number),
        after: now,
        address: cell(r, index),
        ...moved,
      });
    }
  });
  for (const [id, old] of before) {
    if (seen.has(id)) continue;
    changes.push({
      ...base,
      key: `report:${report.reportId}:${id}`,
      direction: "disappeared",
      entityId: id,
      ...(old[1] ? { site: old[1] } : {}),
      ...(old[2] ? { product: old[2] } : {}),
      ...(old[3] !== "" ? { effectiveTime: old[3] } : {}),
    });
  }
  return { changes };
}
