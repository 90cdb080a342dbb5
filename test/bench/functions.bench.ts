// KALIBRATE functions against the sandbox through the relay, measured side by side in one run:
// 1. a 50 x 20 PRICE grid (50 sites x 4 products x 5 dates): requests and wall time, batched by site as the add-in
//    does, against one Data API request per cell;
// 2. QUERY of 100,000 price rows: the data client's paging against one unpaged request;
// 3. Data API requests caused by a second recalculation without Refresh (target 0).
// Run: npx tsx test/bench/functions.bench.ts
import { performance } from "node:perf_hooks";
import { installFakeOffice } from "../../src/workbench/fake-excel";
import { startStack } from "../support/stack";

const SITES = 50;
const DATES = 5;
const ROWS = 100_000;

const stack = await startStack({ sandbox: { size: 130_000 } });
(globalThis as { KALIBRATE_RELAY_URL?: string }).KALIBRATE_RELAY_URL = stack.relayUrl;
const host = installFakeOffice(globalThis);
const fns = await import("../../src/functions/functions");
host.registerFunctions({ QUERY: fns.query, PRICE: fns.price, PRICEHISTORY: fns.pricehistory, LOOKUP: fns.lookup });
const { runtime } = await import("../../src/runtime");
const rt = runtime();
await rt.tokens.connect(stack.reader);
const wb = host.workbook;
const settle = async () => {
  await wb.idle();
  await rt.idle();
};
const line = (label: string, text: string) => console.log(`${label.padEnd(44)} ${text}`);

// 1. PRICE grid.
const data = stack.sandbox.data;
const sites = data.ownSites.slice(0, SITES);
const products = data.globalProducts.slice(0, 4);
const end = Date.parse(data.dataEnd);
const dates = Array.from({ length: DATES }, (_, i) => new Date(end - i * 7 * 86_400_000).toISOString().slice(0, 16));
const columns = products.flatMap((p) => dates.map((d) => ({ product: String(p.data.name), date: d })));
let started = performance.now();
const before = rt.requestCount();
sites.forEach((site, r) =>
  columns.forEach((col, c) => {
    const address = `R${r + 1}C${c + 1}`.replace(/R(\d+)C(\d+)/, (_, row, column) => colName(Number(column)) + row);
    wb.setCell(address, `=KALIBRATE.PRICE("${site.id.entityId}","${col.product}","${col.date}")`);
  }),
);
await settle();
const batchedMs = performance.now() - started;
const batchedRequests = rt.requestCount() - before;
const cells = SITES * columns.length;
const errors = wb
  .getValues(`A1:${colName(columns.length)}${SITES}`)
  .flat()
  .filter((v) => typeof v === "object");

function colName(n: number): string {
  let s = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// The same grid as one request per cell (what a naive add-in, or the Power Query template, would do).
const token = (await (
  await fetch(`${stack.relayUrl}/api/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(stack.reader),
  })
).json()) as { accessToken: string };
const ownProduct = (siteId: string, globalId: string) =>
  data.ownProducts.find(
    (p) =>
      (p.data.site as { entityId: string }).entityId === siteId &&
      (p.data.product as { entityId: string }).entityId === globalId,
  );
started = performance.now();
let naiveRequests = 0;
const queue = sites.flatMap((site) =>
  products.flatMap((p) =>
    dates.map(() => {
      const own = ownProduct(site.id.entityId, p.id.entityId);
      return `(entityVariant=Own)+(product.entityId=${own?.id.entityId})+(orderBy=effectiveTime)+(direction=descending)+(limit=1)`;
    }),
  ),
);
await Promise.all(
  Array.from({ length: 4 }, async () => {
    for (let q = queue.shift(); q; q = queue.shift()) {
      await (
        await fetch(`${stack.relayUrl}/api/data/sandbox/price?query=${q}`, {
          headers: { authorization: `Bearer ${token.accessToken}` },
        })
      ).arrayBuffer();
      naiveRequests++;
    }
  }),
);
const naiveMs = performance.now() - started;
line(
  `PRICE grid ${SITES}x${columns.length} (${cells} cells), batched`,
  `${batchedRequests} requests  ${(batchedMs / 1000).toFixed(2)} s  (${errors.length} error cells)`,
);
line("same grid, one request per cell", `${naiveRequests} requests  ${(naiveMs / 1000).toFixed(2)} s`);
line(
  "ratio batched / per cell",
  `requests ${(batchedRequests / naiveRequests).toFixed(3)}  time ${(batchedMs / naiveMs).toFixed(2)}`,
);

// 2. A second recalculation without Refresh.
const beforeRecalc = rt.requestCount();
wb.recalc();
await settle();
line("requests caused by a second recalculation", `${rt.requestCount() - beforeRecalc} (target 0)`);

// 3. QUERY of 100,000 rows.
rt.data.clearCache();
started = performance.now();
const paged = await rt.data.query("price", `(limit=${ROWS})`, { cache: false });
const pagedMs = performance.now() - started;
started = performance.now();
const single = await fetch(`${stack.relayUrl}/api/data/sandbox/price?query=(limit=${ROWS})`, {
  headers: { authorization: `Bearer ${token.accessToken}`, "accept-encoding": "identity" },
});
const singleDocs = ((await single.json()) as unknown[]).length;
const singleMs = performance.now() - started;
line(
  `QUERY ${ROWS} rows, paged by the data client`,
  `${paged.documents.length} docs  ${paged.requests} requests  ${(pagedMs / 1000).toFixed(2)} s`,
);
line("same rows, one unpaged request", `${singleDocs} docs  1 request  ${(singleMs / 1000).toFixed(2)} s`);
line("ratio paged / unpaged (time)", (pagedMs / singleMs).toFixed(2));

await stack.close();
process.exit(0);
