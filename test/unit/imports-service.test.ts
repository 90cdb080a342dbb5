// ImportService over in-memory ports: mapping, each kind of bad row, batching, read-only credentials, and resuming
// after a failure without resending an acknowledged batch.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ImportService, ImportError } from "../../src/imports/service";
import { autoMap, normalizeHeader } from "../../src/imports/mapping";
import { planBatches } from "../../src/imports/batches";
import { rightsFromToken } from "../../src/imports/rights";
import type { SourceData } from "../../src/imports/ports";
import { MemoryApi, MemoryWorkbook } from "../support/memory-imports";

const HEADERS = ["Site ID", "Product", "Pump price", "Date", "Brand"];
// 2025-06-01 as an Excel serial (UTC).
const JUNE_1 = 45809;

function source(rows: unknown[][]): SourceData {
  return { address: "Sheet1!A1:E" + (rows.length + 1), sheet: "Sheet1", headers: HEADERS, rows };
}

function goodRows(count: number): unknown[][] {
  return Array.from({ length: count }, (_, i) => ["C001", "Diesel", 1.4 + (i % 50) / 1000, JUNE_1 + i / 1440, "Tesco"]);
}

function setup(rows: unknown[][], options: { batchRecords?: number } = {}) {
  const workbook = new MemoryWorkbook(source(rows));
  const api = new MemoryApi();
  const service = new ImportService({
    workbook,
    api,
    batchRecords: options.batchRecords ?? 10,
    pollIntervalMs: 1,
    sleep: async () => undefined,
    newId: (() => {
      let n = 0;
      return () => `import-${++n}`;
    })(),
  });
  return { workbook, api, service };
}

async function prepare(service: ImportService, data: SourceData) {
  const mapping = await service.mappingFor("competitorPrice", data.headers);
  return service.validate("competitorPrice", data, mapping);
}

describe("mapping", () => {
  test("headers map without case or spaces, with synonyms", () => {
    assert.equal(normalizeHeader(" Site ID "), "siteid");
    const mapping = autoMap("competitorPrice", ["site_id", "PRODUCT CODE", "PumpPrice", "Effective Time", "x"]);
    assert.deepEqual(mapping, { siteID: 0, productCode: 1, price: 2, effectiveTime: 3 });
  });

  test("an exact field name wins over a synonym, and a saved mapping wins over both", () => {
    assert.equal(autoMap("competitorPrice", ["Pump price", "price"]).price, 1, "exact field name first");
    const saved = autoMap("competitorPrice", ["Price", "Survey price"], { price: "Survey price" });
    assert.equal(saved.price, 1);
  });

  test("a saved mapping is stored by header text and used next time", async () => {
    const { service, workbook } = setup(goodRows(1));
    await service.saveMapping("competitorPrice", { siteID: 0, productCode: 1, price: 4, effectiveTime: 3 }, HEADERS);
    assert.deepEqual(workbook.settings.get("kalibrate.importMapping.competitorPrice"), {
      siteID: "Site ID",
      productCode: "Product",
      price: "Brand",
      effectiveTime: "Date",
    });
    assert.equal((await service.mappingFor("competitorPrice", HEADERS)).price, 4);
  });

  test("an unmapped required field is refused before any check", async () => {
    const { service } = setup(goodRows(1));
    await assert.rejects(
      service.validate("competitorPrice", source(goodRows(1)), { siteID: 0, productCode: 1 }),
      /Map a column to Price, Effective time/,
    );
  });
});

describe("validation", () => {
  test("every kind of bad row is found, with its field and reason", async () => {
    const rows = [
      ["C001", "Diesel", 1.45, JUNE_1, "Tesco"], // 0 good
      ["", "Diesel", 1.45, JUNE_1, ""], // 1 required site
      ["C001", "Diesel", "abc", JUNE_1, ""], // 2 not a number
      ["C001", "Diesel", 145, JUNE_1, ""], // 3 outside the band
      ["C001", "Diesel", 1.45, "31/02/2025", ""], // 4 text that is not a date
      ["C001", "Diesel", 1.45, 3, ""], // 5 implausible serial
      ["C001", "Diesel", 1.46, JUNE_1 + 1, "B".repeat(101)], // 6 brand too long
      ["Nowhere", "Diesel", 1.45, JUNE_1, ""], // 7 unknown site
      ["C001", "Kerosene", 1.45, JUNE_1, ""], // 8 unknown product
      ["C002", "Unleaded", 1.45, JUNE_1, ""], // 9 site does not sell it
      ["Tesco Bath", "DSL", 1.47, JUNE_1, ""], // 10 duplicate of row 0 (by name and code)
      ["C001", "Diesel", 1.45, "2025-06-02 08:30", ""], // 11 good, text date
      [null, "", null, null, null], // 12 blank: skipped
      ["OWN001", "Diesel", 1.45, JUNE_1, ""], // 13 an own site is not a competitor site
    ];
    const { service } = setup(rows);
    const { validation } = await prepare(service, source(rows));
    const reasons = Object.fromEntries(validation.problems.map((p) => [p.row, `${p.field}: ${p.reason}`]));
    assert.deepEqual(validation.validRows, [0, 11]);
    assert.equal(validation.blankRows, 1);
    assert.match(reasons[1], /^siteID: Site is required/);
    assert.match(reasons[2], /^price: Price "abc" is not a number/);
    assert.match(reasons[3], /^price: Price 145 is outside the sane band 0.05–10/);
    assert.match(reasons[4], /^effectiveTime: .*"31\/02\/2025" is not a date.*UTC/);
    assert.match(reasons[5], /^effectiveTime: .*not a plausible date/);
    assert.match(reasons[6], /^brand: Brand is 101 characters long; Kalibrate takes at most 100/);
    assert.match(reasons[7], /^siteID: No competitor site has the entityId, import code or name "Nowhere"/);
    assert.match(reasons[8], /^productCode: No global product .* "Kerosene"/);
    assert.match(reasons[9], /^productCode: Shell Leeds does not sell Unleaded/);
    assert.match(reasons[10], /^effectiveTime: Duplicate of data row 1/);
    assert.match(reasons[13], /^siteID: No competitor site .* "OWN001"/);
    assert.deepEqual(validation.records[11], {
      siteID: "C001",
      productCode: "DSL",
      price: 1.45,
      effectiveTime: "2025-06-02T08:30:00Z",
    });
    assert.equal(validation.records[0]!.effectiveTime, "2025-06-01T00:00:00Z", "serials are UTC");
  });

  test("the price band is configurable", async () => {
    const rows = [["C001", "Diesel", 145, JUNE_1, ""]];
    const { service } = setup(rows);
    const data = source(rows);
    const mapping = await service.mappingFor("competitorPrice", data.headers);
    const pence = await service.validate("competitorPrice", data, mapping, { priceBand: { min: 50, max: 300 } });
    assert.deepEqual(pence.validation.validRows, [0]);
  });

  test("invalid cells are marked with their reasons, one mark per cell", async () => {
    const rows = [["C001", "Diesel", "abc", "not a date", ""]];
    const { service, workbook } = setup(rows);
    const prepared = await prepare(service, source(rows));
    await service.markInvalid(prepared);
    assert.deepEqual(
      workbook.marks.map((m) => [m.row, m.column]),
      [
        [0, 2],
        [0, 3],
      ],
    );
    assert.equal(await service.clearMarks(), 2);
  });
});

describe("sending", () => {
  test("nothing is sent while a row is invalid, unless the valid rows only are asked for", async () => {
    const rows = [...goodRows(5), ["Nowhere", "Diesel", 1.4, JUNE_1, ""]];
    const { service, api } = setup(rows);
    const prepared = await prepare(service, source(rows));
    await assert.rejects(
      service.send(prepared),
      (e: ImportError) => e.reason === "invalid" && /1 rows are not valid/.test(e.message),
    );
    assert.equal(api.posts.length, 0);
    const outcome = await service.send(prepared, { validOnly: true });
    assert.equal(api.posts.length, 1);
    assert.equal(api.posts[0].records.length, 5);
    assert.match(outcome.message, /1 of 1 batches sent, 5 records accepted, 0 rejected/);
  });

  test("batches hold at most the batch size, each with its own idempotency key", async () => {
    const rows = goodRows(25);
    const { service, api, workbook } = setup(rows);
    const outcome = await service.send(await prepare(service, source(rows)));
    assert.deepEqual(
      api.posts.map((p) => p.records.length),
      [10, 10, 5],
    );
    assert.deepEqual(
      api.posts.map((p) => p.key),
      ["import-1-1", "import-1-2", "import-1-3"],
    );
    assert.deepEqual(
      outcome.progress.batches.map((b) => b.status),
      ["Completed", "Completed", "Completed"],
    );
    const saved = workbook.settings.get("kalibrate.import.import-1") as { batches: Array<{ operationId: string }> };
    assert.deepEqual(
      saved.batches.map((b) => b.operationId),
      ["op-1", "op-2", "op-3"],
    );
    assert.equal(JSON.stringify(saved).includes("C001"), false, "no row values in the settings");
    assert.deepEqual(await service.unfinished(), []);
  });

  test("a byte limit splits batches too", () => {
    const records = Array.from({ length: 10 }, () => ({ siteID: "C001", productCode: "DSL", price: 1.4 }));
    const batches = planBatches([...records.keys()], records, { maxRecords: 100, maxBytes: 200 });
    assert.ok(batches.length > 1 && batches.every((b) => JSON.stringify(b.records).length <= 200));
  });

  test("rows Kalibrate rejects come back per row with reasons, and copy to a fix sheet", async () => {
    const rows = [...goodRows(3), ["C002", "Diesel", 1.5, JUNE_1, "Shell"]];
    const { service, api, workbook } = setup(rows);
    api.rejectSites.add("C002");
    const outcome = await service.send(await prepare(service, source(rows)));
    assert.deepEqual(outcome.rejected, [{ row: 3, reasons: ["site is closed"], batch: 0 }]);
    const sheet = await service.copyRows(outcome.source, outcome.rejected);
    assert.deepEqual(workbook.sheets.get(sheet), [
      [...HEADERS, "Kalibrate reason"],
      ["C002", "Diesel", 1.5, JUNE_1, "Shell", "site is closed"],
    ]);
  });

  test("read-only credentials are refused before any batch is sent", async () => {
    const rows = goodRows(5);
    const { service, api } = setup(rows);
    api.rightsAnswer = "Read";
    const prepared = await prepare(service, source(rows));
    await assert.rejects(
      service.send(prepared),
      (e: ImportError) => e.reason === "read-only" && /can only read/.test(e.message),
    );
    assert.equal(api.posts.length, 0);
  });

  test("without a rights claim, the first 403 stops the import after one POST", async () => {
    const rows = goodRows(25);
    const { service, api } = setup(rows);
    api.rightsAnswer = "unknown";
    api.failures.set(1, { status: 403, message: "Imports need credentials with ReadWrite rights" });
    await assert.rejects(service.send(await prepare(service, source(rows))), { reason: "read-only" });
    assert.equal(api.posts.length, 1);
  });

  test("Cancel stops before the next batch, and Resume sends only the rest", async () => {
    const rows = goodRows(25);
    const { service, api } = setup(rows);
    const controller = new AbortController();
    const first = await service.send(await prepare(service, source(rows)), {
      onProgress: (p) => p.phase === "sending" && p.done === 1 && controller.abort(),
      signal: controller.signal,
    });
    assert.match(first.stopped!, /Cancelled: 1 of 3 batches/);
    assert.equal(api.posts.length, 1);
    const [open] = await service.unfinished();
    await service.resume(open.id);
    assert.deepEqual(
      api.posts.map((p) => p.key),
      ["import-1-1", "import-1-2", "import-1-3"],
    );
  });
});

describe("resume", () => {
  test("after a lost answer, resume resends only that batch with its key and never an acknowledged one", async () => {
    const rows = goodRows(50);
    const { service, api, workbook } = setup(rows);
    api.failures.set(4, { message: "Cannot reach the Kalibrate relay.", lost: true });
    const first = await service.send(await prepare(service, source(rows)));
    assert.match(
      first.stopped!,
      /Sending stopped at batch 4 of 5: Cannot reach .* 3 batches before it are in Kalibrate/,
    );
    assert.equal(api.posts.length, 4);

    // A reopened workbook: a new service over the same settings.
    const reopened = new ImportService({ workbook, api, batchRecords: 10, sleep: async () => undefined });
    const [open] = await reopened.unfinished();
    assert.deepEqual(
      open.batches.map((b) => b.state),
      ["sent", "sent", "sent", "sending", "pending"],
    );
    const outcome = await reopened.resume(open.id);
    assert.deepEqual(
      api.posts.map((p) => p.key),
      ["import-1-1", "import-1-2", "import-1-3", "import-1-4", "import-1-4", "import-1-5"],
    );
    assert.equal(api.imported.length, 50, "every record imported exactly once");
    assert.equal(outcome.stopped, undefined);
    assert.deepEqual(await reopened.unfinished(), []);
  });

  test("a reopened workbook shows the rows Kalibrate rejected in batches sent before", async () => {
    const rows = [...goodRows(19), ["C002", "Diesel", 1.5, JUNE_1, "Shell"]];
    const { service, api, workbook } = setup(rows);
    api.rejectSites.add("C002");
    api.failures.set(2, { message: "Cannot reach the Kalibrate relay." });
    rows.unshift(rows.pop()!); // the rejected row goes in the first batch
    workbook.source = source(rows);
    await service.send(await prepare(service, source(rows)));
    const reopened = new ImportService({ workbook, api, batchRecords: 10, sleep: async () => undefined });
    const [open] = await reopened.unfinished();
    const outcome = await reopened.resume(open.id);
    assert.deepEqual(outcome.rejected, [{ row: 0, reasons: ["site is closed"], batch: 0 }]);
    assert.match(outcome.message, /2 of 2 batches sent, 19 records accepted, 1 rejected/);
  });

  test("an import whose rows changed is not resumed", async () => {
    const rows = goodRows(30);
    const { service, api, workbook } = setup(rows);
    api.failures.set(2, { message: "Cannot reach the Kalibrate relay." });
    await service.send(await prepare(service, source(rows)));
    workbook.source.rows[25][2] = 1.99;
    const [open] = await service.unfinished();
    await assert.rejects(
      service.resume(open.id),
      (e: ImportError) => e.reason === "changed" && /changed since this import started/.test(e.message),
    );
    assert.equal(api.posts.length, 2);
  });
});

describe("rights from the token", () => {
  const token = (payload: object) => `x.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.y`;
  test("roles Read and ReadWrite, or unknown without the claim", () => {
    assert.equal(rightsFromToken(token({ roles: ["Read"] })), "Read");
    assert.equal(rightsFromToken(token({ roles: ["ReadWrite"] })), "ReadWrite");
    assert.equal(rightsFromToken(token({ scp: "x" })), "unknown");
    assert.equal(rightsFromToken("not a token"), "unknown");
  });
});

describe("cost breakdowns, one row per component", () => {
  const COST_HEADERS = ["Site ID", "Product", "Cost", "Date", "Component", "Amount"];
  const costSource = (rows: unknown[][]): SourceData => ({
    address: `Costs!A1:F${rows.length + 1}`,
    sheet: "Costs",
    headers: COST_HEADERS,
    rows,
  });
  // Two breakdowns: the first gives its cost on its first row only, the second repeats it on each row.
  const costRows = (): unknown[][] => [
    ["OWN001", "Diesel", 1.2, JUNE_1, "Product", 0.9],
    ["OWN001", "Diesel", "", JUNE_1, "Duty", 0.25],
    ["OWN001", "DSL", "", JUNE_1, "Transport", 0.05],
    ["OWN001", "Diesel", 1.1, JUNE_1 + 1, "Product", 1.0],
    ["OWN001", "Diesel", 1.1, JUNE_1 + 1, "Delivery", 0.1],
  ];
  async function prepareCosts(service: ImportService, data: SourceData) {
    const mapping = await service.mappingFor("costBreakdown", data.headers);
    return service.validate("costBreakdown", data, mapping);
  }

  test("Component and Amount columns map by header, and rows of one site, product and time become one record", async () => {
    const data = costSource(costRows());
    const { service, api } = setup(data.rows);
    const mapping = await service.mappingFor("costBreakdown", data.headers);
    assert.deepEqual(mapping, { siteID: 0, productCode: 1, cost: 2, effectiveTime: 3, component: 4, amount: 5 });
    const prepared = await prepareCosts(service, data);
    assert.deepEqual(prepared.validation.problems, []);
    assert.deepEqual(prepared.validation.validRows, [0, 1, 2, 3, 4]);
    const outcome = await service.send(prepared);
    assert.equal(outcome.progress.records, 2, "two records, not five rows");
    assert.deepEqual(api.posts[0].records, [
      {
        siteID: "OWN001",
        productCode: "DSL",
        cost: 1.2,
        effectiveTime: "2025-06-01T00:00:00Z",
        breakdown: [
          { name: "Product", value: 0.9 },
          { name: "Duty", value: 0.25 },
          { name: "Transport", value: 0.05 },
        ],
      },
      {
        siteID: "OWN001",
        productCode: "DSL",
        cost: 1.1,
        effectiveTime: "2025-06-02T00:00:00Z",
        breakdown: [
          { name: "Product", value: 1.0 },
          { name: "Delivery", value: 0.1 },
        ],
      },
    ]);
  });

  test("a breakdown that does not add up, disagrees with itself or has a bad row is held back whole", async () => {
    const rows = [
      ...costRows(),
      // Adds up to 1.3, not 1.25.
      ["OWN001", "Diesel", 1.25, JUNE_1 + 2, "Product", 1.0],
      ["OWN001", "Diesel", "", JUNE_1 + 2, "Duty", 0.3],
      // Two costs, a repeated component, a component without an amount.
      ["OWN001", "Diesel", 1.0, JUNE_1 + 3, "Product", 0.5],
      ["OWN001", "Diesel", 1.2, JUNE_1 + 3, "product", 0.5],
      ["OWN001", "Diesel", "", JUNE_1 + 3, "Duty", ""],
      // A bad amount holds back the other row of its breakdown.
      ["OWN001", "Diesel", 1.0, JUNE_1 + 4, "Product", "abc"],
      ["OWN001", "Diesel", "", JUNE_1 + 4, "Duty", 0.5],
      // No cost on any row.
      ["OWN001", "Diesel", "", JUNE_1 + 5, "Product", 1.0],
    ];
    const { service, api } = setup(rows);
    const prepared = await prepareCosts(service, costSource(rows));
    const { validation } = prepared;
    assert.deepEqual(validation.validRows, [0, 1, 2, 3, 4]);
    assert.deepEqual(validation.invalidRows, [5, 6, 7, 8, 9, 10, 11, 12]);
    const reasons = Object.fromEntries(validation.problems.map((p) => [`${p.row}:${p.field}`, p.reason]));
    assert.match(reasons["5:amount"], /add up to 1\.3, not the cost 1\.25/);
    assert.match(reasons["6:component"], /Another row of this breakdown \(data row 6\)/);
    assert.match(reasons["8:cost"], /1\.2 differs from 1 on data row 8/);
    assert.match(reasons["8:component"], /"product" is already given on data row 8/);
    assert.match(reasons["9:amount"], /Amount is required for the component "Duty"/);
    assert.match(reasons["10:amount"], /"abc" is not a number/);
    assert.match(reasons["11:component"], /Data row 11 of this breakdown is invalid/);
    assert.match(reasons["12:cost"], /Cost is required \(on at least one row of the breakdown\)/);
    assert.equal(validation.problems.find((p) => p.row === 8 && p.field === "cost")!.column, 2, "marks the cell");

    await service.send(prepared, { validOnly: true });
    assert.deepEqual(
      api.posts.flatMap((p) => p.records.map((r) => r.effectiveTime)),
      ["2025-06-01T00:00:00Z", "2025-06-02T00:00:00Z"],
      "only whole, valid breakdowns are sent",
    );
  });

  test("rows with the same site, product and time but no component are duplicates", async () => {
    const rows = [
      ["OWN001", "Diesel", 1.2, JUNE_1, "", ""],
      ["OWN001", "Diesel", 1.2, JUNE_1, "", ""],
      ["OWN001", "Diesel", 1.3, JUNE_1 + 1, "", ""],
    ];
    const { service } = setup(rows);
    const { validation } = await prepareCosts(service, costSource(rows));
    assert.deepEqual(validation.invalidRows, [0, 1]);
    assert.match(validation.problems[0].reason, /Data rows 1, 2 have the same site, product and effective time/);
    assert.deepEqual(validation.records[2], {
      siteID: "OWN001",
      productCode: "DSL",
      cost: 1.3,
      effectiveTime: "2025-06-02T00:00:00Z",
    });
  });

  test("a breakdown Kalibrate rejects comes back as every row it was read from", async () => {
    const data = costSource(costRows());
    const { service, api, workbook } = setup(data.rows);
    api.rejectSites.add("OWN001");
    const outcome = await service.send(await prepareCosts(service, data));
    assert.deepEqual(
      outcome.rejected.map((r) => r.row),
      [0, 1, 2, 3, 4],
    );
    const sheet = await service.copyRows(outcome.source, outcome.rejected);
    assert.equal(workbook.sheets.get(sheet)!.length, 6, "headers and the five component rows");
    assert.match(outcome.message, /0 records accepted, 2 rejected/, "counted as records, as Kalibrate counts them");
  });
});
