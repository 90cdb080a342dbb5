// What moved in a spilled result: by entity id when both header rows name id.entityId (re-ordered, grown and shrunk
// results give only the real moves, appearances and disappearances), by position otherwise, and the times and ids
// that are never compared as moves.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ExcelValue } from "../../src/core/table";
import { comparesById, diffSpill, type SpillGrid } from "../../src/changes/spill-diff";
import { describeChange } from "../../src/changes/model";

const anchor = {
  sheet: "S",
  address: "S!B2",
  formula: '=KALIBRATE.QUERY("Product","(entityVariant=Own)","id.entityId,data.site.name,data.name,data.currentPrice")',
};
const grid = (values: ExcelValue[][], row = 1, column = 1): SpillGrid => ({ row, column, values });
// The cell of the after-grid at (row, column), 0-based from its top-left, as the service formats it.
const cell = (row: number, column: number, columns = 1) => `R${row}C${column}x${columns}`;
const HEADERS = ["id.entityId", "data.site.name", "data.name", "data.currentPrice", "data.currentPriceEffectiveTime"];
const product = (id: string, site: string, name: string, price: number, at = 45000): ExcelValue[] => [
  id,
  site,
  name,
  price,
  at,
];

describe("spilled results by entity id", () => {
  const before = grid([
    HEADERS,
    product("p1", "Bristol", "Diesel", 1.459),
    product("p2", "Bristol", "Unleaded", 1.399),
    product("p3", "Bath", "Diesel", 1.489),
  ]);

  it("an unchanged result, re-ordered, is no change", () => {
    const after = grid([before.values[0], before.values[3], before.values[1], before.values[2]]);
    assert.equal(comparesById(before, after), true);
    assert.deepEqual(diffSpill(anchor, before, after, cell), []);
  });

  it("a moved price is one change at its new cell, with site, product, old → new and the amount", () => {
    const after = grid([
      HEADERS,
      product("p3", "Bath", "Diesel", 1.489),
      product("p1", "Bristol", "Diesel", 1.469, 45001),
      product("p2", "Bristol", "Unleaded", 1.399),
    ]);
    const changes = diffSpill(anchor, before, after, cell);
    assert.equal(changes.length, 1, "the effective time moved too, and is not a move of its own");
    const [moved] = changes;
    assert.equal(moved.address, "R2C3x1");
    assert.equal(moved.direction, "up");
    assert.equal(moved.before, 1.459);
    assert.equal(moved.after, 1.469);
    assert.ok(Math.abs(moved.delta! - 0.01) < 1e-9);
    assert.deepEqual(
      [moved.site, moved.product, moved.entityId, moved.column],
      ["Bristol", "Diesel", "p1", "data.currentPrice"],
    );
    assert.equal(moved.source, "cell");
    assert.equal(moved.where, anchor.formula);
    assert.equal(describeChange(moved), "Bristol · Diesel data.currentPrice: 1.459 → 1.469 (+0.01)");
  });

  it("a grown result marks the new rows only; a shrunk one lists the rows that left", () => {
    const grown = grid([...before.values, product("p4", "Bath", "Unleaded", 1.419)]);
    assert.deepEqual(
      diffSpill(anchor, before, grown, cell).map((c) => [c.direction, c.entityId, c.address]),
      [["appeared", "p4", "R4C0x5"]],
    );
    const shrunk = grid([HEADERS, before.values[1], before.values[3]]);
    const gone = diffSpill(anchor, before, shrunk, cell);
    assert.deepEqual(
      gone.map((c) => [c.direction, c.entityId, c.address, c.site, c.product]),
      [["disappeared", "p2", undefined, "Bristol", "Unleaded"]],
    );
  });

  it("columns are matched by header, so a column added in the middle moves nothing", () => {
    const wider = grid([
      [
        "id.entityId",
        "data.site.name",
        "data.brand",
        "data.name",
        "data.currentPrice",
        "data.currentPriceEffectiveTime",
      ],
      ...before.values.slice(1).map((row) => [row[0], row[1], "Acme", ...row.slice(2)]),
    ]);
    wider.values[3][4] = 1.479;
    const changes = diffSpill(anchor, before, wider, cell);
    assert.deepEqual(
      changes.map((c) => [c.entityId, c.address, c.direction]),
      [["p3", "R3C4x1", "down"]],
    );
  });

  it("text that changed is flagged as changed, not as a number move", () => {
    const after = grid(before.values.map((row) => [...row]));
    after.values[2][2] = "Unleaded 95";
    const [changed] = diffSpill(anchor, before, after, cell);
    assert.deepEqual(
      [changed.direction, changed.delta, changed.before, changed.after],
      ["changed", undefined, "Unleaded", "Unleaded 95"],
    );
  });
});

describe("spilled results without an id column, by position", () => {
  const history = {
    sheet: "S",
    address: "S!A1",
    formula: '=KALIBRATE.PRICEHISTORY("Bristol","Diesel",DATE(2025,1,1))',
  };
  const before = grid(
    [
      ["effectiveTime", "price"],
      [45000, 1.459],
      [45001, 1.469],
    ],
    0,
    0,
  );

  it("compares cell by cell, names site and product from the formula, and never a time column", () => {
    const after = grid(
      [
        ["effectiveTime", "price"],
        [45000, 1.459],
        [45001.5, 1.449],
      ],
      0,
      0,
    );
    assert.equal(comparesById(before, after), false);
    const changes = diffSpill(history, before, after, cell);
    assert.deepEqual(
      changes.map((c) => [c.address, c.direction, c.site, c.product, c.column]),
      [["R2C1x1", "down", "Bristol", "Diesel", "price"]],
    );
  });

  it("rows past the old end appeared, rows past the new end disappeared", () => {
    const grown = grid([...before.values, [45002, 1.479]], 0, 0);
    assert.deepEqual(
      diffSpill(history, before, grown, cell).map((c) => [c.direction, c.address]),
      [["appeared", "R3C0x2"]],
    );
    const shrunk = grid(before.values.slice(0, 2), 0, 0);
    assert.deepEqual(
      diffSpill(history, before, shrunk, cell).map((c) => [c.direction, c.address, c.key]),
      [["disappeared", undefined, "cell:S!A1@2"]],
    );
  });

  it("a result without headers is compared by position too: a shifted row shows as moves (the README says so)", () => {
    const plain = { ...anchor, formula: '=KALIBRATE.QUERY("Product","","data.name,data.currentPrice",FALSE)' };
    const old = grid([
      ["Diesel", 1.459],
      ["Unleaded", 1.399],
    ]);
    const reordered = grid([
      ["Unleaded", 1.399],
      ["Diesel", 1.459],
    ]);
    const changes = diffSpill(plain, old, reordered, cell);
    assert.equal(changes.length, 4);
    assert.deepEqual(
      changes.filter((c) => c.delta !== undefined).map((c) => [c.address, c.direction]),
      [
        ["R0C1x1", "down"],
        ["R1C1x1", "up"],
      ],
    );
  });

  it("an id column in only one of the two results falls back to position", () => {
    const withId = grid([HEADERS, product("p1", "Bristol", "Diesel", 1.459)]);
    const without = grid([
      ["data.site.name", "data.name"],
      ["Bristol", "Diesel"],
    ]);
    assert.equal(comparesById(withId, without), false);
  });
});
