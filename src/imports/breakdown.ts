// Cost breakdowns from a sheet: one row per component, with the record's site, product and effective time repeated
// on each row (Fill Down) and the component's name and amount in their own columns ("Component", "Amount"). Rows
// with the same site, product and effective time are one record; its cost, currency, source and origin may be given
// on one row or repeated, but never differently. A record is sent whole or not at all: when one of its rows is
// invalid, every row of it is, so the fix sheet holds the whole breakdown.
import type { ImportRecord, Problem } from "./validate";

/** A row that passed its own checks, its component parts still as fields named by the kind (component, amount). */
export interface CheckedRow {
  row: number;
  record: ImportRecord;
}

export interface BreakdownGroups {
  /** The record per group, at the group's first row. */
  records: Map<number, ImportRecord>;
  /** First row of a valid group → every row of it, in order. */
  groups: Map<number, number[]>;
  /** Rows of the groups that cannot be sent, with the reason per row. */
  problems: Problem[];
  invalidRows: number[];
}

export const NAME = "component";
export const VALUE = "amount";
/** The fields a group's rows share; blank on some rows is fine, different values are not. */
const SHARED = ["cost", "currencyUnit", "source", "origin"] as const;
/** Kalibrate's (and the sandbox's) tolerance between the components' sum and the cost. */
const TOLERANCE = 0.0005;

export const groupKey = (record: ImportRecord) =>
  `${record.siteID}\u0000${record.productCode}\u0000${record.effectiveTime}`;

const round = (value: number) => Math.round(value * 10_000) / 10_000;

/**
 * Gathers checked rows into cost-breakdown records. `poisoned` holds the keys of rows that failed their own checks,
 * so the rest of their breakdown is held back too (`firstBad` names such a row for the message).
 */
export function groupBreakdowns(
  rows: readonly CheckedRow[],
  columns: Readonly<Record<string, number | undefined>>,
  poisoned: ReadonlyMap<string, number> = new Map(),
): BreakdownGroups {
  const byKey = new Map<string, CheckedRow[]>();
  for (const checked of rows) {
    const key = groupKey(checked.record);
    const list = byKey.get(key);
    if (list) list.push(checked);
    else byKey.set(key, [checked]);
  }
  const out: BreakdownGroups = { records: new Map(), groups: new Map(), problems: [], invalidRows: [] };
  for (const [key, members] of byKey) {
    const found: Problem[] = [];
    const problem = (row: number, field: string, reason: string) =>
      found.push({ row, field, column: columns[field], reason });
    const first = members[0].row;
    const single = members.length === 1;
    const shared: Record<string, { value: ImportRecord[string]; row: number }> = {};
    const names = new Map<string, number>();
    const breakdown: Array<{ name: string; value: number }> = [];
    for (const { row, record } of members) {
      const name = record[NAME];
      const value = record[VALUE];
      if (name === undefined && value === undefined) {
        if (!single) {
          problem(
            row,
            NAME,
            `Data rows ${members.map((m) => m.row + 1).join(", ")} have the same site, product and effective time: ` +
              "give each a Component and an Amount, or remove the duplicate",
          );
        }
      } else if (name === undefined) {
        problem(row, NAME, "Component is required where an Amount is given: name the part of the cost it is");
      } else if (value === undefined) {
        problem(row, VALUE, `Amount is required for the component "${name}"`);
      } else {
        const folded = String(name).toLowerCase();
        const earlier = names.get(folded);
        if (earlier !== undefined) {
          problem(row, NAME, `Component "${name}" is already given on data row ${earlier + 1} of this breakdown`);
        } else {
          names.set(folded, row);
          breakdown.push({ name: String(name), value: value as number });
        }
      }
      for (const field of SHARED) {
        const given = record[field];
        if (given === undefined) continue;
        const seen = shared[field];
        if (!seen) shared[field] = { value: given, row };
        else if (seen.value !== given) {
          problem(row, field, `${given} differs from ${seen.value} on data row ${seen.row + 1} of the same breakdown`);
        }
      }
    }
    // A row that failed its own checks may carry the cost or a component: the whole is judged once it is fixed.
    const bad = poisoned.get(key);
    if (bad === undefined && !shared.cost) {
      problem(first, "cost", "Cost is required (on at least one row of the breakdown)");
    } else if (bad === undefined && found.length === 0 && breakdown.length > 0) {
      const sum = breakdown.reduce((total, part) => total + part.value, 0);
      if (Math.abs(sum - (shared.cost.value as number)) > TOLERANCE) {
        problem(first, VALUE, `The components add up to ${round(sum)}, not the cost ${shared.cost.value}`);
      }
    }
    if (found.length > 0 || bad !== undefined) {
      const withReason = new Set(found.map((p) => p.row));
      const reason =
        bad !== undefined
          ? `Data row ${bad + 1} of this breakdown is invalid; a breakdown is sent whole or not at all`
          : `Another row of this breakdown (data row ${found[0].row + 1}) is invalid: ${found[0].reason}`;
      for (const { row } of members) if (!withReason.has(row)) problem(row, NAME, reason);
      out.problems.push(...found);
      out.invalidRows.push(...members.map((m) => m.row));
      continue;
    }
    const record: ImportRecord = {};
    for (const [name, value] of Object.entries(members[0].record)) {
      if (name !== NAME && name !== VALUE) record[name] = value;
    }
    for (const field of SHARED) if (shared[field]) record[field] = shared[field].value;
    if (breakdown.length > 0) record.breakdown = breakdown;
    out.records.set(first, record);
    out.groups.set(
      first,
      members.map((m) => m.row),
    );
  }
  return out;
}
