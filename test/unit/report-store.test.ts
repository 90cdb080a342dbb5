// Report definitions in the workbook's document settings (the fake Excel host's): round trip, hand-edited and
// damaged entries reported without hiding the good ones, and nothing beyond the known fields (never a secret).
import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice, type FakeExcelHandle } from "../../src/workbench/fake-excel";
import { settingsStorage } from "../../src/excel/reports/settings-storage";
import { ReportStore, definitionKey, newReportId } from "../../src/reports/store";
import { readDefinition, isProblem, type ReportDefinition } from "../../src/reports/definition";

let host: FakeExcelHandle;
let store: ReportStore;

function definition(id: string, overrides: Partial<ReportDefinition> = {}): ReportDefinition {
  return {
    version: 1,
    id,
    tableName: `KalibratePrice${id}`,
    tableId: "7",
    sheet: "Sheet1",
    collection: "Price",
    query: "(entityVariant=Own)+(limit=0)",
    columns: ["id.entityId", "data.price"],
    environment: "sandbox",
    createdAt: `2025-06-0${id.length}T10:00:00.000Z`,
    lastRefreshedAt: "2025-06-02T10:00:00.000Z",
    durationMs: 1234,
    rows: 10,
    status: "ok",
    lastResult: {
      environment: "sandbox",
      retrievedAt: "2025-06-02T10:00:00.000Z",
      durationMs: 900,
      rows: 10,
      requests: 1,
      correlationId: "c0ffee00-0000-4000-8000-000000000000",
    },
    ...overrides,
  };
}

async function putRaw(key: string, value: unknown) {
  await host.Excel.run(async (context) => {
    context.workbook.settings.add(key, value);
    await context.sync();
  });
}

beforeEach(() => {
  host = installFakeOffice(globalThis);
  store = new ReportStore(settingsStorage);
});

describe("report definition store", () => {
  it("saves definitions as document settings and lists them back, oldest first", async () => {
    await store.save(definition("bb"));
    await store.save(definition("a"));
    const { reports, problems } = await store.list();
    assert.deepEqual(problems, []);
    assert.deepEqual(
      reports.map((r) => r.id),
      ["a", "bb"],
    );
    assert.deepEqual(reports[1], definition("bb"));
    assert.ok(definitionKey("a") in host.workbook.settings(), "stored under its own key");
    assert.deepEqual(await store.get("bb"), definition("bb"));
  });

  it("replaces a definition on save and removes it by id", async () => {
    await store.save(definition("a"));
    await store.save(definition("a", { rows: 99, status: "failed", message: "The sandbox failed." }));
    assert.equal((await store.get("a"))?.rows, 99);
    assert.equal((await store.get("a"))?.message, "The sandbox failed.");
    await store.remove("a");
    assert.deepEqual(await store.list(), { reports: [], problems: [] });
    await store.remove("a"); // already gone: no error
  });

  it("reports corrupted and hand-edited definitions beside the good ones, and can remove them by key", async () => {
    await store.save(definition("good"));
    await putRaw(definitionKey("text"), "not a record");
    await putRaw(definitionKey("list"), [1, 2]);
    await putRaw(definitionKey("edited"), { ...definition("edited"), rows: "many", columns: "a,b" });
    await putRaw(definitionKey("future"), { ...definition("future"), version: 2 });
    await putRaw(definitionKey("moved"), definition("elsewhere"));
    await putRaw("kalibrate.connection", { environment: "sandbox" });
    const { reports, problems } = await store.list();
    assert.deepEqual(
      reports.map((r) => r.id),
      ["good"],
    );
    const byKey = new Map(problems.map((p) => [p.key, p]));
    assert.equal(problems.length, 5, JSON.stringify(problems));
    assert.match(byKey.get(definitionKey("text"))!.message, /not a record; delete it/);
    assert.match(byKey.get(definitionKey("list"))!.message, /not a record/);
    const edited = byKey.get(definitionKey("edited"))!;
    assert.equal(edited.tableName, "KalibratePriceedited");
    assert.match(edited.message, /changed by hand or damaged/);
    assert.match(edited.message, /"columns" is not a list/);
    assert.match(edited.message, /"rows" is not a number/);
    assert.match(byKey.get(definitionKey("future"))!.message, /version 2/);
    assert.match(byKey.get(definitionKey("moved"))!.message, /does not match its key/);
    await store.remove(definitionKey("text"));
    assert.equal((await store.list()).problems.length, 4);
    assert.ok("kalibrate.connection" in host.workbook.settings(), "other settings are left alone");
  });

  it("keeps only the known fields, so nothing pasted into a definition (such as a secret) is stored or read", async () => {
    const withExtras = {
      ...definition("a"),
      clientSecret: "s3cr3t",
      lastResult: { ...definition("a").lastResult!, token: "t" },
    };
    await store.save(withExtras as ReportDefinition);
    const stored = JSON.stringify(host.workbook.settings());
    assert.ok(!stored.includes("s3cr3t") && !stored.includes('"token"'), stored);
    await putRaw(definitionKey("b"), { ...definition("b"), clientSecret: "pasted" });
    const read = readDefinition(definitionKey("b"), host.workbook.settings()[definitionKey("b")]);
    assert.ok(!isProblem(read));
    assert.ok(!JSON.stringify(read).includes("pasted"));
  });

  it("makes ids that differ and are safe in a settings key", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newReportId(1_750_000_000_000)));
    assert.ok(ids.size > 45);
    for (const id of ids) assert.match(id, /^[0-9a-z]+$/);
  });
});
