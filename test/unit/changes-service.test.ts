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

function memory(options: { failMarks?: boolean } = {}) {
  const snapshots = new Map<string, StoredSnapshot>();
  const marked = new Map<string, Mark[]>();
  let settings: ChangeSettings = { ...DEFAULT_CHANGE_SETTINGS };
  const rules: AlertRule[] = [];
  const cellValues = new Map<string, number>();
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
    cells: { read: async (addresses) => new Map(addresses.map((a) => [a, cellValues.get(a) ?? 0])) },
    log: { write: async () => "Kalibrate changes" },
  });
  return { service, snapshots, marked, cellValues };
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
});
