// How fast the fake Excel host takes a large report: 100,000 rows × 10 columns written in 5,000-row chunks, through
/* eslint-disable office-addins/no-context-sync-in-loop -- chunked writes sync once per chunk by design (office-addin-notes). */
// plain ranges and through table rows.add, then read back in chunks. Run: npx tsx test/bench/fake-excel-write.bench.ts
import { createFakeExcel } from "../../src/workbench/fake-excel";

const ROWS = 100_000;
const COLS = 10;
const CHUNK = 5_000;

function chunk(start: number, rows: number): (string | number)[][] {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: COLS }, (_, c) => (c % 2 === 0 ? `site-${start + r}-${c}` : (start + r) * 0.01 + c)),
  );
}

async function time(label: string, work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  console.log(`${label.padEnd(44)} ${(ms / 1000).toFixed(2)} s`);
  return ms;
}

async function main() {
  const ranges = createFakeExcel();
  const rangeMs = await time(`range writes (${ROWS} × ${COLS}, ${CHUNK}-row chunks)`, () =>
    ranges.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      context.workbook.application.suspendApiCalculationUntilNextSync();
      for (let start = 0; start < ROWS; start += CHUNK) {
        sheet.getRangeByIndexes(start, 0, CHUNK, COLS).values = chunk(start, CHUNK);
        await context.sync();
      }
    }),
  );

  const tables = createFakeExcel();
  const tableMs = await time(`table rows.add (${ROWS} × ${COLS}, ${CHUNK}-row chunks)`, () =>
    tables.Excel.run(async (context) => {
      const table = context.workbook.tables.add("Sheet1!A1:J1", true);
      table.getHeaderRowRange().values = [Array.from({ length: COLS }, (_, c) => `col${c}`)];
      await context.sync();
      for (let start = 0; start < ROWS; start += CHUNK) {
        table.rows.add(null, chunk(start, CHUNK));
        await context.sync();
      }
    }),
  );

  const readMs = await time(`read back in ${CHUNK}-row chunks`, () =>
    ranges.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      for (let start = 0; start < ROWS; start += CHUNK) {
        sheet.getRangeByIndexes(start, 0, CHUNK, COLS).load("values");
        await context.sync();
      }
    }),
  );

  console.log(
    `cells per second (range writes)               ${Math.round((ROWS * COLS) / (rangeMs / 1000)).toLocaleString("en")}`,
  );
  console.log(`table rows.add vs range writes                 ${(tableMs / rangeMs).toFixed(2)}×`);
  console.log(`read vs write                                  ${(readMs / rangeMs).toFixed(2)}×`);
  console.log(`table: ${JSON.stringify(tables.workbook.tablesInfo()[0])}`);
}

await main();
