// The add-in on an older Excel: the fake host started with ExcelApi 1.10 (the manifest's floor, what every client
// with a shared runtime has) answers isSetSupported accordingly and fails newer APIs with ApiNotFound, as Excel does.
// Each feature above the floor works through its fallback or says what this Excel lacks; none ends in ApiNotFound.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice, type FakeExcelHandle } from "../../src/workbench/fake-excel";
import { startStack, type Stack } from "../support/stack";
import type { Runtime } from "../../src/runtime";
import type { ReportService } from "../../src/reports/service";
import type { ReportDefinition } from "../../src/reports/definition";

let stack: Stack;
let host: FakeExcelHandle;
let rt: Runtime;
let service: ReportService;
const wb = () => host.workbook;

const SPEC = { collection: "Price", query: "(orderBy=entityId)+(limit=300)", columns: ["id.entityId", "data.price"] };

before(async () => {
  stack = await startStack({ sandbox: { size: 3000 } });
  await import("../../src/runtime").then(({ createRuntime, setRuntime }) => setRuntime(createRuntime(stack.relayUrl)));
  host = installFakeOffice(globalThis, { excelApi: "1.10" });
  const fns = await import("../../src/functions/functions");
  host.registerFunctions({ QUERY: fns.query });
  rt = (await import("../../src/runtime")).runtime();
  service = (await import("../../src/composition")).reportService(rt);
  await rt.tokens.connect(stack.reader);
});
after(async () => {
  rt?.tokens.disconnect();
  await stack?.close();
});

test("the host reports ExcelApi 1.10 and refuses Table.resize with ApiNotFound", async () => {
  assert.equal(Office.context.requirements.isSetSupported("ExcelApi", "1.10"), true);
  assert.equal(Office.context.requirements.isSetSupported("ExcelApi", "1.13"), false);
  wb().setCell("Z1", "a");
  wb().setCell("Z2", "b");
  await assert.rejects(
    Excel.run(async (context) => {
      const table = context.workbook.worksheets.getItem("Sheet1").tables.add("Z1:Z2", true);
      await context.sync();
      table.resize("Z1:Z3");
      await context.sync();
    }),
    { code: "ApiNotFound" },
  );
});

describe("report tables without Table.resize (ExcelApi 1.13)", () => {
  let report: ReportDefinition;
  before(async () => {
    wb().select("B2");
    report = await service.insert(SPEC, "selection");
    wb().setCell("B400", "below the table");
  });

  test("a refresh with more rows adds table rows; the cell below moves down, never covered", async () => {
    const grown = await service.refresh(report.id, { spec: { ...SPEC, query: "(orderBy=entityId)+(limit=500)" } });
    assert.equal(grown.rows, 500);
    const table = wb()
      .tablesInfo()
      .find((t) => t.name === report.tableName);
    assert.deepEqual(table, { name: report.tableName, sheet: "Sheet1", address: "Sheet1!B2:C502", rowCount: 500 });
    assert.equal(wb().getCellState("B600").value, "below the table");
  });

  test("a refresh with fewer rows deletes table rows; the cell below moves up with them", async () => {
    const shrunk = await service.refresh(report.id, { spec: { ...SPEC, query: "(orderBy=entityId)+(limit=100)" } });
    assert.equal(shrunk.rows, 100);
    const table = wb()
      .tablesInfo()
      .find((t) => t.name === report.tableName);
    assert.equal(table?.address, "Sheet1!B2:C102");
    assert.equal(wb().getCellState("B200").value, "below the table");
    assert.equal(typeof wb().getCellState("C102").value, "number");
  });

  test("a refresh that changes the columns says this Excel cannot resize a table, and leaves it as it was", async () => {
    const before = wb().getValues("B2:C102");
    await assert.rejects(
      service.refresh(report.id, {
        spec: {
          ...SPEC,
          query: "(orderBy=entityId)+(limit=100)",
          columns: ["id.entityId", "data.price", "data.currencyUnit"],
        },
      }),
      (error: Error) => /cannot resize a table \(that needs ExcelApi 1\.13\)/.test(error.message),
    );
    assert.deepEqual(wb().getValues("B2:C102"), before);
    assert.equal(
      wb()
        .tablesInfo()
        .find((t) => t.name === report.tableName)?.address,
      "Sheet1!B2:C102",
    );
  });
});

describe("provenance without getSpillParent (ExcelApi 1.12)", () => {
  test("the formula's own cell shows its fetches; a spilled cell gets a sentence saying what to select", async () => {
    wb().setCell("H1", '=KALIBRATE.QUERY("Site","(limit=2)","data.name")');
    await wb().idle();
    const workbook = (await import("../../src/excel/reports")).excelReportWorkbook();
    wb().select("H1");
    const own = await service.provenance(await workbook.describeSelection());
    assert.equal(own.kind, "cell");
    wb().select("H2");
    const spilled = await service.provenance(await workbook.describeSelection());
    assert.equal(spilled.kind, "none");
    assert.match(spilled.kind === "none" ? spilled.reason : "", /needs ExcelApi 1\.12.*top-left cell/);
  });
});

test("Refresh recalculates KALIBRATE cells (getSpecialCells is ExcelApi 1.9, within the floor)", async () => {
  const { refreshAll } = await import("../../src/commands/refresh");
  const outcome = await refreshAll(rt);
  assert.equal(outcome.cells, 1);
  assert.deepEqual(
    outcome.reports.failed.map((f) => f.tableName),
    [],
    "the report's stored spec has the columns it was last refreshed with",
  );
});
