// The restore map: everything "Share as values" took out of the workbook, so "Restore formulas" can put back exactly
// what was there. Kept in a custom XML part of the workbook (JSON inside one element, in CDATA); it holds formulas,
// the cells they spilled into, report definitions and where the stamps went, never a secret (report definitions hold
// none: see src/reports/definition.ts).
import { onlyKnownFields, readDefinition, isProblem, type ReportDefinition } from "../reports/definition";

export const RESTORE_NAMESPACE = "urn:kalibrate:share:restore:1";

export interface SharedFormula {
  sheet: string;
  row: number;
  column: number;
  formula: string;
  /** The rows and columns the formula's result covered (1 × 1 for a single value). */
  rows: number;
  columns: number;
}

export interface RestoreMap {
  v: 1;
  sharedAt: string;
  scope: "workbook" | "selection";
  formulas: SharedFormula[];
  reports: ReportDefinition[];
  /** The sheets that were stamped, so Restore removes exactly those stamps. */
  stamped: string[];
}

/** "]]>" cannot appear inside CDATA: split it across two sections. */
const cdata = (text: string) => `<![CDATA[${text.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;

export function restoreMapXml(map: RestoreMap): string {
  return `<kalibrateRestore xmlns="${RESTORE_NAMESPACE}">${cdata(JSON.stringify(map))}</kalibrateRestore>`;
}

const isCount = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;

/** Reads a restore map back; a sentence when the part was damaged (Restore then changes nothing). */
export function readRestoreMap(xml: string): RestoreMap | string {
  const damaged = "The workbook's restore map is damaged, so Restore formulas changed nothing.";
  const sections = [...xml.matchAll(/<!\[CDATA\[([\s\S]*?)]]>/g)].map((m) => m[1]).join("");
  let value: unknown;
  try {
    value = JSON.parse(sections);
  } catch {
    return damaged;
  }
  const record = value as Partial<RestoreMap> | null;
  if (!record || record.v !== 1 || !Array.isArray(record.formulas) || !Array.isArray(record.reports)) return damaged;
  const formulas = record.formulas.filter(
    (f) =>
      f &&
      typeof f.sheet === "string" &&
      typeof f.formula === "string" &&
      f.formula.startsWith("=") &&
      isCount(f.row) &&
      isCount(f.column) &&
      isCount(f.rows) &&
      isCount(f.columns),
  );
  if (formulas.length !== record.formulas.length) return damaged;
  const reports: ReportDefinition[] = [];
  for (const [i, definition] of record.reports.entries()) {
    const read = readDefinition(`restore map report ${i}`, definition);
    if (isProblem(read)) return `${damaged} (${read.message})`;
    reports.push(onlyKnownFields(read));
  }
  return {
    v: 1,
    sharedAt: String(record.sharedAt ?? ""),
    scope: record.scope === "selection" ? "selection" : "workbook",
    formulas,
    reports,
    stamped: Array.isArray(record.stamped) ? record.stamped.filter((s) => typeof s === "string") : [],
  };
}

export const STAMP_PREFIX = "Kalibrate share:";

/** The note each shared sheet gets: environment, queries and when the values were retrieved. */
export function stampText(
  sheet: string,
  map: Pick<RestoreMap, "formulas" | "reports" | "sharedAt">,
  environment: string | undefined,
): string {
  const formulas = map.formulas.filter((f) => f.sheet === sheet);
  const reports = map.reports.filter((r) => r.sheet === sheet);
  const lines = [`${STAMP_PREFIX} these are values, not live Kalibrate data.`];
  lines.push(`Environment: ${environment ?? reports[0]?.environment ?? "unknown"}.`);
  if (formulas.length > 0) {
    const functions = new Map<string, number>();
    for (const f of formulas) {
      const name = /KALIBRATE\.[A-Z]+/i.exec(f.formula)?.[0].toUpperCase() ?? "KALIBRATE";
      functions.set(name, (functions.get(name) ?? 0) + 1);
    }
    const list = [...functions].map(([name, n]) => `${n} × ${name}`).join(", ");
    lines.push(`Formulas: ${list} (e.g. ${formulas[0].formula}), values as shown at ${map.sharedAt}.`);
  }
  for (const r of reports) {
    const retrieved = r.lastResult?.retrievedAt ?? r.lastRefreshedAt ?? "unknown";
    lines.push(`Report ${r.tableName}: ${r.collection} ${r.query || "(default query)"}, retrieved ${retrieved}.`);
  }
  lines.push("Restore formulas in the Kalibrate pane brings the formulas and reports back.");
  return lines.join("\n");
}
