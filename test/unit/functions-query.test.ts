// KALIBRATE.QUERY over the real data client and a scripted relay: a result over the formula row cap stops paging at
// the cap instead of reading everything first.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DataApiClient } from "../../src/core/api";
import { TokenProvider } from "../../src/core/auth";
import { parseQuery } from "../../src/core/query";
import { queryTable } from "../../src/functions/query";
import { installFakeOffice } from "../../src/workbench/fake-excel";

// #N/A is a CustomFunctions.Error: the fake host provides the class as Excel does.
installFakeOffice(globalThis);

const RELAY = "http://relay.test";

async function context(count: number, maxFormulaRows: number) {
  // Document 11,000 (on the third page of 5,000) is the only one with data.late.
  const store = Array.from({ length: count }, (_, i) => ({
    id: { entityId: `e${String(i).padStart(6, "0")}` },
    data: i === 11_000 ? { n: i, late: "2024-01-31" } : { n: i },
  }));
  const queries: string[] = [];
  const fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    if (url.pathname === "/api/token") return Response.json({ accessToken: "t", expiresIn: 3600 });
    const raw = decodeURIComponent(String(input).split("?query=")[1] ?? "");
    queries.push(raw);
    const query = parseQuery(raw);
    const offset = query.offset ?? 0;
    const limit = query.limit === undefined ? 1000 : query.limit === 0 ? Infinity : query.limit;
    return Response.json(store.slice(offset, offset + limit));
  }) as typeof globalThis.fetch;
  const tokens = new TokenProvider({ relayUrl: RELAY, fetch });
  await tokens.connect({ environment: "sandbox", clientId: "c", clientSecret: "s", scope: "api://x/.default" });
  const data = new DataApiClient({ relayUrl: RELAY, tokens, environment: () => "sandbox", fetch });
  return { rt: { data, maxFormulaRows }, queries };
}

describe("KALIBRATE.QUERY and the row cap", () => {
  it("a limit=0 read over the cap stops after the pages that pass it, and says to use a report", async () => {
    const { rt, queries } = await context(30_000, 12_000);
    await assert.rejects(queryTable(rt, "Price", "(limit=0)", undefined, undefined), (error: Error) =>
      /^More than 12,000 rows is more than the 12,000 a formula returns: .*Insert as report/.test(error.message),
    );
    assert.deepEqual(queries, [
      "(orderBy=entityId)+(limit=5000)+(offset=0)",
      "(orderBy=entityId)+(limit=5000)+(offset=5000)",
      "(orderBy=entityId)+(limit=2001)+(offset=10000)",
    ]);
  });

  it("a read within the cap returns every row, in the order the uncapped read had", async () => {
    const { rt } = await context(7_000, 12_000);
    const rows = await queryTable(rt, "Price", "(limit=0)", "id.entityId", false);
    assert.equal(rows.length, 7_000);
    assert.deepEqual(rows[6_999], ["e006999"]);
  });

  it("a single-request read over the cap still says how many rows it had", async () => {
    const { rt, queries } = await context(100, 10);
    await assert.rejects(queryTable(rt, "Site", "(limit=20)", undefined, undefined), (error: Error) =>
      /^20 rows is more than the 10/.test(error.message),
    );
    assert.deepEqual(queries, ["(limit=20)"]);
  });
});

describe("KALIBRATE.QUERY's table is converted page by page and cached as rows", () => {
  it("a field only the third page has is a column, as over the whole result; recalculation asks nothing", async () => {
    const { rt, queries } = await context(12_000, 50_000);
    const rows = await queryTable(rt, "Price", "(limit=0)", undefined, undefined);
    const read = queries.length;
    assert.ok(read >= 3, "three pages (and those in flight past the end)");
    assert.deepEqual(rows[0], ["id.entityId", "data.n", "data.late"]);
    assert.equal(rows.length, 12_001);
    assert.deepEqual(rows[1], ["e000000", 0, ""]);
    assert.deepEqual(
      rows[11_001],
      ["e011000", 11_000, { type: "FormattedNumber", basicValue: 45322, numberFormat: "yyyy-mm-dd" }],
      "a date becomes its serial, and the column (empty on pages 1 and 2) a date column",
    );
    const again = await queryTable(rt, "Price", "(limit=0)", undefined, undefined);
    assert.deepEqual(again, rows);
    assert.equal(queries.length, read, "recalculation costs no request");
    rows[1][0] = "changed by the caller";
    const third = await queryTable(rt, "Price", "(limit=0)", undefined, undefined);
    assert.equal(third[1][0], "e000000", "a caller's array is its own");
  });

  it("the same query with other columns reads once more, then is cached too; Refresh clears both", async () => {
    const { rt, queries } = await context(7_000, 50_000);
    await queryTable(rt, "Price", "(limit=0)", "id.entityId", false);
    const read = queries.length;
    const n = await queryTable(rt, "Price", "(limit=0)", "data.n", false);
    assert.equal(n[6_999][0], 6_999);
    assert.equal(queries.length, 2 * read, "other columns: another read (rows are cached, not documents)");
    await queryTable(rt, "Price", "(limit=0)", "id.entityId", true);
    await queryTable(rt, "Price", "(limit=0)", "data.n", false);
    assert.equal(queries.length, 2 * read, "each column choice is cached; headers on or off share the table");
    rt.data.clearCache();
    await queryTable(rt, "Price", "(limit=0)", "data.n", false);
    assert.equal(queries.length, 3 * read, "after Refresh it reads again");
  });

  it("an unknown column fails the cell and is not cached", async () => {
    const { rt, queries } = await context(10, 50_000);
    await assert.rejects(queryTable(rt, "Price", "(limit=0)", "data.nn", undefined), /no column "data.nn".*data\.n/);
    await assert.rejects(queryTable(rt, "Price", "(limit=0)", "data.nn", undefined), /no column "data.nn"/);
    assert.equal(queries.length, 2, "the failure was not kept: the second evaluation asked again");
  });
});
