// Refresh in a workbook that holds big reports, on the fake host with Excel on the web's limits (5 MB per request and
// response, 5,000,000 cells per read): the report tables refresh and then every KALIBRATE cell recalculates. The
// report, the PRICE grid and the servers are real (relay and sandbox on loopback); only Excel is the fake.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice, type FakeExcelHandle } from "../../src/workbench/fake-excel";
import { startStack, type Stack } from "../support/stack";
import type { Runtime } from "../../src/runtime";
import type { ReportService } from "../../src/reports/service";

let stack: Stack;
let host: FakeExcelHandle;
let rt: Runtime;
let service: ReportService;
let refreshAll: typeof import("../../src/commands/refresh").refreshAll;
/** PRICE evaluations by cell address ("Sheet1!L2"). */
const priceCalls = new Map<string, number>();

const TEN_COLUMNS = [
  "id.entityId",
  "id.entityVersion",
  "id.tenantId",
  "id.collection",
  "id.entityType",
  "id.entityVariant",
  "id.entityOrigin",
  "id.createdOn",
  "id.updatedOn",
  "data.price",
];

const spec = (rows: number) => ({ collection: "Price", query: `(limit=${rows})`, columns: TEN_COLUMNS });

before(async () => {
  stack = await startStack({ sandbox: { size: 150_000 } });
  await import("../../src/runtime").then(({ createRuntime, setRuntime }) => setRuntime(createRuntime(stack.relayUrl)));
  host = installFakeOffice(globalThis); // default limits: Excel on the web's
  const fns = await import("../../src/functions/functions");
  host.registerFunctions({
    QUERY: fns.query,
    // The same parameters as PRICE, so the host passes its arguments exactly as it passes them to PRICE.
    PRICE: (site: string, product: string, asOf: unknown, variant: unknown, invocation: { address?: string }) => {
      priceCalls.set(invocation.address ?? "?", (priceCalls.get(invocation.address ?? "?") ?? 0) + 1);
      return (fns.price as (...a: unknown[]) => unknown)(site, product, asOf, variant, invocation);
    },
  });
  rt = (await import("../../src/runtime")).runtime();
  service = (await import("../../src/composition")).reportService(rt);
  refreshAll = (await import("../../src/commands/refresh")).refreshAll;
  await rt.tokens.connect(stack.reader);
});
after(async () => {
  rt?.tokens.disconnect();
  await stack?.close();
});

const letters = (index: number): string =>
  (index >= 26 ? letters(Math.floor(index / 26) - 1) : "") + String.fromCharCode(65 + (index % 26));

/** A rows × columns grid of =KALIBRATE.PRICE(site, product) with its top-left cell at (row, column) of `sheet`. */
async function priceGrid(sheet: string, row: number, column: number, rows: number, columns: number): Promise<string[]> {
  const sites = stack.sandbox.data.ownSites;
  const products = stack.sandbox.data.globalProducts;
  const formulas = Array.from({ length: rows }, (_, r) =>
    Array.from(
      { length: columns },
      (_, c) => `=KALIBRATE.PRICE("${sites[r % sites.length].data.name}","${products[c % products.length].data.name}")`,
    ),
  );
  const addresses: string[] = [];
  await Excel.run(async (context) => {
    const range = context.workbook.worksheets.getItem(sheet).getRangeByIndexes(row, column, rows, columns);
    range.formulas = formulas;
    await context.sync();
  });
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      addresses.push(`${sheet}!${letters(column + c)}${row + r + 1}`);
    }
  }
  await host.workbook.idle();
  return addresses;
}

function assertEachRecalculatedOnce(addresses: string[], before: Map<string, number>) {
  const missed = addresses.filter((a) => (priceCalls.get(a) ?? 0) - (before.get(a) ?? 0) !== 1);
  assert.deepEqual(missed.slice(0, 5), [], `${missed.length} of ${addresses.length} PRICE cells did not recalculate`);
}

describe("Refresh with Excel on the web's limits", () => {
  test("a 100,000-row × 10-column report and a 50 × 20 PRICE grid on one sheet: every KALIBRATE cell recalculates", async () => {
    host.workbook.select("Sheet1!A1");
    const report = await service.insert(spec(100_000), "selection");
    assert.equal(report.rows, 100_000);
    const grid = await priceGrid("Sheet1", 0, 11, 50, 20); // L1:AE50, beside the report
    const before = new Map(priceCalls);

    const outcome = await refreshAll(rt);

    assert.deepEqual(outcome.reports.failed, []);
    assert.equal(outcome.reports.refreshed.length, 1);
    assert.equal(outcome.cells, 1000);
    assertEachRecalculatedOnce(grid, before);
    const shown = host.workbook.getValues("Sheet1!L1:AE50").flat();
    const busy = shown.filter((v) => typeof v === "object" && v !== null && "error" in v && v.error === "#BUSY!");
    assert.equal(busy.length, 0, "no PRICE cell is left #BUSY!");
    assert.ok(shown.filter((v) => typeof v === "number").length >= 500, "most cells show a price");
  });

  test("two sheets of 600,000 report cells each, with KALIBRATE cells on both: every one recalculates", async () => {
    for (const name of ["BigA", "BigB"]) host.workbook.addSheet(name);
    const grids: string[] = [];
    for (const name of ["BigA", "BigB"]) {
      host.workbook.select(`${name}!A1`);
      const report = await service.insert(spec(60_000), "selection");
      assert.equal((report.rows ?? 0) * TEN_COLUMNS.length, 600_000);
      grids.push(...(await priceGrid(name, 0, 11, 50, 20)));
    }
    const before = new Map(priceCalls);

    const outcome = await refreshAll(rt);

    assert.deepEqual(outcome.reports.failed, []);
    assert.equal(outcome.cells, 3000, "the first test's grid and the two new ones");
    assertEachRecalculatedOnce(grids, before);
  });
});
