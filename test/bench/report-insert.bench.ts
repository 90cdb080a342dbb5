// A 100,000-row report insert into the fake Excel host, against the fetch alone, side by side in one run: the real
// data client through the relay to the sandbox (100,000 prices, 10 columns), then the report service's full insert
// (fetch, flatten and convert in one pass, chunked writes into a table, number formats, definition saved), the two
// alternated after a warm-up round, median of 3. The ratio says how much the Excel side adds (target ≤ 1.3 at 10
// columns), and the peak heap of each (sampled every 5 ms over the heap after a GC; node --expose-gc). Run:
// node --expose-gc --import tsx test/bench/report-insert.bench.ts
import { installFakeOffice } from "../../src/workbench/fake-excel";
import { startStack } from "../support/stack";
import { PRICE_TABLE_COLUMNS } from "./price-columns";

const ROWS = 100_000;
const ROUNDS = 3;
const SPEC = {
  collection: "Price",
  query: `(limit=${ROWS})`,
  columns: PRICE_TABLE_COLUMNS,
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const gc = (globalThis as { gc?: () => void }).gc;

/** Runs `work` and samples the heap above what it was before, every 5 ms and once at the end. */
async function peakHeap<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed - base));
  const timer = setInterval(sample, 5);
  try {
    const value = await work();
    sample();
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const stack = await startStack({ sandbox: { size: 150_000 } });
  await import("../../src/runtime").then(({ createRuntime, setRuntime }) => setRuntime(createRuntime(stack.relayUrl)));
  installFakeOffice(globalThis);
  const rt = (await import("../../src/runtime")).runtime();
  const service = (await import("../../src/composition")).reportService(rt);
  await rt.tokens.connect(stack.reader);
  const fetchMs: number[] = [];
  const insertMs: number[] = [];
  const fetchPeak: number[] = [];
  const insertPeak: number[] = [];
  let bytesPerDocument = 0;
  try {
    for (let round = -1; round < ROUNDS; round++) {
      let started = performance.now();
      const fetched = await peakHeap(() => rt.data.query(SPEC.collection, SPEC.query, { cache: false }));
      if (round >= 0) fetchMs.push(performance.now() - started);
      if (round >= 0) fetchPeak.push(fetched.peak);
      const result = fetched.value;
      if (result.documents.length !== ROWS) throw new Error(`fetched ${result.documents.length} rows, not ${ROWS}`);
      const sample = result.documents.slice(0, 5000);
      bytesPerDocument = Buffer.byteLength(JSON.stringify(sample)) / sample.length;

      started = performance.now();
      const inserted = await peakHeap(() => service.insert(SPEC, "new-sheet"));
      if (round >= 0) insertMs.push(performance.now() - started);
      if (round >= 0) insertPeak.push(inserted.peak);
      const report = inserted.value;
      if (report.rows !== ROWS) throw new Error(`inserted ${report.rows} rows, not ${ROWS}`);
      await service.remove(report.id, { withTable: true });
    }
  } finally {
    rt.tokens.disconnect();
    await stack.close();
  }
  const fetchOnly = median(fetchMs);
  const insert = median(insertMs);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `report insert, ${ROWS.toLocaleString("en-GB")} rows × ${SPEC.columns.length} columns of whole Price documents ` +
      `(${Math.round(bytesPerDocument)} bytes of JSON each), median of ${ROUNDS}`,
  );
  console.log(
    `  fetch alone (data client, relay, sandbox)   ${seconds(fetchOnly).padStart(8)}  ${Math.round(ROWS / (fetchOnly / 1000)).toLocaleString("en-GB")} rows/s`,
  );
  console.log(
    `  full insert (fetch + convert + Excel write) ${seconds(insert).padStart(8)}  ${Math.round(ROWS / (insert / 1000)).toLocaleString("en-GB")} rows/s`,
  );
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  console.log(
    `  peak heap: fetch alone ${mb(median(fetchPeak))}, full insert ${mb(median(insertPeak))} (the fake workbook's cells included)`,
  );
  console.log(
    `  insert / fetch ratio ${(insert / fetchOnly).toFixed(2)} (target ≤ 1.3): converting and writing to Excel add ${seconds(insert - fetchOnly)} (${Math.round(((insert - fetchOnly) / insert) * 100)}% of the insert)`,
  );
}

await main();
