// Report tables end to end in Node: the report service with the real data client through the relay to the sandbox,
// writing into the fake Excel host through the Office.js adapter. Insert, refresh that never loses data (a fault
// halfway through the fetch, a cancel), growing and shrinking beside other cells, asking before overwriting, the
// environment guard, delete, and provenance.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice, type FakeExcelHandle } from "../../src/workbench/fake-excel";
import { startStack, type Stack } from "../support/stack";
import type { Runtime } from "../../src/runtime";
import type { ReportService, Question } from "../../src/reports/service";
import type { ReportDefinition } from "../../src/reports/definition";

let stack: Stack;
let host: FakeExcelHandle;
let rt: Runtime;
let service: ReportService;
const wb = () => host.workbook;

const SPEC = {
  collection: "Price",
  query: "(orderBy=effectiveTime)+(limit=3000)",
  columns: ["id.entityId", "data.price", "data.effectiveTime", "data.site.name"],
};

async function fault(body: Record<string, unknown>) {
  const response = await fetch(`${stack.sandbox.url}/_sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201, await response.text());
}

const answer = (yes: boolean, asked: Question[]) => async (question: Question) => {
  asked.push(question);
  return yes;
};

before(async () => {
  stack = await startStack({
    sandbox: { size: 6000 },
    extraEnvironments: [{ id: "sandbox-prod", label: "Sandbox marked production", production: true }],
  });
  await import("../../src/runtime").then(({ createRuntime, setRuntime }) => setRuntime(createRuntime(stack.relayUrl)));
  host = installFakeOffice(globalThis);
  const fns = await import("../../src/functions/functions");
  host.registerFunctions({ QUERY: fns.query, PRICE: fns.price });
  rt = (await import("../../src/runtime")).runtime();
  service = (await import("../../src/composition")).reportService(rt);
  await rt.tokens.connect(stack.reader);
});
afterEach(async () => {
  await fetch(`${stack.sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});
after(async () => {
  rt?.tokens.disconnect();
  await stack?.close();
});

let report: ReportDefinition;

describe("inserting a report", () => {
  test("writes every row as a table at the selected cell, dates as dates, and records where they came from", async () => {
    wb().select("B2");
    const phases = new Set<string>();
    let written = 0;
    report = await service.insert(SPEC, "selection", {
      onProgress: (p) => {
        phases.add(p.phase);
        if (p.phase === "writing") written = p.rows;
      },
    });
    assert.deepEqual([...phases], ["fetching", "writing"]);
    assert.equal(written, 3000);
    const [table] = wb().tablesInfo();
    assert.deepEqual(table, { name: "KalibratePrice", sheet: "Sheet1", address: "Sheet1!B2:E3002", rowCount: 3000 });
    assert.deepEqual(wb().getValues("B2:E2")[0], SPEC.columns);
    const first = wb().getValues("B3:E3")[0];
    assert.equal(typeof first[1], "number");
    assert.equal(typeof first[2], "number", "effectiveTime is an Excel date serial");
    assert.equal(wb().getCellState("D3").numberFormat, "yyyy-mm-dd hh:mm:ss");
    assert.equal(wb().getCellState("C3").numberFormat, "General");
    assert.equal(typeof first[3], "string", "the site's name through the reference");
    assert.equal(report.environment, "sandbox");
    assert.equal(report.rows, 3000);
    assert.equal(report.status, "ok");
    assert.equal(report.sheet, "Sheet1");
    assert.match(report.lastResult?.correlationId ?? "", /^[0-9a-f-]{36}$/);
    assert.equal((await service.list()).reports[0].id, report.id);
  });

  test("asks before overwriting cells; a no leaves them, a yes writes over them", async () => {
    wb().setCell("H5", "keep me");
    wb().select("H4");
    const asked: Question[] = [];
    const small = { ...SPEC, query: "(entityVariant=Own)+(limit=5)", columns: ["id.entityId"] };
    await assert.rejects(service.insert(small, "selection", { confirm: answer(false, asked) }), {
      reason: "declined",
      message: /Nothing was inserted: it would have overwritten the data at Sheet1!H5\./,
    });
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /starting at Sheet1!H5\./);
    assert.deepEqual(wb().getValues("H5")[0], ["keep me"]);
    assert.equal(wb().tablesInfo().length, 1);
    const inserted = await service.insert(small, "selection", { confirm: answer(true, asked) });
    assert.notEqual(wb().getValues("H5")[0][0], "keep me");
    assert.equal(inserted.tableName, "KalibratePrice2");
    await service.remove(inserted.id, { withTable: true });
  });

  test("refuses to overlap another table, and a new sheet needs no room", async () => {
    wb().select("C10");
    await assert.rejects(service.insert(SPEC, "selection"), { message: /overlap the table KalibratePrice/ });
    const onNew = await service.insert({ ...SPEC, query: "(limit=3)" }, "new-sheet");
    assert.equal(onNew.sheet, "Kalibrate Price");
    assert.ok(
      wb()
        .tablesInfo()
        .some((t) => t.sheet === "Kalibrate Price" && t.address === "'Kalibrate Price'!A1:D4"),
    );
    await service.remove(onNew.id, { withTable: true });
    wb().select("Sheet1!A1");
  });
});

describe("refreshing never loses data", () => {
  test("a failure halfway through the fetch leaves every previous row and says why", async () => {
    const before = wb().getValues("B2:E3002");
    await fault({ path: "/api/price", kind: "status", status: 500, retryAfter: 0, after: 0 });
    await assert.rejects(service.refresh(report.id), {
      reason: "failed",
      message: /simulating a failure.*Nothing in the workbook was changed/,
    });
    assert.deepEqual(wb().getValues("B2:E3002"), before);
    const stored = (await service.list()).reports[0];
    assert.equal(stored.status, "failed");
    assert.match(stored.message ?? "", /simulating a failure/);
    assert.equal(stored.lastRefreshedAt, report.lastRefreshedAt);
  });

  test("a cancel during the fetch leaves the table as it was", async () => {
    const before = wb().getValues("B2:E3002");
    await fault({ path: "/api/price", kind: "latency", latencyMs: 400, after: 0 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await assert.rejects(service.refresh(report.id, { signal: controller.signal }), {
      reason: "cancelled",
      message: /Cancelled: the table was not changed/,
    });
    assert.deepEqual(wb().getValues("B2:E3002"), before);
    assert.equal((await service.list()).reports[0].status, "cancelled");
  });

  test("an edit that shrinks the table clears only its own old cells; one that grows asks before covering content", async () => {
    wb().setCell("F2", "right of the table");
    wb().setCell("B3100", "below the table");
    const shrunk = await service.refresh(report.id, {
      spec: { ...SPEC, query: "(orderBy=effectiveTime)+(limit=100)", columns: SPEC.columns.slice(0, 3) },
    });
    assert.equal(shrunk.rows, 100);
    assert.deepEqual(wb().tablesInfo()[0].address, "Sheet1!B2:D102");
    assert.deepEqual(wb().getValues("B103:E103")[0], ["", "", "", ""]);
    assert.deepEqual(wb().getValues("E3")[0], [""], "the dropped column is cleared");
    assert.deepEqual(wb().getValues("F2")[0], ["right of the table"]);
    assert.deepEqual(wb().getValues("B3100")[0], ["below the table"]);
    assert.equal(shrunk.query, "(orderBy=effectiveTime)+(limit=100)");

    wb().setCell("B200", "in the way");
    const asked: Question[] = [];
    await assert.rejects(service.refresh(report.id, { spec: SPEC, confirm: answer(false, asked) }), {
      reason: "declined",
    });
    assert.match(asked[0]?.message ?? "", /starting at Sheet1!B200\./);
    assert.deepEqual(wb().getValues("B200")[0], ["in the way"]);
    assert.equal(wb().tablesInfo()[0].rowCount, 100, "declined: untouched");
    const grown = await service.refresh(report.id, { spec: SPEC, confirm: answer(true, asked) });
    assert.equal(grown.rows, 3000);
    assert.equal(wb().tablesInfo()[0].address, "Sheet1!B2:E3002");
    assert.deepEqual(wb().getValues("F2")[0], ["right of the table"]);
    assert.deepEqual(wb().getValues("B3100")[0], ["below the table"]);
    report = grown;
  });

  test("refreshing from another environment asks first, and records the new one when allowed", async () => {
    rt.tokens.disconnect();
    await rt.tokens.connect({ ...stack.reader, environment: "sandbox-prod" });
    const before = wb().getValues("B2:E20");
    const asked: Question[] = [];
    await assert.rejects(service.refresh(report.id, { confirm: answer(false, asked) }), {
      reason: "declined",
      message: /built on sandbox and you are connected to sandbox-prod/,
    });
    assert.match(asked[0].title, /another environment/);
    assert.deepEqual(wb().getValues("B2:E20"), before);
    const outcome = await service.refreshAll();
    assert.equal(outcome.refreshed.length, 0, "without anyone to ask, mixing is skipped");
    assert.equal(outcome.failed[0].reason, "declined");
    const refreshed = await service.refresh(report.id, { confirm: answer(true, asked) });
    assert.equal(refreshed.environment, "sandbox-prod");
    assert.equal(refreshed.lastResult?.environment, "sandbox-prod");
    rt.tokens.disconnect();
    await rt.tokens.connect(stack.reader);
    await service.refresh(report.id, { confirm: answer(true, asked) });
  });

  test("the ribbon's Refresh refreshes the report tables and the KALIBRATE cells", async () => {
    wb().setCell("H1", '=KALIBRATE.QUERY("Site","(entityVariant=Own)+(limit=2)","data.name")');
    await wb().idle();
    await rt.idle();
    const { refreshAll, describeRefresh } = await import("../../src/commands/refresh");
    const outcome = await refreshAll(rt);
    assert.equal(outcome.reports.refreshed.length, 1);
    assert.equal(outcome.cells, 1);
    assert.match(describeRefresh(outcome), /^Refreshed 1 report table and 1 KALIBRATE cell with \d+ requests/);
  });
});

describe("provenance and delete", () => {
  test("a selected report table shows its definition; a KALIBRATE cell what its evaluation fetched", async () => {
    const workbook = (await import("../../src/excel/reports")).excelReportWorkbook();
    wb().select("C50");
    const inTable = await service.provenance(await workbook.describeSelection());
    assert.equal(inTable.kind, "report");
    assert.equal(inTable.kind === "report" && inTable.definition.id, report.id);
    wb().select("H2");
    const spilled = await service.provenance(await workbook.describeSelection());
    assert.equal(spilled.kind, "cell");
    if (spilled.kind === "cell") {
      assert.equal(spilled.address, "Sheet1!H1");
      assert.equal(spilled.fetches[0].collection, "site");
      assert.equal(spilled.fetches[0].query, "(entityVariant=Own)+(limit=2)");
      assert.equal(spilled.fetches[0].environment, "sandbox");
      assert.match(spilled.fetches[0].correlationId ?? "", /^[0-9a-f-]{36}$/);
    }
    wb().select("Z99");
    assert.equal((await service.provenance(await workbook.describeSelection())).kind, "none");
  });

  test("delete removes the definition only, or the table too", async () => {
    wb().select("M1");
    const second = await service.insert({ ...SPEC, query: "(limit=3)" }, "selection");
    await service.remove(second.id, { withTable: false });
    assert.ok(
      wb()
        .tablesInfo()
        .some((t) => t.name === second.tableName),
      "the table stays",
    );
    await service.remove(report.id, { withTable: true });
    assert.ok(
      !wb()
        .tablesInfo()
        .some((t) => t.name === report.tableName),
    );
    assert.deepEqual(wb().getValues("B3")[0], [""]);
    assert.deepEqual((await service.list()).reports, []);
  });
});
