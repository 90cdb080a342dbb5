// The query builder's two-way binding: controls → canonical query text, typed text → controls, parse errors with
// their clause, the formula written for Insert as formula, and the catalogue's suggestions.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  EMPTY_STATE,
  describeSyntaxError,
  formulaFor,
  parseColumns,
  queryText,
  readQueryText,
  stateOf,
} from "../../src/taskpane/builder/model";
import { isDateProperty, propertiesOf, referenceColumns, variantsOf } from "../../src/taskpane/builder/catalog";

describe("builder → query text", () => {
  it("puts the variant first, then complete filter rows, then order, direction and limit", () => {
    const text = queryText({
      ...EMPTY_STATE,
      variant: "Own",
      filters: [
        { property: "effectiveTime", operator: ">=", value: "2025-06-01" },
        { property: "", operator: "=", value: "half-filled" },
        { property: "price", operator: "<", value: "" },
      ],
      orderBy: "effectiveTime",
      direction: "descending",
      limit: "500",
    });
    assert.equal(
      text,
      "(entityVariant=Own)+(effectiveTime>=2025-06-01)+(orderBy=effectiveTime)+(direction=descending)+(limit=500)",
    );
  });

  it("leaves out a direction without an order and an empty limit", () => {
    assert.equal(queryText({ ...EMPTY_STATE, direction: "descending", limit: "" }), "");
  });

  it("refuses values the API cannot take, with the parser's message", () => {
    assert.throws(() => queryText({ ...EMPTY_STATE, filters: [{ property: "name", operator: "=", value: "a+b" }] }), {
      name: "QuerySyntaxError",
    });
  });
});

describe("typed text → builder", () => {
  it("follows an edit: variant, filters, order and limit, keeping collection and columns", () => {
    const previous = { ...EMPTY_STATE, collection: "Site", columns: ["data.name"] };
    const read = readQueryText("(entityVariant=Competitor)+(name@=Ring)+(orderBy=name)+(limit=10)", previous);
    assert.ok(read.ok);
    assert.deepEqual(read.state, {
      ...previous,
      variant: "Competitor",
      filters: [{ property: "name", operator: "@=", value: "Ring" }],
      orderBy: "name",
      direction: "",
      limit: "10",
      offset: "",
    });
    assert.equal(queryText(read.state), "(entityVariant=Competitor)+(name@=Ring)+(orderBy=name)+(limit=10)");
  });

  it("reports a parse error with its clause, in place of changing the controls", () => {
    const read = readQueryText("(entityVariant=Own)+(limit=abc)", EMPTY_STATE);
    assert.equal(read.ok, false);
    if (!read.ok) {
      assert.equal(read.error.clauseIndex, 1);
      assert.match(describeSyntaxError(read.error), /^Clause 2, `\(limit=abc\)`: /);
    }
  });

  it("opens a saved report's spec", () => {
    const read = stateOf({ collection: "reference/brand", query: "(limit=0)", columns: ["name"] });
    assert.ok(read.ok && read.state.collection === "reference/brand" && read.state.limit === "0");
  });
});

describe("formula and suggestions", () => {
  it("writes the KALIBRATE.QUERY formula with doubled quotes", () => {
    assert.equal(
      formulaFor({
        collection: "Price",
        query: "(entityVariant=Own)+(limit=0)",
        columns: ["id.entityId", "data.price"],
      }),
      '=KALIBRATE.QUERY("Price","(entityVariant=Own)+(limit=0)","id.entityId,data.price")',
    );
    assert.equal(
      formulaFor({ collection: "Site", query: '(name=Joe"s)', columns: [] }),
      '=KALIBRATE.QUERY("Site","(name=Joe""s)")',
    );
    assert.deepEqual(parseColumns(" id.entityId, ,data.price "), ["id.entityId", "data.price"]);
  });

  it("knows the variants and properties per collection, date properties, and reference expansions", () => {
    assert.deepEqual(variantsOf("Price"), ["Own", "Competitor", "Proposed", "Cost"]);
    assert.deepEqual(variantsOf("reference/brand"), ["Common"]);
    assert.ok(propertiesOf("Price").includes("effectiveTime") && propertiesOf("Price").includes("entityVariant"));
    assert.ok(isDateProperty("effectiveTime") && isDateProperty("id.createdOn") && !isDateProperty("price"));
    assert.deepEqual(referenceColumns("data.brand.entityId"), ["data.brand.name", "data.brand.importCode"]);
    assert.deepEqual(referenceColumns("data.status.statusId"), []);
  });
});
