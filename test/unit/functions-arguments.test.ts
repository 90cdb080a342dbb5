import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice } from "../../src/workbench/fake-excel";
import {
  ArgumentError,
  collectionPath,
  columnList,
  optionalBoolean,
  requiredText,
  timeArgument,
} from "../../src/functions/arguments";
import { NOT_CONNECTED, settle, toCellError } from "../../src/functions/errors";
import { DataApiError } from "../../src/core/api";
import { NotConnectedError } from "../../src/core/auth";
import { parseQuery } from "../../src/core/query";
import { flatten } from "../../src/core/table";
import { findByKey, type Entity } from "../../src/functions/entities";

before(() => {
  installFakeOffice(globalThis);
});

describe("arguments as Excel passes them", () => {
  test("collections: any case, reference types, and a list of choices for a wrong one", () => {
    assert.equal(collectionPath("PRICE"), "price");
    assert.equal(collectionPath(" SurveyHistory "), "surveyhistory");
    assert.equal(collectionPath("Reference/Brand"), "reference/brand");
    assert.throws(() => collectionPath("Prices"), /"Prices" is not a Kalibrate collection: use Price, Product, Site/);
    assert.throws(() => collectionPath(null), /collection is required/);
    assert.throws(() => collectionPath("reference/../site"), ArgumentError);
  });

  test("columns: a comma list, a range (2-D), blanks ignored, empty means all", () => {
    assert.deepEqual(columnList([["id.entityId, data.name"]]), ["id.entityId", "data.name"]);
    assert.deepEqual(
      columnList([
        ["name", null],
        ["", "data.brand.name"],
      ]),
      ["name", "data.brand.name"],
    );
    assert.equal(columnList(null), undefined);
    assert.equal(columnList([[""]]), undefined);
  });

  test("booleans: omitted takes the default; TRUE/FALSE, 1/0 and text", () => {
    assert.equal(optionalBoolean("headers", null, true), true);
    assert.equal(optionalBoolean("headers", false, true), false);
    assert.equal(optionalBoolean("headers", 0, true), false);
    assert.equal(optionalBoolean("headers", "false", true), false);
    assert.throws(() => optionalBoolean("headers", "maybe", true), /headers must be TRUE or FALSE/);
  });

  test("times: Excel serials and ISO text read as UTC, a clear message otherwise", () => {
    assert.equal(timeArgument("asOf", 45322), Date.UTC(2024, 0, 31));
    assert.equal(timeArgument("asOf", 45322.25), Date.UTC(2024, 0, 31, 6));
    assert.equal(timeArgument("asOf", "2024-01-31"), Date.UTC(2024, 0, 31));
    assert.equal(timeArgument("asOf", "2024-01-31T08:30"), Date.UTC(2024, 0, 31, 8, 30));
    assert.equal(timeArgument("asOf", "2024-01-31T08:30:00+01:00"), Date.UTC(2024, 0, 31, 7, 30));
    assert.equal(timeArgument("asOf", null, 123), 123);
    assert.throws(() => timeArgument("from", null), /from is required/);
    assert.throws(() => timeArgument("asOf", "31/01/2024"), /asOf "31\/01\/2024" is not a date/);
  });

  test("required text says what to type", () => {
    assert.throws(() => requiredText("site", "  ", '"Own Site 1"'), /site is required, for example "Own Site 1"/);
    assert.equal(requiredText("site", 1234, "x"), "1234");
  });
});

describe("errors reach the cell with a message", () => {
  const cell = (error: unknown) => {
    const e = toCellError(error);
    return { code: e.code, message: e.message ?? "" };
  };

  test("what the user typed is #VALUE!", () => {
    assert.deepEqual(cell(new ArgumentError("bad")), { code: "#VALUE!", message: "bad" });
    let syntax: unknown;
    try {
      parseQuery("(price=>1.2)");
    } catch (e) {
      syntax = e;
    }
    assert.equal(cell(syntax).code, "#VALUE!");
    assert.match(cell(syntax).message, /did you mean `>=`/);
    let column: unknown;
    try {
      flatten([{ id: { entityId: "a" }, data: { name: "x" } }], { columns: ["nmae"] });
    } catch (e) {
      column = e;
    }
    assert.equal(cell(column).code, "#VALUE!");
    assert.equal(cell(new DataApiError("bad-request", "`(x>a)`: no")).code, "#VALUE!");
  });

  test("not connected is #N/A with the way to connect", () => {
    assert.deepEqual(cell(new NotConnectedError()), { code: "#N/A", message: NOT_CONNECTED });
    assert.deepEqual(cell(new DataApiError("not-connected", "x")), { code: "#N/A", message: NOT_CONNECTED });
  });

  test("API and network failures are #N/A with their reason; long reasons are clipped", () => {
    assert.deepEqual(cell(new DataApiError("rate-limited", "Kalibrate is busy: try again in 5 s.")), {
      code: "#N/A",
      message: "Kalibrate is busy: try again in 5 s.",
    });
    assert.equal(cell(new Error("x".repeat(400))).message.length, 250);
    assert.match(cell(undefined).message, /Press Refresh/);
  });

  test("settle turns any failure into a cell error and passes values through", async () => {
    assert.equal(await settle(async () => 42), 42);
    await assert.rejects(
      settle(async () => Promise.reject(new NotConnectedError())),
      (e: unknown) => {
        return e instanceof CustomFunctions.Error && e.code === "#N/A";
      },
    );
  });
});

describe("finding an entity by key", () => {
  const site = (id: string, name: string, importCode: string): Entity => ({
    id: { entityId: id },
    data: { name, importCode },
  });
  const sites = [
    site("0b7c2a10-0000-4000-8000-000000000001", "Bristol High Street", "S001"),
    site("0b7c2a10-0000-4000-8000-000000000002", "Bath Road", "S002"),
    site("0b7c2a10-0000-4000-8000-000000000003", "Bath Road", "S003"),
  ];

  test("by entityId, import code or name, ignoring case", () => {
    assert.equal(findByKey(sites, "0B7C2A10-0000-4000-8000-000000000002", "site"), sites[1]);
    assert.equal(findByKey(sites, "s001", "site"), sites[0]);
    assert.equal(findByKey(sites, "bristol high street", "site"), sites[0]);
  });

  test("none or several is a reason to fix the key", () => {
    assert.throws(() => findByKey(sites, "Nowhere", "site"), /No site has the entityId, import code or name "Nowhere"/);
    assert.throws(
      () => findByKey(sites, "Bath Road", "site"),
      /"Bath Road" names 2 sites; use its entityId or import code/,
    );
  });
});
