// A 50,000-row competitor-price import through the real data client, relay and sandbox, from the fake Excel host:
// validation time (read the range in chunks, resolve sites and products, check every row) beside reading alone,
// and send time with requests per 1,000 rows (batches of 1,000, each POST then its status) beside the floor: the
// raw POSTs of the same batches, one after another, with no status checks. Alternated, after a warm-up round.
// Run: npx tsx test/bench/import.bench.ts
import { installFakeOffice } from "../../src/workbench/fake-excel";
import { startStack } from "../support/stack";
import { SURVEY_HEADERS, surveyRows } from "../support/survey";
import { planBatches } from "../../src/imports/batches";

const ROWS = 50_000;
const ROUNDS = 2;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const stack = await startStack({ sandbox: { size: 20_000 } });
  await import("../../src/runtime").then(({ createRuntime, setRuntime }) => setRuntime(createRuntime(stack.relayUrl)));
  const host = installFakeOffice(globalThis);
  const rt = (await import("../../src/runtime")).runtime();
  const { importService } = await import("../../src/composition");
  const service = importService(rt);
  await rt.tokens.connect(stack.writer);
  const readMs: number[] = [];
  const validateMs: number[] = [];
  const sendMs: number[] = [];
  const rawMs: number[] = [];
  const sendRequests: number[] = [];
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const warm = round === 0;
      host.workbook.setValues("Sheet1!A1", [
        SURVEY_HEADERS,
        ...surveyRows(stack.sandbox, ROWS, 47000 + round * 100),
      ] as never);
      host.workbook.select(`Sheet1!A1:E${ROWS + 1}`);

      let started = performance.now();
      const source = await service.read({ kind: "selection" });
      const read = performance.now() - started;

      started = performance.now();
      const again = await service.read({ kind: "selection" });
      const prepared = await service.validate(
        "competitorPrice",
        again,
        await service.mappingFor("competitorPrice", again.headers),
      );
      const validate = performance.now() - started;
      if (prepared.validation.validRows.length !== ROWS)
        throw new Error(`${prepared.validation.invalidRows.length} invalid rows`);
      if (source.rows.length !== ROWS) throw new Error("short read");

      // Alternate which goes first, so neither always meets a sandbox that just grew.
      const batches = planBatches(prepared.validation.validRows, prepared.validation.records);
      const raw = async () => {
        const t = performance.now();
        for (const batch of batches) await rt.data.importRecords("competitorPrice", batch.records);
        return performance.now() - t;
      };
      const full = async () => {
        const before = rt.requestCount();
        const t = performance.now();
        const outcome = await service.send(prepared);
        const ms = performance.now() - t;
        if (outcome.stopped || outcome.processing > 0) throw new Error(outcome.message);
        return { ms, requests: rt.requestCount() - before };
      };
      let rawTime: number;
      let fullRun: { ms: number; requests: number };
      if (round % 2 === 0) {
        rawTime = await raw();
        fullRun = await full();
      } else {
        fullRun = await full();
        rawTime = await raw();
      }
      if (warm) continue;
      readMs.push(read);
      validateMs.push(validate);
      sendMs.push(fullRun.ms);
      rawMs.push(rawTime);
      sendRequests.push(fullRun.requests);
    }
  } finally {
    rt.tokens.disconnect();
    await stack.close();
  }
  const perThousand = (requests: number) => (requests / (ROWS / 1000)).toFixed(2);
  console.log(`import, ${ROWS.toLocaleString("en-GB")} competitor-price rows, median of ${ROUNDS} after a warm-up`);
  console.log(`  read the range alone (chunked)             ${seconds(median(readMs)).padStart(8)}`);
  console.log(
    `  validation (read + resolve + check)        ${seconds(median(validateMs)).padStart(8)}  ${Math.round(ROWS / (median(validateMs) / 1000)).toLocaleString("en-GB")} rows/s`,
  );
  console.log(
    `  send: batches of 1,000 + status checks     ${seconds(median(sendMs)).padStart(8)}  ${perThousand(median(sendRequests))} requests per 1,000 rows (incl. 2 catalogue queries from cache: 0)`,
  );
  console.log(
    `  floor: the same batches as raw POSTs       ${seconds(median(rawMs)).padStart(8)}  1.00 requests per 1,000 rows`,
  );
  console.log(`  send / raw ratio ${(median(sendMs) / median(rawMs)).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
