// The report rules over in-memory ports (test/support/memory-reports.ts), no sandbox, relay or Excel: never lose
// data (a failed or cancelled refresh leaves the table as it was and says why), ask before overwriting (and write
// nothing when the answer is no), the environment guard, and one job at a time. The same rules run end to end
// through the sandbox, the relay and the fake host in test/integration/report-service.test.ts.
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import type { ReportDefinition } from "../../src/reports/definition";
import { ReportError, ReportService, type Question } from "../../src/reports/service";
import { ReportStore } from "../../src/reports/store";
import { MemoryDataClient, MemoryDefinitions, MemoryReportWorkbook, prices } from "../support/memory-reports";

const SPEC = { collection: "Price", query: "(limit=0)", columns: ["id.entityId", "data.price"] };

let workbook: MemoryReportWorkbook;
let client: MemoryDataClient;
let store: ReportStore;
let environment: string | undefined;
let service: ReportService;

const asked: Question[] = [];
const answer = (yes: boolean) => async (question: Question) => {
  asked.push(question);
  return yes;
};

beforeEach(() => {
  // Advancing, so reports keep the order they were inserted in (the store orders by createdAt, then id).
  let clock = 1_900_000_000_000;
  workbook = new MemoryReportWorkbook();
  client = new MemoryDataClient();
  store = new ReportStore(new MemoryDefinitions());
  environment = "sandbox";
  asked.length = 0;
  service = new ReportService({
    client,
    store,
    workbook,
    environment: () => environment,
    now: () => (clock += 1000),
  });
});

async function inserted(rows = 3): Promise<ReportDefinition> {
  client.answers.push({ documents: prices(rows) });
  return service.insert(SPEC, "selection");
}

const rowsOf = (name: string) => workbook.tables.get(name)?.table.rows;

describe("insert", () => {
  test("writes the whole result as a table and keeps its definition, never a secret", async () => {
    const report = await inserted(3);
    assert.equal(report.tableName, "KalibratePrice");
    assert.equal(report.rows, 3);
    assert.equal(report.environment, "sandbox");
    assert.deepEqual(rowsOf("KalibratePrice"), [
      ["p0", 1.5],
      ["p1", 1.51],
      ["p2", 1.52],
    ]);
    assert.deepEqual(await store.get(report.id), { ...report });
  });

  test("asks before overwriting cells, and writes nothing when the answer is no", async () => {
    workbook.inTheWay = { occupied: "Sheet1!B2" };
    client.answers.push({ documents: prices(2) });
    await assert.rejects(service.insert(SPEC, "selection", { confirm: answer(false) }), (error: ReportError) => {
      assert.equal(error.reason, "declined");
      assert.match(error.message, /Nothing was inserted: it would have overwritten the data at Sheet1!B2/);
      return true;
    });
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /starting at Sheet1!B2/);
    assert.deepEqual(workbook.writes, []);
    assert.deepEqual((await store.list()).reports, []);
  });

  test("without a way to ask, the answer is no", async () => {
    workbook.inTheWay = { occupied: "Sheet1!C3" };
    client.answers.push({ documents: prices(2) });
    await assert.rejects(service.insert(SPEC, "selection"), { reason: "declined" });
    assert.deepEqual(workbook.writes, []);
  });

  test("overwrites once the user says yes", async () => {
    workbook.inTheWay = { occupied: "Sheet1!B2" };
    client.answers.push({ documents: prices(2) });
    const report = await service.insert(SPEC, "selection", { confirm: answer(true) });
    assert.equal(asked.length, 1);
    assert.equal(rowsOf(report.tableName)?.length, 2);
  });

  test("another table in the way is refused without asking (tables cannot overlap)", async () => {
    workbook.inTheWay = { blockedBy: "Budget" };
    client.answers.push({ documents: prices(2) });
    await assert.rejects(service.insert(SPEC, "selection", { confirm: answer(true) }), /overlap the table Budget/);
    assert.equal(asked.length, 0);
    assert.deepEqual(workbook.writes, []);
  });

  test("a failed fetch writes nothing and says that nothing changed", async () => {
    client.answers.push({ failAfterRows: 5000, error: "server" });
    await assert.rejects(service.insert(SPEC, "new-sheet"), /HTTP 500\)\. Nothing in the workbook was changed\./);
    assert.deepEqual(workbook.writes, []);
    assert.deepEqual(workbook.sheets, ["Sheet1"]);
  });

  test("converts page by page: a field only the third page has is a column, rows of earlier pages empty there", async () => {
    const documents = [...prices(4), { id: { entityId: "p4" }, data: { price: 2, note: "late" } }];
    client.answers.push({ documents });
    const report = await service.insert({ ...SPEC, columns: [] }, "selection");
    assert.equal(client.pagesDelivered, 3, "delivered in pages of 2");
    assert.equal(report.rows, 5);
    const table = workbook.tables.get(report.tableName)?.table;
    assert.deepEqual(table?.headers, ["id.entityId", "data.price", "data.note"]);
    assert.deepEqual(
      table?.rows.map((row) => row[2]),
      ["", "", "", "", "late"],
    );
  });

  test("needs a connection before it fetches anything", async () => {
    environment = undefined;
    await assert.rejects(service.insert(SPEC, "selection"), /not connected to Kalibrate/);
    assert.deepEqual(client.queries, []);
  });
});

describe("refresh never loses data", () => {
  test("a refresh failing halfway leaves the old rows and records why", async () => {
    const report = await inserted(3);
    const before = structuredClone(rowsOf(report.tableName));
    client.answers.push({ failAfterRows: 2, error: "server" });
    await assert.rejects(service.refresh(report.id), { reason: "failed" });
    assert.deepEqual(rowsOf(report.tableName), before);
    assert.deepEqual(workbook.writes, ["insert KalibratePrice"]);
    const stored = await store.get(report.id);
    assert.equal(stored?.status, "failed");
    assert.match(stored?.message ?? "", /Nothing in the workbook was changed/);
    assert.equal(stored?.rows, 3, "the last good result is still described");
  });

  test("a cancelled refresh leaves the old rows and is recorded as cancelled", async () => {
    const report = await inserted(3);
    client.answers.push({ failAfterRows: 1, error: "cancelled" });
    await assert.rejects(service.refresh(report.id), { reason: "cancelled" });
    assert.equal(rowsOf(report.tableName)?.length, 3);
    assert.equal((await store.get(report.id))?.status, "cancelled");
  });

  test("a refresh that would grow over other cells asks, and keeps the table when the answer is no", async () => {
    const report = await inserted(2);
    workbook.inTheWay = { occupied: "Sheet1!B5" };
    client.answers.push({ documents: prices(10) });
    await assert.rejects(service.refresh(report.id, { confirm: answer(false) }), { reason: "declined" });
    assert.equal(asked.length, 1);
    assert.equal(rowsOf(report.tableName)?.length, 2);
    assert.equal((await store.get(report.id))?.status, "ok", "a declined refresh is not a failure");
  });

  test("a refresh that succeeds replaces the rows and clears the last failure", async () => {
    const report = await inserted(2);
    client.answers.push({ failAfterRows: 1, error: "server" });
    await assert.rejects(service.refresh(report.id));
    client.answers.push({ documents: prices(4, 2) });
    const refreshed = await service.refresh(report.id);
    assert.equal(refreshed.status, "ok");
    assert.equal(refreshed.message, undefined);
    assert.deepEqual(
      rowsOf(report.tableName)?.map((row) => row[1]),
      [2, 2.01, 2.02, 2.03],
    );
  });

  test("a report built on another environment is refreshed only when the user agrees", async () => {
    const report = await inserted(2);
    environment = "production";
    client.answers.push({ documents: prices(5) });
    await assert.rejects(service.refresh(report.id, { confirm: answer(false) }), /built on sandbox/);
    assert.equal(rowsOf(report.tableName)?.length, 2);
    assert.deepEqual(client.queries, ["Price (limit=0)"], "declined before fetching");
    const refreshed = await service.refresh(report.id, { confirm: answer(true) });
    assert.equal(refreshed.environment, "production");
    assert.equal(rowsOf(report.tableName)?.length, 5);
  });

  test("a table deleted by hand is reported, not recreated", async () => {
    const report = await inserted(2);
    workbook.tables.clear();
    await assert.rejects(service.refresh(report.id), /no longer in the workbook/);
    assert.deepEqual(workbook.writes, ["insert KalibratePrice"]);
  });

  test("refreshAll goes on past a report that fails", async () => {
    const first = await inserted(2);
    client.answers.push({ documents: prices(1) });
    const second = await service.insert({ ...SPEC, query: "(limit=1)" }, "new-sheet");
    client.answers.push({ failAfterRows: 0, error: "server" }, { documents: prices(6) });
    const outcome = await service.refreshAll();
    assert.deepEqual(
      outcome.failed.map((f) => [f.tableName, f.reason]),
      [[first.tableName, "failed"]],
    );
    assert.deepEqual(
      outcome.refreshed.map((r) => [r.tableName, r.rows]),
      [[second.tableName, 6]],
    );
    assert.equal(rowsOf(first.tableName)?.length, 2);
  });
});

test("one job at a time: a second insert while one runs is refused with what to do", async () => {
  let release!: () => void;
  const slow = new Promise<void>((resolve) => (release = resolve));
  const query = client.query.bind(client);
  client.query = async (...args) => {
    await slow;
    return query(...args);
  };
  client.answers.push({ documents: prices(1) });
  const first = service.insert(SPEC, "selection");
  await assert.rejects(service.insert(SPEC, "selection"), /busy inserting a report; wait for it to finish/);
  release();
  assert.equal((await first).rows, 1);
});
