// Sandbox benchmark. Build time and memory at the default size and at 1,000,000 price records (in this process), the
// JSON size of each kind of whole document, then documents per second for 100k-document answers over real HTTP from
// a sandbox running as its own process (the CLI), so the client's JSON parsing does not share its event loop, and
// what a later page of one ordered query costs beside its first page. Run:
//   npx tsx test/bench/sandbox.bench.ts

import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { loadConfig } from "../../src/sandbox/config";
import { startSandbox, type KalibrateDocument, type SeededData } from "../../src/sandbox/server";
import { sandboxToken } from "../support/sandbox-token";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const RUNS = 3;
const BIG = 1_000_000;

function memory(): { heap: number; rss: number; buffers: number } {
  gc();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, rss: usage.rss, buffers: usage.arrayBuffers };
}

async function buildAndMeasure(size: number): Promise<void> {
  const before = memory();
  const started = performance.now();
  const sandbox = await startSandbox({ port: 0, size });
  const seconds = (performance.now() - started) / 1000;
  const after = memory();
  const prices = Object.values(sandbox.data.priceCounts()).reduce((a, b) => a + b, 0);
  console.log(
    `size ${size.toLocaleString("en-GB").padEnd(10)} ready in ${seconds.toFixed(2)} s: ${prices.toLocaleString("en-GB")} prices, ` +
      `${sandbox.data.ownSites.length} own sites; heap +${MB(after.heap - before.heap)}, ` +
      `typed arrays +${MB(after.buffers - before.buffers)}, process RSS ${MB(after.rss)}`,
  );
  if (size === 40_000) documentSizes(sandbox.data);
  await sandbox.close();
}

/** Bytes of JSON per document, averaged over up to 2000 of each kind, with the number of `data` fields. */
function documentSizes(data: SeededData): void {
  const kinds: [string, Iterable<KalibrateDocument>][] = [
    ["Own Site", data.ownSites],
    ["Own Product", data.ownProducts],
    ["Global Product", data.globalProducts],
    ["Competitor Site", data.competitorSites],
    ["Price", data.documents("Price")],
    ["Volume", data.documents("Volume")],
    ["Brand", data.brands],
  ];
  const parts = kinds.map(([label, documents]) => {
    let bytes = 0;
    let count = 0;
    let fields = 0;
    for (const document of documents) {
      bytes += Buffer.byteLength(JSON.stringify(document));
      fields = Math.max(fields, Object.keys(document.data).length);
      if (++count === 2000) break;
    }
    return `${label} ${Math.round(bytes / count).toLocaleString("en-GB")} B (${fields} fields)`;
  });
  console.log(`bytes per document: ${parts.join(", ")}`);
}

/** The sandbox CLI in a child process; resolves with its Data API and token URLs once it prints them. */
async function startChild(size: number): Promise<{ child: ChildProcess; apiUrl: string; tokenUrl: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/sandbox/main.ts", "--port", "0", "--size", String(size)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const urls: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /^\s+(Data API|Token URL)\s+(\S+)/.exec(line);
    if (match) urls[match[1]] = match[2];
    if (urls["Data API"] && urls["Token URL"]) break;
  }
  if (!urls["Data API"]) throw new Error("the sandbox child did not start");
  return { child, apiUrl: urls["Data API"], tokenUrl: urls["Token URL"] };
}

/**
 * Page after page of one ordered query, as the add-in's paging asks: the first page scans and sorts, later ones
 * are slices of the kept ordering. The floor is the same first page with the kept ordering forgotten (new filters).
 */
async function measurePaging(apiUrl: string, token: string): Promise<void> {
  const get = async (query: string) => {
    const started = performance.now();
    const response = await fetch(`${apiUrl}/price?query=${query}`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    return performance.now() - started;
  };
  const firsts: number[] = [];
  const laters: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A filter that differs per run, so every run's first page finds nothing kept.
    const query = (k: number) =>
      `(entityVariant=Own)+(price>${(run / 1000).toFixed(3)})+(orderBy=effectiveTime)+(limit=5000)+(offset=${k * 5000})`;
    firsts.push(await get(query(0)));
    for (let k = 1; k < 6; k++) laters.push(await get(query(k)));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(
    `paged 5000 at a time, Own by effectiveTime: first page ${median(firsts).toFixed(0)} ms (scan + sort), ` +
      `later pages ${median(laters).toFixed(0)} ms each (ratio ${(median(laters) / median(firsts)).toFixed(2)})`,
  );
}

function childRss(pid: number): string {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    return MB(kb * 1024);
  } catch {
    return "n/a";
  }
}

async function measureQuery(apiUrl: string, token: string, label: string, query: string): Promise<void> {
  const transfers: number[] = [];
  const parses: number[] = [];
  let count = 0;
  let bytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const response = await fetch(`${apiUrl}/price?query=${query}`, { headers: { authorization: `Bearer ${token}` } });
    const body = Buffer.from(await response.arrayBuffer());
    const received = performance.now();
    count = (JSON.parse(body.toString("utf8")) as unknown[]).length;
    parses.push(performance.now() - received);
    transfers.push(received - started);
    bytes = body.length;
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const transfer = median(transfers);
  console.log(
    `${label.padEnd(36)} ${String(count).padStart(7)} docs ${MB(bytes).padStart(7)}  last byte ${transfer.toFixed(0).padStart(5)} ms` +
      ` = ${Math.round(count / (transfer / 1000))
        .toLocaleString("en-GB")
        .padStart(9)} docs/s` +
      `  (client JSON.parse ${median(parses).toFixed(0)} ms)`,
  );
}

await buildAndMeasure(40_000);
await buildAndMeasure(BIG);

const { child, apiUrl, tokenUrl } = await startChild(BIG);
try {
  const token = await sandboxToken(tokenUrl, loadConfig().clients[0]);
  console.log(`sandbox process at size 1,000,000: RSS ${childRss(child.pid!)} before queries`);
  await measureQuery(apiUrl, token, "100k in storage order (limit=100000)", "(limit=100000)");
  await measureQuery(apiUrl, token, "all Own prices (filter + limit=0)", "(entityVariant=Own)+(limit=0)");
  await measureQuery(
    apiUrl,
    token,
    "100k Own ordered by price descending",
    "(entityVariant=Own)+(orderBy=price)+(direction=descending)+(limit=100000)",
  );
  await measureQuery(apiUrl, token, "open query (first 1000 Own)", "(entityVariant=Own)");
  await measurePaging(apiUrl, token);
  console.log(`sandbox process at size 1,000,000: RSS ${childRss(child.pid!)} after queries`);
} finally {
  child.kill("SIGINT");
  await new Promise((resolve) => child.once("exit", resolve));
}
