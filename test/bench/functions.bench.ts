// KALIBRATE functions against the sandbox through the relay (both in a process of their own, stack-process.ts, so this
// process holds only what the add-in would), measured side by side in one run:
// 1. PRICE grids of 10, 50, 200 and 400 sites × 20 columns (4 products × 5 dates), each after a Refresh: requests and
//    wall time of the calculation (target ≤ sites + 2), then the requests a second recalculation without Refresh
//    causes (target 0). The 50 × 20 grid also against one Data API request per cell.
// 2. QUERY-sized reads of 100,000 and 500,000 price rows: the data client's paging against one unpaged request of the
//    same rows on equal terms (the same fetch and accept-encoding, so the same compression; both warmed once; then
//    alternated, median of 3), with the peak heap each needs over the raw JSON size (target paged/unpaged ≤ 1.1, peak
//    paged ≤ 2× the JSON).
//    Then the same rows turned into a 10-column table as QUERY and a report make it: the documents first and then
//    the rows (the old path, and QUERY's: its documents stay cached for recalculation), against each page converted
//    as it arrives (a report's fetch now): time and peak heap, and what stays held once the table is built (QUERY's
//    cache keeps the documents; the per-page path only the rows).
// 3. 200 KALIBRATE.SITE cells (one per own site, by entityId) against 200 KALIBRATE.LOOKUP cells of the same sites'
//    brand names, each after a Refresh: requests and wall time (warmed once, then alternated, median of 3).
// Run: npx tsx test/bench/functions.bench.ts [grids|reads|site]   (one part only when named; node --expose-gc gives
// steadier memory figures, and run.ts passes it)
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { installFakeOffice } from "../../src/workbench/fake-excel";
import { excelTableOfPages, flattenToExcel } from "../../src/core/table";
import { PRICE_TABLE_COLUMNS } from "./price-columns";

const GRIDS = [10, 50, 200, 400];
const DATES = 5;
const READS = [100_000, 500_000];
const ROUNDS = 3;
const SIZE = 1_000_000; // 400 own sites, ~1M price records

const parts = new Set<string>(process.argv.slice(2).filter((a) => a === "grids" || a === "reads" || a === "site"));
if (parts.size === 0) ["grids", "reads", "site"].forEach((part) => parts.add(part));

/** A raw request, tried once more when a kept-alive socket was closed under it (idle sockets after a long grid). */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "stack-process.ts"), String(SIZE)], {
  stdio: ["pipe", "pipe", "inherit"],
});
const first = await new Promise<string>((resolve, reject) => {
  createInterface({ input: child.stdout! }).once("line", resolve);
  child.once("exit", (code) => reject(new Error(`the stack exited with ${code}`)));
});
const stackInfo = JSON.parse(first) as {
  relayUrl: string;
  reader: { environment: string; clientId: string; clientSecret: string; scope: string };
  ownSites: string[];
  globalProducts: string[];
  globalIds: string[];
  ownProducts: Array<{ id: string; site: string; product: string }>;
  dataEnd: string;
};
await import("../../src/runtime").then(({ createRuntime, setRuntime }) =>
  setRuntime(createRuntime(stackInfo.relayUrl)),
);
const host = installFakeOffice(globalThis);
const fns = await import("../../src/functions/functions");
host.registerFunctions({
  QUERY: fns.query,
  PRICE: fns.price,
  PRICEHISTORY: fns.pricehistory,
  LOOKUP: fns.lookup,
  SITE: fns.site,
});
const { runtime } = await import("../../src/runtime");
const rt = runtime();
await rt.tokens.connect(stackInfo.reader);
const wb = host.workbook;
const settle = async () => {
  await wb.idle();
  await rt.idle();
};
const line = (label: string, text: string) => console.log(`${label.padEnd(48)} ${text}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function colName(n: number): string {
  let s = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// 1. PRICE grids, smallest first: each grid re-enters every cell of the ones before it.
const products = stackInfo.globalProducts.slice(0, 4);
const end = Date.parse(stackInfo.dataEnd);
const dates = Array.from({ length: DATES }, (_, i) => new Date(end - i * 7 * 86_400_000).toISOString().slice(0, 16));
const columns = products.flatMap((product) => dates.map((date) => ({ product, date })));
if (stackInfo.ownSites.length < Math.max(...GRIDS)) throw new Error(`only ${stackInfo.ownSites.length} own sites`);
let gridFifty = { requests: 0, ms: 0 };
for (const rows of parts.has("grids") ? GRIDS : []) {
  rt.data.clearCache(); // what Refresh does first
  const before = rt.requestCount();
  const started = performance.now();
  stackInfo.ownSites
    .slice(0, rows)
    .forEach((site, r) =>
      columns.forEach((col, c) =>
        wb.setCell(`${colName(c + 1)}${r + 1}`, `=KALIBRATE.PRICE("${site}","${col.product}","${col.date}")`),
      ),
    );
  await settle();
  const ms = performance.now() - started;
  const requests = rt.requestCount() - before;
  const errors = wb
    .getValues(`A1:${colName(columns.length)}${rows}`)
    .flat()
    .filter((v) => typeof v === "object").length;
  const beforeRecalc = rt.requestCount();
  const recalcStarted = performance.now();
  wb.recalc();
  await settle();
  const recalcMs = performance.now() - recalcStarted;
  const recalcRequests = rt.requestCount() - beforeRecalc;
  if (rows === 50) gridFifty = { requests, ms };
  line(
    `PRICE grid ${rows}×${columns.length} (${rows * columns.length} cells)`,
    `${requests} requests (target ≤ ${rows + 2})  ${seconds(ms)}  ${errors} error cells; recalculation: ${recalcRequests} requests (target 0)  ${seconds(recalcMs)}`,
  );
}

// The 50 × 20 grid as one request per cell (what a naive add-in, or the Power Query template, would do).
const token = (await (
  await send(`${stackInfo.relayUrl}/api/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(stackInfo.reader),
  })
).json()) as { accessToken: string };
const ownProduct = (siteId: string, globalId: string) =>
  stackInfo.ownProducts.find((p) => p.site === siteId && p.product === globalId);
const started = performance.now();
let naiveRequests = 0;
const queue = (parts.has("grids") ? stackInfo.ownSites.slice(0, 50) : []).flatMap((site) =>
  stackInfo.globalIds.slice(0, 4).flatMap((globalId) =>
    dates.map(() => {
      const own = ownProduct(site, globalId);
      return `(entityVariant=Own)+(product.entityId=${own?.id})+(orderBy=effectiveTime)+(direction=descending)+(limit=1)`;
    }),
  ),
);
await Promise.all(
  Array.from({ length: 4 }, async () => {
    for (let q = queue.shift(); q; q = queue.shift()) {
      await (
        await send(`${stackInfo.relayUrl}/api/data/sandbox/price?query=${q}`, {
          headers: { authorization: `Bearer ${token.accessToken}` },
        })
      ).arrayBuffer();
      naiveRequests++;
    }
  }),
);
const naiveMs = performance.now() - started;
if (parts.has("grids")) {
  line("same 50×20 grid, one request per cell", `${naiveRequests} requests  ${seconds(naiveMs)}`);
  line(
    "ratio batched / per cell (50×20)",
    `requests ${(gridFifty.requests / naiveRequests).toFixed(3)}  time ${(gridFifty.ms / naiveMs).toFixed(2)}`,
  );
}

// 3. SITE cells against LOOKUP cells, after a Refresh each.
const SITE_CELLS = 200;
async function column(formula: (site: string) => string): Promise<{ requests: number; ms: number; errors: number }> {
  rt.data.clearCache(); // what Refresh does first
  const before = rt.requestCount();
  const started = performance.now();
  wb.setValues(
    "AA1",
    stackInfo.ownSites.slice(0, SITE_CELLS).map((site) => [formula(site)]),
  );
  await settle();
  const ms = performance.now() - started;
  const requests = rt.requestCount() - before;
  const errors = wb
    .getValues(`AA1:AA${SITE_CELLS}`)
    .flat()
    .filter((v) => typeof v === "object").length;
  wb.clearContents(`AA1:AA${SITE_CELLS}`);
  await settle();
  return { requests, ms, errors };
}
if (parts.has("site")) {
  const site = (id: string) => `=KALIBRATE.SITE("${id}")`;
  const lookup = (id: string) => `=KALIBRATE.LOOKUP("Site","${id}","data.brand.name")`;
  await column(site); // warm both paths
  await column(lookup);
  type Run = { requests: number; ms: number; errors: number };
  const runs: { site: Run[]; lookup: Run[] } = { site: [], lookup: [] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.site.push(await column(site));
    runs.lookup.push(await column(lookup));
  }
  const summary = (list: Run[]) =>
    `${median(list.map((r) => r.requests))} requests  ${seconds(median(list.map((r) => r.ms)))}  ${Math.max(...list.map((r) => r.errors))} error cells`;
  line(`SITE ×${SITE_CELLS} (distinct own sites)`, summary(runs.site));
  line(`LOOKUP ×${SITE_CELLS} (the floor: one field each)`, summary(runs.lookup));
  line(
    "  ratio SITE / LOOKUP",
    `requests ${(median(runs.site.map((r) => r.requests)) / median(runs.lookup.map((r) => r.requests))).toFixed(3)}  time ${(median(runs.site.map((r) => r.ms)) / median(runs.lookup.map((r) => r.ms))).toFixed(2)}`,
  );
}

// 2. Paged against unpaged, with peak heap.
const gc = (globalThis as { gc?: () => void }).gc;
async function measure<T>(run: () => Promise<T>): Promise<{ ms: number; peak: number; value: T }> {
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed - base));
  const timer = setInterval(sample, 5);
  const t0 = performance.now();
  const value = await run();
  const ms = performance.now() - t0;
  sample(); // while the result is still held
  clearInterval(timer);
  return { ms, peak, value };
}
const unpaged = async (rows: number) => {
  const response = await send(`${stackInfo.relayUrl}/api/data/sandbox/price?query=(limit=${rows})`, {
    headers: { authorization: `Bearer ${token.accessToken}`, accept: "application/json" },
  });
  const text = await response.text();
  return { count: (JSON.parse(text) as unknown[]).length, bytes: text.length };
};
const paged = async (rows: number) => {
  const result = await rt.data.query("price", `(limit=${rows})`, { cache: false });
  return { count: result.documents.length, requests: result.requests };
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
for (const rows of parts.has("reads") ? READS : []) {
  await unpaged(rows); // warm: the sandbox's one-off sort and index for this order, the relay's connections
  await paged(rows);
  const times = { paged: [] as number[], unpaged: [] as number[] };
  const peaks = { paged: [] as number[], unpaged: [] as number[] };
  let json = 0;
  let requests = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const a = await measure(() => paged(rows));
    const b = await measure(() => unpaged(rows));
    if (a.value.count !== rows || b.value.count !== rows) throw new Error(`read ${a.value.count} / ${b.value.count}`);
    times.paged.push(a.ms);
    peaks.paged.push(a.peak);
    times.unpaged.push(b.ms);
    peaks.unpaged.push(b.peak);
    json = b.value.bytes;
    requests = a.value.requests;
  }
  const ratio = median(times.paged) / median(times.unpaged);
  line(
    `QUERY ${rows.toLocaleString("en-GB")} rows, paged (${requests} requests)`,
    `${seconds(median(times.paged))}  peak heap ${mb(median(peaks.paged))} (${(median(peaks.paged) / json).toFixed(2)}× the JSON)`,
  );
  line(
    `  one unpaged request (the floor)`,
    `${seconds(median(times.unpaged))}  peak heap ${mb(median(peaks.unpaged))} (${(median(peaks.unpaged) / json).toFixed(2)}× the JSON); JSON ${mb(json)}`,
  );
  line(`  ratio paged / unpaged (time)`, `${ratio.toFixed(2)} (target ≤ 1.1)`);

  // Documents then rows (QUERY, and reports before) against rows page by page (reports now), alternated, warmed.
  const runs = {
    whole: [] as Array<{ ms: number; peak: number; held: number }>,
    pages: [] as Array<{ ms: number; peak: number; held: number }>,
  };
  const held = (value: unknown) => {
    gc?.();
    const used = process.memoryUsage().heapUsed;
    void value;
    return used;
  };
  const whole = async () => {
    gc?.();
    const base = process.memoryUsage().heapUsed;
    const m = await measure(async () => {
      // cache: true, as QUERY reads: the documents stay in the data client's cache after the table is built.
      const result = await rt.data.query("price", `(limit=${rows})`);
      return { result, table: flattenToExcel(result.documents, { columns: PRICE_TABLE_COLUMNS }) };
    });
    const kept = held(m.value) - base;
    if (m.value.table.rows.length !== rows) throw new Error(`converted ${m.value.table.rows.length}`);
    rt.data.clearCache();
    return { ms: m.ms, peak: m.peak, held: kept };
  };
  const perPage = async () => {
    gc?.();
    const base = process.memoryUsage().heapUsed;
    const m = await measure(async () => {
      const { table } = await excelTableOfPages(
        (onPage, signal) => rt.data.queryPages("price", `(limit=${rows})`, onPage, { signal }),
        { columns: PRICE_TABLE_COLUMNS },
      );
      return table;
    });
    const kept = held(m.value) - base;
    if (m.value.rows.length !== rows) throw new Error(`converted ${m.value.rows.length}`);
    return { ms: m.ms, peak: m.peak, held: kept };
  };
  await whole();
  await perPage();
  for (let round = 0; round < ROUNDS; round++) {
    runs.whole.push(await whole());
    runs.pages.push(await perPage());
  }
  const describe = (r: Array<{ ms: number; peak: number; held: number }>) =>
    `${seconds(median(r.map((x) => x.ms)))}  peak heap ${mb(median(r.map((x) => x.peak)))} (${(median(r.map((x) => x.peak)) / json).toFixed(2)}× the JSON), held after ${mb(median(r.map((x) => x.held)))}`;
  line(`  ${PRICE_TABLE_COLUMNS.length}-column table: documents, then rows`, describe(runs.whole));
  line(`  ${PRICE_TABLE_COLUMNS.length}-column table: rows page by page`, describe(runs.pages));
  line(
    `  ratio page by page / documents then rows`,
    `time ${(median(runs.pages.map((x) => x.ms)) / median(runs.whole.map((x) => x.ms))).toFixed(2)}  peak heap ${(median(runs.pages.map((x) => x.peak)) / median(runs.whole.map((x) => x.peak))).toFixed(2)}`,
  );
}

rt.tokens.disconnect();
child.stdin!.end();
await new Promise((resolve) => child.once("exit", resolve));
process.exit(0);
