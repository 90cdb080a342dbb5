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
  const store = Array.from({ length: count }, (_, i) => ({
    id: { entityId: `e${String(i).padStart(6, "0")}` },
    data: { n: i },
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
