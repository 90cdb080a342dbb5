// Imports end to end in Node: the ImportService with the runtime's real data client through the relay to the
// sandbox, reading and marking the fake Excel host through the Office.js adapter. Validation against the sandbox's
// sites and products, sending in batches, read-only credentials refused before any POST, a lost answer after the
// third batch then Resume (the sandbox's import log shows every record once), marks and the fix sheet.
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice, type FakeExcelHandle } from "../../src/workbench/fake-excel";
import { startStack, type Stack } from "../support/stack";
import { clearImportLog, importLog, ownOffers, SURVEY_HEADERS, surveyRows } from "../support/survey";
import type { Runtime } from "../../src/runtime";
import type { ImportService } from "../../src/imports/service";
import type { ImportKind } from "../../src/imports/kinds";

let stack: Stack;
let host: FakeExcelHandle;
let rt: Runtime;
let service: ImportService;
const wb = () => host.workbook;

async function fault(body: Record<string, unknown>) {
  const response = await fetch(`${stack.sandbox.url}/_sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201, await response.text());
}

const importPosts = async () =>
  (await stack.dataRequests()).filter((r) => r.method === "POST" && r.url.startsWith("/api/import/")).length;

function putSurvey(sheet: string, rows: unknown[][]): string {
  if (!wb().sheetNames().includes(sheet)) wb().addSheet(sheet);
  wb().setValues(`${sheet}!A1`, [SURVEY_HEADERS, ...rows] as never);
  const address = `${sheet}!A1:E${rows.length + 1}`;
  wb().select(address);
  return address;
}

/** Any header row and its rows at A1 of a new sheet, selected as an analyst would before Read rows. */
function putSheet(sheet: string, headers: string[], rows: unknown[][]): void {
  wb().addSheet(sheet);
  wb().setValues(`${sheet}!A1`, [headers, ...rows] as never);
  const last = String.fromCharCode(64 + headers.length);
  wb().select(`${sheet}!A1:${last}${rows.length + 1}`);
}

async function prepareKind(kind: ImportKind) {
  const source = await service.read({ kind: "selection" });
  const mapping = await service.mappingFor(kind, source.headers);
  return service.validate(kind, source, mapping);
}

/** The documents one batch's operation made, as the add-in's data client queries them. */
async function importedBy(collection: string, variant: string, operationId: string) {
  const { documents } = await rt.data.query(
    collection,
    `(entityVariant=${variant})+(importOperationId=${operationId})+(limit=0)`,
    { cache: false },
  );
  return documents as Array<{ data: Record<string, unknown> }>;
}

async function prepareSelection() {
  const source = await service.read({ kind: "selection" });
  const mapping = await service.mappingFor("competitorPrice", source.headers);
  return service.validate("competitorPrice", source, mapping);
}

before(async () => {
  stack = await startStack({ sandbox: { size: 6000 } });
  await import("../../src/runtime").then(({ createRuntime, setRuntime }) => setRuntime(createRuntime(stack.relayUrl)));
  host = installFakeOffice(globalThis);
  rt = (await import("../../src/runtime")).runtime();
  const { ImportService } = await import("../../src/imports/service");
  const { excelImportWorkbook } = await import("../../src/excel/imports");
  const { dataClientImportApi } = await import("../../src/imports/data-api");
  service = new ImportService({
    workbook: excelImportWorkbook(),
    api: dataClientImportApi(rt.data, rt.tokens),
    batchRecords: 100,
    pollIntervalMs: 150,
  });
  await rt.tokens.connect(stack.writer);
});
afterEach(async () => {
  await fetch(`${stack.sandbox.url}/_sandbox/faults`, { method: "DELETE" });
  await clearImportLog(stack.sandbox);
});
after(async () => {
  rt?.tokens.disconnect();
  await stack?.close();
});

describe("imports through the relay to the sandbox", () => {
  test("valid rows go in batches; Kalibrate processes them and PRICE's data shows them", async () => {
    putSurvey("Survey", surveyRows(stack.sandbox, 250));
    const prepared = await prepareSelection();
    assert.equal(prepared.validation.invalidRows.length, 0, JSON.stringify(prepared.validation.problems.slice(0, 3)));
    const outcome = await service.send(prepared);
    assert.equal(outcome.stopped, undefined);
    assert.deepEqual(
      outcome.progress.batches.map((b) => [b.count, b.status, b.accepted]),
      [
        [100, "Completed", 100],
        [100, "Completed", 100],
        [50, "Completed", 50],
      ],
    );
    assert.ok(outcome.progress.batches.every((b) => /^[0-9a-f-]{36}$/.test(b.operationId!)));
    const log = await importLog(stack.sandbox);
    assert.deepEqual([log.records, log.duplicates.length], [250, 0]);
    const { documents } = await rt.data.query(
      "Price",
      `(entityVariant=Competitor)+(importOperationId=${outcome.progress.batches[2].operationId})+(limit=0)`,
      { cache: false },
    );
    assert.equal(documents.length, 50);
  });

  test("read-only credentials are refused before any batch is sent", async () => {
    putSurvey("ReadOnly", surveyRows(stack.sandbox, 20));
    await rt.tokens.connect(stack.reader);
    try {
      assert.equal(await service.rights(), "Read");
      const prepared = await prepareSelection();
      const before = await importPosts();
      await assert.rejects(service.send(prepared), { reason: "read-only", message: /can only read.*ReadWrite/ });
      assert.equal(await importPosts(), before, "no import POST");
    } finally {
      await rt.tokens.connect(stack.writer);
    }
  });

  test("an answer lost after the third batch, then Resume: every record imported exactly once", async () => {
    putSurvey("Lost", surveyRows(stack.sandbox, 500, 47600));
    const prepared = await prepareSelection();
    // The fourth POST is processed but its answer is cut off halfway: the add-in cannot know it was imported.
    await fault({ path: "/api/import/competitorPrice", kind: "truncate", after: 3, times: 1 });
    const first = await service.send(prepared);
    assert.match(first.stopped!, /Sending stopped at batch 4 of 5/);
    assert.deepEqual(
      first.progress.batches.map((b) => b.state),
      ["sent", "sent", "sent", "sending", "pending"],
    );
    const [open] = await service.unfinished();
    assert.equal(open.id, first.progress.id, "the progress is in the workbook's settings");
    const resumed = await service.resume(open.id);
    assert.equal(resumed.stopped, undefined);
    const log = await importLog(stack.sandbox);
    assert.equal(log.records, 500);
    assert.equal(log.distinct, 500);
    assert.deepEqual(log.duplicates, []);
    assert.equal(log.replays, 1, "batch 4 was resent once, with its Idempotency-Key, and not imported again");
    assert.equal(log.posts, 6, "batches 1-3 were never sent again");
  });

  test("bad rows are marked in the sheet without changing values, and round-trip through a fix sheet", async () => {
    const rows = surveyRows(stack.sandbox, 30, 47700);
    rows[3][0] = "NO-SUCH-SITE";
    rows[7][2] = "abc";
    putSurvey("Bad", rows);
    const prepared = await prepareSelection();
    assert.deepEqual(prepared.validation.invalidRows, [3, 7]);
    await service.markInvalid(prepared);
    const marks = wb()
      .comments()
      .map((c) => c.address);
    assert.deepEqual(marks, ["Bad!A5", "Bad!C9"]);
    assert.equal(wb().getValues("Bad!C9")[0][0], "abc", "values unchanged");
    assert.equal(await service.clearMarks(), 2);
    assert.deepEqual(wb().comments(), []);

    const fixSheet = await service.copyRows(prepared.source, service.invalidRows(prepared));
    assert.deepEqual(wb().getValues(`'${fixSheet}'!F1:F3`), [
      ["Kalibrate reason"],
      [prepared.validation.problems[0].reason],
      [prepared.validation.problems[1].reason],
    ]);
    wb().setCell(`'${fixSheet}'!A2`, String(rows[0][0]));
    wb().setCell(`'${fixSheet}'!C3`, 1.55);
    wb().select(`'${fixSheet}'!A1:F3`);
    const fixed = await prepareSelection();
    assert.deepEqual(fixed.validation.invalidRows, []);
    const outcome = await service.send(fixed);
    assert.equal(outcome.progress.batches[0].accepted, 2);
  });
});

describe("own prices, sales volumes and cost breakdowns through the relay to the sandbox", () => {
  // 2030-06-01 as an Excel serial (UTC), clear of every seeded and earlier imported time.
  const BASE = 47635;

  test("own prices from a sheet are imported and queryable as Own prices", async () => {
    const offers = ownOffers(stack.sandbox).slice(0, 150);
    const rows = offers.map((o, i) => [o.site, i % 2 ? o.product : o.productName, 1.4 + i / 1000, BASE, "gbp"]);
    putSheet("OwnPrices", ["Site ID", "Product", "Price", "Effective date", "Currency"], rows);
    const prepared = await prepareKind("ownPrice");
    assert.deepEqual(prepared.validation.problems, []);
    const outcome = await service.send(prepared);
    assert.equal(outcome.stopped, undefined);
    assert.deepEqual(
      outcome.progress.batches.map((b) => [b.status, b.accepted, b.rejected]),
      [
        ["Completed", 100, 0],
        ["Completed", 50, 0],
      ],
    );
    const log = await importLog(stack.sandbox);
    assert.deepEqual([log.records, log.distinct, log.duplicates.length], [150, 150, 0]);
    const documents = await importedBy("Price", "Own", outcome.progress.batches[1].operationId!);
    assert.equal(documents.length, 50);
    const prices = documents.map((d) => d.data.price as number).sort((a, b) => a - b);
    assert.deepEqual([prices[0], prices[49]], [1.5, 1.549]);
    assert.ok(documents.every((d) => d.data.currencyUnit === "GBP" && d.data.effectiveTime === "2030-06-01T00:00:00Z"));
  });

  test("sales volumes from a sheet are imported and queryable as Sales volumes", async () => {
    const offers = ownOffers(stack.sandbox).slice(0, 40);
    const rows = offers.map((o, i) => [o.site, o.product, 1000 + i, BASE + 1]);
    putSheet("Volumes", ["Site ID", "Product", "Litres", "Date"], rows);
    const prepared = await prepareKind("salesVolume");
    assert.deepEqual(prepared.validation.problems, []);
    const outcome = await service.send(prepared);
    assert.deepEqual(
      outcome.progress.batches.map((b) => [b.status, b.accepted]),
      [["Completed", 40]],
    );
    assert.equal((await importLog(stack.sandbox)).records, 40);
    const documents = await importedBy("Volume", "Sales", outcome.progress.batches[0].operationId!);
    assert.deepEqual(
      documents.map((d) => d.data.volume as number).sort((a, b) => a - b),
      rows.map((r) => r[2]),
    );
    assert.ok(documents.every((d) => d.data.effectiveTime === "2030-06-02T00:00:00Z"));
  });

  test("cost breakdowns read one row per component are imported whole, with their breakdown", async () => {
    const offers = ownOffers(stack.sandbox).slice(0, 30);
    // Three component rows per offer, the cost on the first only; the last offer's components do not add up.
    const rows = offers.flatMap((o, i) => [
      [o.site, o.product, 1.2, BASE + 2, "Product", 0.9],
      [o.site, o.product, "", BASE + 2, "Duty", 0.25],
      [o.site, o.product, "", BASE + 2, "Transport", i === 29 ? 0.06 : 0.05],
    ]);
    putSheet("Costs", ["Site ID", "Product", "Cost", "Effective date", "Component", "Amount"], rows);
    const prepared = await prepareKind("costBreakdown");
    assert.deepEqual(prepared.validation.invalidRows, [87, 88, 89]);
    assert.match(prepared.validation.problems[0].reason, /add up to 1\.21, not the cost 1\.2/);
    const outcome = await service.send(prepared, { validOnly: true });
    assert.equal(outcome.progress.records, 29, "one record per breakdown");
    assert.deepEqual(
      outcome.progress.batches.map((b) => [b.status, b.accepted, b.rejected]),
      [["Completed", 29, 0]],
    );
    const log = await importLog(stack.sandbox);
    assert.deepEqual([log.records, log.duplicates.length], [29, 0]);
    const documents = await importedBy("Price", "Cost", outcome.progress.batches[0].operationId!);
    assert.equal(documents.length, 29);
    assert.ok(
      documents.every(
        (d) =>
          d.data.price === 1.2 &&
          JSON.stringify(d.data.breakdown) ===
            JSON.stringify([
              { name: "Product", value: 0.9 },
              { name: "Duty", value: 0.25 },
              { name: "Transport", value: 0.05 },
            ]),
      ),
      JSON.stringify(documents[0]?.data),
    );
  });
});
