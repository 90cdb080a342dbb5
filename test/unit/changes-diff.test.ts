// What moved: cells by address, report rows by entity id (a reordered table is not a change), the snapshot kept in
// the workbook within its budget, the threshold, sorting by size, filtering, and alert rules.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ExcelTable } from "../../src/core/table";
import { diffCells, diffReport, readSnapshot, snapshotOf, type ReportSnapshot } from "../../src/changes/diff";
import {
  describeChange,
  filterChanges,
  parseThreshold,
  passes,
  readChangeSettings,
  sortBySize,
} from "../../src/changes/model";
import { alertsFor } from "../../src/changes/alerts";

const report = { reportId: "r1", tableName: "KalibrateProduct", sheet: "Sheet2" };
const cell = (row: number, column: number, columns = 1) => `Sheet2!R${row}C${column}x${columns}`;

function table(rows: Array<[string, string, number | string]>): ExcelTable {
  return {
    headers: ["id.entityId", "data.name", "data.currentPrice"],
    rows: rows.map((r) => [...r]),
    dateColumns: [],
  };
}

describe("cell changes", () => {
  it("lists only cells whose value moved, with the amount, the previous value and the PRICE arguments", () => {
    const before = [
      { sheet: "Sheet1", address: "Sheet1!B2", formula: '=KALIBRATE.PRICE("OWN0001","Diesel")', value: 1.459 },
      { sheet: "Sheet1", address: "Sheet1!B3", formula: '=KALIBRATE.PRICE("OWN0002","Diesel")', value: 1.5 },
      { sheet: "Sheet1", address: "Sheet1!B4", formula: "=KALIBRATE.PRICE(A4,B1)", value: 1.6 },
    ];
    const after = new Map<string, number | string>([
      ["Sheet1!B2", 1.469],
      ["Sheet1!B3", 1.5],
      ["Sheet1!B4", "#N/A"],
    ]);
    const changes = diffCells(before, after);
    assert.equal(changes.length, 2);
    assert.equal(changes[0].direction, "up");
    assert.equal(changes[0].before, 1.459);
    assert.ok(Math.abs(changes[0].delta! - 0.01) < 1e-9);
    assert.equal(changes[0].site, "OWN0001");
    assert.equal(changes[0].product, "Diesel");
    assert.equal(changes[1].direction, "changed");
    assert.equal(changes[1].delta, undefined);
  });
});

describe("report rows by entity id", () => {
  const previous = snapshotOf(
    table([
      ["a", "Diesel", 1.4],
      ["b", "Unleaded", 1.3],
      ["c", "LPG", 0.8],
    ]),
  );

  it("a reordered table with the same values is no change", () => {
    const diff = diffReport(
      report,
      previous,
      table([
        ["c", "LPG", 0.8],
        ["a", "Diesel", 1.4],
        ["b", "Unleaded", 1.3],
      ]),
      cell,
    );
    assert.deepEqual(diff.changes, []);
  });

  it("numbers up or down at the row's new position, rows that appeared and disappeared", () => {
    const diff = diffReport(
      report,
      previous,
      table([
        ["d", "Premium", 1.7],
        ["b", "Unleaded", 1.25],
        ["a", "Diesel", 1.42],
      ]),
      cell,
    );
    const byKey = new Map(diff.changes.map((c) => [c.key, c]));
    const a = byKey.get("report:r1:a:data.currentPrice")!;
    assert.equal(a.direction, "up");
    assert.equal(a.address, "Sheet2!R2C2x1");
    assert.equal(a.before, 1.4);
    assert.equal(a.product, "Diesel");
    assert.equal(byKey.get("report:r1:b:data.currentPrice")!.direction, "down");
    assert.equal(byKey.get("report:r1:d")!.direction, "appeared");
    assert.equal(byKey.get("report:r1:d")!.address, "Sheet2!R0C0x3");
    const gone = byKey.get("report:r1:c")!;
    assert.equal(gone.direction, "disappeared");
    assert.equal(gone.address, undefined);
    assert.equal(gone.product, "LPG");
    assert.equal(diff.changes.length, 4);
  });

  it("without an entity id column the rows are not compared, and the reason says how to fix it", () => {
    const noId: ExcelTable = { headers: ["data.name", "data.price"], rows: [["x", 1]], dateColumns: [] };
    const kept = snapshotOf(noId);
    assert.ok("untracked" in kept);
    const diff = diffReport(report, kept, noId, cell);
    assert.match(diff.untracked!, /add id\.entityId/);
  });

  it("a snapshot over its budget is not kept, and says how big it was", () => {
    const big = table(
      Array.from({ length: 2000 }, (_, i) => [`id-${i}`, `Product ${i}`, i] as [string, string, number]),
    );
    const kept = snapshotOf(big, 10_000);
    assert.ok("untracked" in kept);
    assert.match((kept as { untracked: string }).untracked, /2,000 rows need (more than )?\d+ KB.*over the 10 KB/);
    assert.ok(!("untracked" in snapshotOf(big)));
  });

  it("a snapshot holds ids, labels and numbers only, and reads back", () => {
    const kept = snapshotOf(table([["a", "Diesel", 1.4]])) as ReportSnapshot;
    assert.deepEqual(kept.columns, ["data.currentPrice"]);
    assert.deepEqual(kept.rows, [["a", "", "Diesel", "", 1.4]]);
    assert.deepEqual(readSnapshot(JSON.parse(JSON.stringify(kept))), kept);
    assert.equal(readSnapshot({ v: 2 }), undefined);
    assert.equal(readSnapshot({ v: 1, columns: [1], rows: [] }), undefined);
  });
});

describe("threshold, order, filter, alerts", () => {
  const changes = diffReport(
    report,
    snapshotOf(
      table([
        ["a", "Diesel", 1.4],
        ["b", "Unleaded", 1.3],
        ["c", "LPG", 0.8],
      ]),
    ),
    table([
      ["a", "Diesel", 1.405],
      ["b", "Unleaded", 1.2],
      ["c", "LPG", 0.83],
      ["d", "New", 1],
    ]),
    cell,
  ).changes;

  it("sorted by size, appearances first", () => {
    assert.deepEqual(
      sortBySize(changes).map((c) => c.entityId),
      ["d", "b", "c", "a"],
    );
  });

  it("the threshold flags moves of at least its amount (0.005 flags a move of exactly 0.005)", () => {
    assert.deepEqual(
      changes.filter((c) => passes(c, 0.005)).map((c) => c.entityId),
      ["a", "b", "c", "d"],
    );
    assert.deepEqual(
      changes.filter((c) => passes(c, 0.05)).map((c) => c.entityId),
      ["b", "d"],
    );
  });

  it("a threshold is a number of 0 or more; anything else gets a sentence", () => {
    assert.equal(parseThreshold("0,5"), 0.5);
    assert.match(String(parseThreshold("-1")), /number of 0 or more/);
    assert.match(String(parseThreshold("abc")), /number of 0 or more/);
    assert.deepEqual(readChangeSettings({ marking: "yes", threshold: -2 }), { marking: true, threshold: 0 });
  });

  it("filter by product, site or direction", () => {
    assert.deepEqual(
      filterChanges(changes, "unlead").map((c) => c.entityId),
      ["b"],
    );
    assert.deepEqual(
      filterChanges(changes, "appeared").map((c) => c.entityId),
      ["d"],
    );
    assert.equal(filterChanges(changes, "").length, 4);
  });

  it("an alert rule fires for moves of more than its amount in its report only", () => {
    const alerts = alertsFor(
      [
        { reportId: "r1", moreThan: 0.02 },
        { reportId: "other", moreThan: 0 },
      ],
      changes,
    );
    assert.equal(alerts.length, 1);
    assert.equal(alerts[0].changes.length, 2);
    assert.match(
      alerts[0].message,
      /^Alert on KalibrateProduct: 2 prices moved by more than 0\.02: Unleaded data\.currentPrice: 1\.3 → 1\.2 \(−0\.1\) and 1 more\.$/,
    );
    assert.deepEqual(alertsFor([{ reportId: "r1", moreThan: 0.5 }], changes), []);
  });

  it("describes each kind of change in a line", () => {
    assert.match(describeChange(changes.find((c) => c.entityId === "d")!), /New: new row in KalibrateProduct/);
  });
});
