// What moved in a KALIBRATE formula's spilled result (QUERY's table, PRICEHISTORY's list): the values read from the
// whole spill just before the formula was re-entered, against the spill after the recalculation. When both header
// rows have an id.entityId column (QUERY spills it when it is among the columns, or by default), rows are matched by
// entity id and columns by header, so a re-ordered or grown result is not a sea of false moves; otherwise cells are
// compared by position (a result whose rows shift shows every shifted cell as moved: the README says so).
import type { ExcelValue } from "../core/table";
import { compare, ROW_KEY_COLUMN } from "./diff";
import type { Change } from "./model";

/** A spill as read: its top-left cell (the formula's own, 0-based sheet indexes) and its values, row by row. */
export interface SpillGrid {
  row: number;
  column: number;
  values: ExcelValue[][];
}

/** What was kept of a formula's spill before the refresh: its values, or only its size when over the budget. */
export type SpillCapture = { grid: SpillGrid } | { over: number };

/**
 * Spilled cells kept in the runtime's memory per refresh, for the whole workbook (and again for the reads after
 * it): about 100,000 values, a few MB. A formula whose spill does not fit is compared by its own cell only, and the
 * pane lists it as not compared.
 */
export const SPILL_BUDGET_CELLS = 100_000;

export interface SpillAnchor {
  sheet: string;
  /** Sheet-qualified A1 of the formula cell. */
  address: string;
  formula: string;
}

/** Sheet-qualified A1 of a cell (or a row `columns` wide) of the spill after the refresh, relative to its top-left. */
export type SpillCell = (row: number, column: number, columns?: number) => string;

// A move in a time or date column is when the value moved, not a move of its own (effectiveTime, createdOn, …).
const TIME_COLUMN = /(^|\.)([a-z][A-Za-z]*(Time|Date|On|Created|Updated|Modified)|time|date|timestamp)$/;
const SITE_COLUMN = /(^|\.)site\.(name|importCode)$/i;
const PRODUCT_COLUMN = /(^|\.)product\.(name|importCode)$/i;
const EFFECTIVE_COLUMN = /(^|\.)effectiveTime$/i;
const SITE_AND_PRODUCT_ARGS = /KALIBRATE\.PRICEHISTORY\s*\(\s*"([^"]*)"\s*,\s*"([^"]*)"/i;
const QUERY_COLLECTION = /KALIBRATE\.QUERY\s*\(\s*"([^"]*)"/i;

const text = (value: ExcelValue | undefined) => (value === undefined ? "" : String(value));

/** The header row, when the first row is distinct non-empty text (QUERY's headers, PRICEHISTORY's). */
function headersOf(values: readonly ExcelValue[][]): string[] | undefined {
  const first = values[0];
  if (!first || values.length < 2 || !first.every((v) => typeof v === "string" && v !== "")) return undefined;
  return new Set(first).size === first.length ? (first as string[]) : undefined;
}

interface Labels {
  site: number;
  product: number;
  effective: number;
}

function labelColumns(headers: readonly string[] | undefined, formula: string): Labels {
  if (!headers) return { site: -1, product: -1, effective: -1 };
  const site = headers.findIndex((h) => SITE_COLUMN.test(h));
  const product = headers.findIndex((h) => PRODUCT_COLUMN.test(h));
  // A Site query's data.name is the site; any other collection's (Product's) is the product.
  const name = headers.indexOf("data.name");
  const ofSites = /site/i.test(QUERY_COLLECTION.exec(formula)?.[1] ?? "");
  return {
    site: site >= 0 ? site : ofSites ? name : -1,
    product: product >= 0 ? product : ofSites ? -1 : name,
    effective: headers.findIndex((h) => EFFECTIVE_COLUMN.test(h)),
  };
}

function rowLabels(row: readonly ExcelValue[] | undefined, labels: Labels, formula: string) {
  const args = SITE_AND_PRODUCT_ARGS.exec(formula);
  const at = (index: number) => (row && index >= 0 && row[index] !== "" ? text(row[index]) : undefined);
  const site = at(labels.site) ?? args?.[1];
  const product = at(labels.product) ?? args?.[2];
  return {
    ...(site ? { site } : {}),
    ...(product ? { product } : {}),
    ...(row && labels.effective >= 0 ? { effectiveTime: row[labels.effective] } : {}),
  };
}

/** Whether a column's values are compared: not the ids, and not times or dates. */
const compared = (header: string | undefined) =>
  header === undefined || (!header.startsWith("id.") && !TIME_COLUMN.test(header));

/** Whether the spill will be compared row by row by entity id (both header rows name id.entityId). */
export function comparesById(before: SpillGrid, after: SpillGrid): boolean {
  return [before, after].every((grid) => headersOf(grid.values)?.includes(ROW_KEY_COLUMN) ?? false);
}

/** The changes between a formula's spill before and after the refresh. */
export function diffSpill(anchor: SpillAnchor, before: SpillGrid, after: SpillGrid, cell: SpillCell): Change[] {
  return comparesById(before, after)
    ? diffById(anchor, before.values, after.values, cell)
    : diffByPosition(anchor, before.values, after.values, cell);
}

function base(anchor: SpillAnchor) {
  return { source: "cell" as const, sheet: anchor.sheet, where: anchor.formula };
}

function diffById(anchor: SpillAnchor, before: ExcelValue[][], after: ExcelValue[][], cell: SpillCell): Change[] {
  const oldHeaders = before[0] as string[];
  const headers = after[0] as string[];
  const oldKey = oldHeaders.indexOf(ROW_KEY_COLUMN);
  const key = headers.indexOf(ROW_KEY_COLUMN);
  const oldLabels = labelColumns(oldHeaders, anchor.formula);
  const labels = labelColumns(headers, anchor.formula);
  const previous = new Map<string, ExcelValue[]>();
  for (const row of before.slice(1)) if (!previous.has(text(row[oldKey]))) previous.set(text(row[oldKey]), row);
  // Each column of the new result with the column of the same name in the old one.
  const columns = headers
    .map((header, index) => ({ header, index, old: oldHeaders.indexOf(header) }))
    .filter(({ header, old }) => old >= 0 && compared(header));
  const seen = new Set<string>();
  const changes: Change[] = [];
  for (let r = 1; r < after.length; r++) {
    const row = after[r];
    const id = text(row[key]);
    if (seen.has(id)) continue;
    seen.add(id);
    const found = { entityId: id, ...rowLabels(row, labels, anchor.formula) };
    const old = previous.get(id);
    if (!old) {
      changes.push({
        ...base(anchor),
        ...found,
        key: `cell:${anchor.address}#${id}`,
        direction: "appeared",
        address: cell(r, 0, headers.length),
      });
      continue;
    }
    for (const { header, index, old: at } of columns) {
      const moved = compare(old[at], row[index]);
      if (!moved) continue;
      changes.push({
        ...base(anchor),
        ...found,
        key: `cell:${anchor.address}#${id}:${header}`,
        column: header,
        before: old[at],
        after: row[index],
        address: cell(r, index),
        ...moved,
      });
    }
  }
  for (const [id, old] of previous) {
    if (seen.has(id)) continue;
    changes.push({
      ...base(anchor),
      entityId: id,
      ...rowLabels(old, oldLabels, anchor.formula),
      key: `cell:${anchor.address}#${id}`,
      direction: "disappeared",
    });
  }
  return changes;
}

function diffByPosition(anchor: SpillAnchor, before: ExcelValue[][], after: ExcelValue[][], cell: SpillCell): Change[] {
  // Column names only where both results have the same header row; they decide what is compared and the labels.
  const oldHeaders = headersOf(before);
  const newHeaders = headersOf(after);
  const headers =
    oldHeaders && newHeaders && oldHeaders.join("\u0000") === newHeaders.join("\u0000") ? newHeaders : undefined;
  const labels = labelColumns(headers, anchor.formula);
  const width = (rows: ExcelValue[][]) => rows[0]?.length ?? 0;
  const columns = Math.min(width(before), width(after));
  const changes: Change[] = [];
  for (let r = 0; r < Math.max(before.length, after.length); r++) {
    const old = before[r];
    const row = after[r];
    const found = rowLabels(headers && r > 0 ? (row ?? old) : undefined, labels, anchor.formula);
    if (!old) {
      changes.push({
        ...base(anchor),
        ...found,
        key: `cell:${anchor.address}@${r}`,
        direction: "appeared",
        address: cell(r, 0, width(after)),
      });
      continue;
    }
    if (!row) {
      changes.push({ ...base(anchor), ...found, key: `cell:${anchor.address}@${r}`, direction: "disappeared" });
      continue;
    }
    for (let c = 0; c < columns; c++) {
      if (!compared(headers?.[c])) continue;
      const moved = compare(old[c], row[c]);
      if (!moved) continue;
      changes.push({
        ...base(anchor),
        ...found,
        key: `cell:${anchor.address}@${r}:${c}`,
        ...(headers ? { column: headers[c] } : {}),
        before: old[c],
        after: row[c],
        address: cell(r, c),
        ...moved,
      });
    }
  }
  return changes;
}
