// What a query costs the sandbox, over real HTTP: at most 100 filter clauses (answered at once, before any row is
// read), work abandoned when the client disconnects, and successive pages of one query read only their own rows,
// as a database index would. The engine's work counters (rows scanned, sort keys read) make the cost visible.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { startSandbox, type KalibrateDocument, type RunningSandbox } from "../../src/sandbox/server";
import { MAX_FILTERS, queryWork } from "../../src/sandbox/query-engine";
import { sandboxToken } from "../support/sandbox-token";

let sandbox: RunningSandbox;
let bearer: string;

before(async () => {
  sandbox = await startSandbox({ port: 0, size: 150_000 });
  bearer = await sandboxToken(sandbox.tokenUrl, sandbox.config.clients[0]);
});

after(() => sandbox.close());

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.apiUrl}/${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: response.status, body: await response.json() };
}

async function page(path: string): Promise<KalibrateDocument[]> {
  const answer = await get(path);
  assert.equal(answer.status, 200, JSON.stringify(answer.body).slice(0, 300));
  return answer.body as KalibrateDocument[];
}

/** `count` filter clauses every price passes, each a different bound so none is a copy of another. */
const passing = (count: number) => Array.from({ length: count }, (_, i) => `(price>${(i / 1e6).toFixed(6)})`).join("+");

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("query cost: at most 100 filter clauses", () => {
  it("101 clauses: 400 naming the cap, answered before any row is read", async () => {
    const before = queryWork.rowsScanned;
    const answer = await get(`price?query=${passing(MAX_FILTERS + 1)}+(orderBy=user)`);
    assert.equal(answer.status, 400);
    const body = answer.body as { error: string; message: string };
    assert.equal(body.error, "InvalidQuery");
    assert.match(body.message, /^The query has 101 filter clauses; at most 100 are answered in one query\./);
    assert.equal(queryWork.rowsScanned, before, "no row was read");
  });

  it("100 clauses are answered", async () => {
    const documents = await page(`volume?query=${passing(MAX_FILTERS).replace(/price/g, "volume")}+(limit=5)`);
    assert.equal(documents.length, 5);
  });
});

describe("query cost: a client that disconnects stops the work", () => {
  it("the scan stops part-way, nothing more is read, and the request is logged as 499", async () => {
    const total = sandbox.data.count("Price");
    const scannedBefore = queryWork.rowsScanned;
    const abandonedBefore = queryWork.abandoned;
    const keysBefore = queryWork.keysRead;
    // 100 clauses every row passes, then a sort: seconds of work at this size if it ran to the end.
    const path = `/api/price?query=${passing(MAX_FILTERS)}+(orderBy=user)+(limit=10)`;
    const request = httpRequest(`${sandbox.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    request.on("error", () => undefined); // the socket is destroyed on purpose
    request.end();
    await until(() => queryWork.rowsScanned > scannedBefore, "the scan has started");
    request.destroy();
    await until(() => queryWork.abandoned > abandonedBefore, "the query is abandoned");
    const scanned = queryWork.rowsScanned - scannedBefore;
    assert.ok(scanned < total, `${scanned} of ${total} rows scanned before stopping`);
    assert.equal(queryWork.keysRead, keysBefore, "the sort never started");
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(queryWork.rowsScanned - scannedBefore, scanned, "no row is read after the client has gone");
    const log = (await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()) as Array<{
      url: string;
      status: number;
    }>;
    const entry = log.find((e) => e.url.startsWith("/api/price?") && e.url.endsWith("(orderBy=user)+(limit=10)"));
    assert.equal(entry?.status, 499);
  });
});

describe("query cost: successive pages of one query read only their own rows", () => {
  it("an ordered, filtered query scans and sorts once; every later page reads no row and no key", async () => {
    const query = (k: number) =>
      `price?query=(entityVariant=Competitor)+(orderBy=price)+(limit=1000)+(offset=${k * 1000})`;
    const competitor = sandbox.data.priceCounts().Competitor;
    let scanned = queryWork.rowsScanned;
    let keys = queryWork.keysRead;
    const first = await page(query(0));
    assert.equal(queryWork.rowsScanned - scanned, sandbox.data.count("Price"), "the first page scans the collection");
    assert.equal(queryWork.keysRead - keys, competitor, "and reads one sort key per match");
    const pages = [first];
    for (let k = 1; k < 5; k++) {
      scanned = queryWork.rowsScanned;
      keys = queryWork.keysRead;
      pages.push(await page(query(k)));
      assert.equal(queryWork.rowsScanned - scanned, 0, `page ${k + 1} scans nothing`);
      assert.equal(queryWork.keysRead - keys, 0, `page ${k + 1} sorts nothing`);
    }
    const prices = pages.flat().map((d) => d.data.price as number);
    assert.equal(prices.length, 5000);
    assert.deepEqual(
      prices,
      [...prices].sort((a, b) => a - b),
      "pages follow one another in order",
    );
    assert.equal(new Set(pages.flat().map((d) => d.id.entityId)).size, 5000, "no document on two pages");
  });

  it("an unordered, filtered query resumes its scan: five pages read exactly the rows up to the 5000th match", async () => {
    const query = (k: number) => `price?query=(entityVariant=Own)+(currencyUnit=GBP)+(limit=1000)+(offset=${k * 1000})`;
    // Where the 5000th Own price sits in storage order, from the data itself.
    let seen = 0;
    let rows = 0;
    for (const document of sandbox.data.documents("Price")) {
      rows++;
      if (document.id.entityVariant === "Own" && ++seen === 5000) break;
    }
    const before = queryWork.rowsScanned;
    const pages: KalibrateDocument[][] = [];
    for (let k = 0; k < 5; k++) {
      const start = queryWork.rowsScanned;
      pages.push(await page(query(k)));
      assert.ok(queryWork.rowsScanned - start < rows / 2, `page ${k + 1} reads only its stretch of rows`);
    }
    assert.equal(queryWork.rowsScanned - before, rows, "five pages read each row once");
    const all = await page("price?query=(entityVariant=Own)+(currencyUnit=GBP)+(limit=5000)");
    assert.deepEqual(
      pages.flat().map((d) => d.id.entityId),
      all.map((d) => d.id.entityId),
    );
  });
});
