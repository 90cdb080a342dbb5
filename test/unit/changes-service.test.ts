// The change service over in-memory ports: one refresh's changes replace the last one's, marking stops without
// failing anything, the workbook-wide snapshot budget, and turning marking off clears the marks.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ExcelTable } from "../../src/core/table";
import { ChangeService } from "../../src/changes/service";
import type { StoredSnapshot } from "../../src/changes/diff";
import { DEFAULT_CHANGE_SETTINGS, type ChangeSettings } from "../../src/changes/model";
import type { AlertRule } from "../../src/changes/alerts";
import type { Mark } from "../../src/changes/ports";
import { SPILL_BUDGET_CELLS, type SpillCapture } from "../../src/changes/spill-diff";

function memory(options: { failMarks?: boolean } = {}) {
  const snapshots = new Map<string, StoredSnapshot>();
  const marked = new Map<string, Mark[]>();
  let settings: ChangeSettings = { ...DEFAULT_CHANGE_SETTINGS };
  const rules: AlertRule[] = [];
  const cellValues = new Map<string, number>();
  const spills = new Map<string, SpillCapture>();
  const service = new ChangeService({
    store: {
      settings: async () => settings,
      saveSettings: async (s) => void (settings = s),
      snapshots: async () => new Map(snapshots),
      snapshotSizes: async () => new Map([...snapshots].map(([k, v]) => [k, JSON.stringify(v).length])),
      saveSnapshot: async (id, s) => void snapshots.set(id, s),
      alertRules: async () => rules,
      saveAlertRule: async (r) => void rules.push(r),
      removeAlertRule: async () => undefined,
    },
    marks: {
      async mark(source, marks) {
        if (options.failMarks) throw new Error("Excel refused the formats.");
        marked.set(source, [...marks]);
        return marks.length;
      },
      async clear(source) {
        const n = source ? (marked.get(source)?.length ?? 0) : [...marked.values()].flat().length;
        if (source) marked.delete(source);
        else marked.clear();
        return n;
      },
    },
    cells: {
      read: async (addresses) => new Map(addresses.map((a) => [a, cellValues.get(a) ?? 0])),
      readSpills: async (addresses) => new Map([...spills].filter(([a]) => addresses.includes(a))),
    },
    log: { write: async () => "Kalibrate changes" },
  });
  return { service, snapshots, marked, cellValues, spills };
}

const table = (rows: Array<[string, number]>): ExcelTable => ({
  headers: ["id.entityId", "data.price"],
  rows: rows.map((r) => [...r]),
  dateColumns: [],
});
const written = (id: string, t: ExcelTable) => ({
  reportId: id,
  tableName: `T${id}`,
  sheet: "S",
  address: "S!B2:C9",
  table: t,
});

describe("ChangeService", () => {
  it("a report refreshed on its own is compared with its snapshot and marked at the right cells", async () => {
    const { service, marked } = memory();
    await service.reportWritten(written("r", table([["a", 1]])));
    await service.reportWritten(
      written(
        "r",
        table([
          ["b", 2],
          ["a", 1.5],
        ]),
      ),
    );
    const { changes } = await service.listing();
    assert.deepEqual(
      changes.map((c) => [c.entityId, c.direction, c.address]),
      [
        ["b", "appeared", "S!B3:C3"],
        ["a", "up", "S!C4"],
      ],
    );
    assert.deepEqual(
      marked.get("r")!.map((m) => m.address),
      ["S!B3:C3", "S!C4"],
    );
    assert.match(marked.get("r")![1].note!, /▲ \+0\.5 \(was 1\)/);
  });

  it("a whole refresh replaces the last list, and a marking failure is told, not thrown", async () => {
    const { service, cellValues } = memory({ failMarks: true });
    service.beginRefresh();
    cellValues.set("S!A1", 2);
    await service.cellsRecalculated([{ sheet: "S", address: "S!A1", formula: "=KALIBRATE.PRICE(1,2)", value: 1 }]);
    await service.endRefresh();
    const listing = await service.listing();
    assert.equal(listing.changes.length, 1);
    assert.match(
      listing.markProblem!,
      /Marking stopped: Excel refused the formats\. The changes are still listed here\./,
    );
    service.beginRefresh();
    await service.endRefresh();
    assert.equal((await service.listing()).changes.length, 0);
  });

  it("the reports of a workbook share one budget for previous values", async () => {
    const { service, snapshots } = memory();
    const big = (n: number) =>
      table(Array.from({ length: n }, (_, i) => [`entity-${i}-${"x".repeat(20)}`, i] as [string, number]));
    for (const id of ["r1", "r2", "r3", "r4", "r5"]) await service.reportWritten(written(id, big(4000)));
    await service.reportWritten(written("r6", big(4000)));
    const r6 = snapshots.get("r6")!;
    assert.ok(!("untracked" in snapshots.get("r5")!));
    assert.ok("untracked" in r6);
    assert.match((r6 as { untracked: string }).untracked, /other reports already use the 1024 KB/);
  });

  it("turning marking off clears every mark", async () => {
    const { service, marked } = memory();
    await service.reportWritten(written("r", table([["a", 1]])));
    await service.reportWritten(written("r", table([["a", 2]])));
    assert.equal(marked.get("r")!.length, 1);
    await service.saveSettings({ marking: false, threshold: 0 });
    assert.equal(marked.size, 0);
  });

  it("a spilled result is compared by id and marked at its cells; the formula's own cell is not compared twice", async () => {
    const { service, marked, spills, cellValues } = memory();
    const formula = '=KALIBRATE.QUERY("Product","","id.entityId,data.currentPrice")';
    const before = {
      grid: {
        row: 1,
        column: 1,
        values: [
          ["id.entityId", "data.currentPrice"],
          ["a", 1.5],
          ["b", 2],
        ],
      },
    };
    spills.set("S!B2", {
      grid: {
        row: 1,
        column: 1,
        values: [
          ["id.entityId", "data.currentPrice"],
          ["b", 2],
          ["a", 1.52],
          ["c", 3],
        ],
      },
    });
    cellValues.set("S!B2", 7); // not compared: the anchor is part of the spill
    await service.cellsRecalculated([{ sheet: "S", address: "S!B2", formula, value: "id.entityId", spill: before }]);
    const { changes, untracked } = await service.listing();
    assert.deepEqual(
      changes.map((c) => [c.entityId, c.direction, c.address]),
      [
        ["c", "appeared", "S!B5:C5"],
        ["a", "up", "S!C4"],
      ],
    );
    assert.deepEqual(untracked, []);
    assert.deepEqual(
      marked
        .get("cells")!
        .map((m) => [m.address, m.direction, m.note])
        .sort(),
      [
        ["S!B5:C5", "appeared", undefined],
        ["S!C4", "up", "▲ +0.02 (was 1.5)"],
      ],
    );
  });

  it("a spill over the budget is compared by its own cell and listed as not compared", async () => {
    const { service, cellValues } = memory();
    cellValues.set("S!A1", "id.entityId" as unknown as number);
    const over = SPILL_BUDGET_CELLS + 10;
    await service.cellsRecalculated([
      { sheet: "S", address: "S!A1", formula: '=KALIBRATE.QUERY("Price")', value: "x", spill: { over } },
    ]);
    const { changes, untracked } = await service.listing();
    assert.deepEqual(
      changes.map((c) => [c.address, c.direction]),
      [["S!A1", "changed"]],
    );
    assert.equal(untracked.length, 1);
    assert.match(untracked[0].reason, /result of 100,010 cells is over the 100,000 spilled cells/);
  });

  it("where Excel cannot tell what formulas spill into, own cells are compared and the panel says so", async () => {
    const { service, cellValues } = memory();
    cellValues.set("S!A1", 1);
    await service.cellsRecalculated(
      [{ sheet: "S", address: "S!A1", formula: '=KALIBRATE.QUERY("Price")', value: 1 }],
      undefined,
      false,
    );
    const { untracked } = await service.listing();
    assert.deepEqual(
      untracked.map((u) => u.where),
      ["Spilled results"],
    );
    assert.match(untracked[0].reason, /needs ExcelApi 1\.12/);
  });
});
