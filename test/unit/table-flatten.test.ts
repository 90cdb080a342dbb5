import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { flatten, UnknownColumnError } from "../../src/core/table";

const site = (entityId: string, data: Record<string, unknown>, extraId: Record<string, unknown> = {}) => ({
  data,
  id: {
    updatedOn: "2021-02-24T11:00:00Z",
    entityVariant: "Own",
    entityId,
    collection: "Site",
    createdOn: "2021-02-24T10:00:00Z",
    entityType: "Site",
    ...extraId,
  },
});

describe("flatten", () => {
  it("puts id.* first in the documented order, then data.* in first-seen order, nested paths dotted", () => {
    const table = flatten([
      site("s1", { name: "A", brand: { entityId: "b1" }, status: { exported: true }, latitude: 51.5 }),
      site("s2", { name: "B", postCode: "AB1", brand: { entityId: "b2" }, status: { exported: false, at: "x" } }),
    ]);
    assert.deepEqual(table.headers, [
      "id.entityId",
      "id.collection",
      "id.entityType",
      "id.entityVariant",
      "id.createdOn",
      "id.updatedOn",
      "data.name",
      "data.brand.entityId",
      "data.status.exported",
      "data.status.at",
      "data.latitude",
      "data.postCode",
    ]);
    assert.deepEqual(table.rows[1], [
      "s2",
      "Site",
      "Site",
      "Own",
      "2021-02-24T10:00:00Z",
      "2021-02-24T11:00:00Z",
      "B",
      "b2",
      false,
      "x",
      null,
      "AB1",
    ]);
    assert.equal(table.rows[0][9], null, "absent → null");
  });

  it("arrays become JSON text; a field null in one document and an object in another gives only the nested columns", () => {
    const table = flatten([
      site("s1", { area: null, competitorSites: [{ entityId: "c1" }, { entityId: "c2" }], note: null }),
      site("s2", { area: { entityId: "a1" }, competitorSites: [] }),
      null,
    ]);
    assert.deepEqual(table.headers.slice(6), ["data.area.entityId", "data.competitorSites", "data.note"]);
    assert.deepEqual(
      table.rows.map((row) => row.slice(6)),
      [
        [null, '[{"entityId":"c1"},{"entityId":"c2"}]', null],
        ["a1", "[]", null],
      ],
    );
    assert.equal(table.rows.length, 2, "null entries are skipped");
  });

  it("with columns: exactly those, in that order, prefixes optional (id first, then data)", () => {
    const table = flatten([site("s1", { name: "A", entityVariant: "shadowed", brand: { entityId: "b1" } })], {
      columns: ["name", "entityId", "data.brand.entityId", "entityVariant", "data.entityVariant", "brand"],
    });
    assert.deepEqual(table.headers, [
      "data.name",
      "id.entityId",
      "data.brand.entityId",
      "id.entityVariant",
      "data.entityVariant",
      "data.brand",
    ]);
    assert.deepEqual(table.rows[0], ["A", "s1", "b1", "Own", "shadowed", '{"entityId":"b1"}']);
  });

  it("with columns: a name only a later document has resolves, and a null or empty object counts as present", () => {
    const documents = [
      site("s1", { name: "A", brand: null }),
      site("s2", { name: "B", brand: {}, status: { exported: true } }),
      site("s3", { name: "C", postCode: "AB1", brand: { entityId: "b3" } }),
    ];
    const table = flatten(documents, { columns: ["postCode", "status.exported", "brand", "brand.entityId"] });
    assert.deepEqual(table.headers, ["data.postCode", "data.status.exported", "data.brand", "data.brand.entityId"]);
    assert.deepEqual(table.rows, [
      [null, null, null, null],
      [null, true, "{}", null],
      ["AB1", null, '{"entityId":"b3"}', "b3"],
    ]);
    // Inside an object the documents have, a missing field is still an error (not an empty column).
    assert.throws(
      () => flatten(documents, { columns: ["data.status.exportd"] }),
      /no column "data.status.exportd".*data\.status\.exported/,
    );
  });

  it("an unknown column is an error naming it and suggesting close matches", () => {
    const documents = [site("s1", { name: "A", postCode: "X", brand: { entityId: "b1" } })];
    assert.throws(
      () => flatten(documents, { columns: ["name", "postcod"] }),
      (error: unknown) =>
        error instanceof UnknownColumnError &&
        error.column === "postcod" &&
        error.suggestions[0] === "data.postCode" &&
        error.message.startsWith('There is no column "postcod" in these documents. Did you mean data.postCode'),
    );
    assert.throws(() => flatten(documents, { columns: ["data.brand.nmae"] }), /no column "data.brand.nmae"/);
    assert.throws(
      () => flatten(documents, { columns: ["zzzzzzzzzz"] }),
      /no column "zzzzzzzzzz" in these documents\. Column names look like id\.entityId/,
    );
  });

  it("a full data path no document has is an empty column unless it looks like a typo", () => {
    const documents = [site("s1", { postCode: "X", brand: { entityId: "b1" } })];
    const table = flatten(documents, { columns: ["data.postCode", "data.managerEmail"] });
    assert.deepEqual(table, { headers: ["data.postCode", "data.managerEmail"], rows: [["X", null]] });
    assert.throws(() => flatten(documents, { columns: ["data.postCod"] }), /Did you mean data\.postCode/);
    assert.throws(() => flatten(documents, { columns: ["managerEmail"] }), /no column "managerEmail"/);
  });

  it("without documents, asked-for columns are kept with their resolved prefix", () => {
    assert.deepEqual(flatten([], { columns: ["entityId", "name", "data.price"] }), {
      headers: ["id.entityId", "data.name", "data.price"],
      rows: [],
    });
    assert.deepEqual(flatten([]), { headers: [], rows: [] });
  });

  it("keeps unknown id fields after the documented ones", () => {
    const table = flatten([site("s1", {}, { partitionKey: "p" })]);
    assert.equal(table.headers.at(-1), "id.partitionKey");
  });
});
