// Issue 6 in Chromium on the workbench: the query builder (controls and hand-typed text in step), Preview, Insert as
// formula, a 100,000-row report with progress, Refresh that never loses data (a fault halfway, a cancel), Edit,
// provenance of a table and a cell, the environment guard, and Delete.
/* eslint-disable @typescript-eslint/no-explicit-any -- window.workbench is untyped in the page */
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser, type Browser } from "../support/browser";
import { closeWorkbench } from "../support/connected-workbench";
import { startStack, type Stack } from "../support/stack";

let stack: Stack;
let browser: Browser;
let page: Page;

type Cell = string | number | boolean | { error: string; message?: string };
const wb = {
  values: (range: string) => page.evaluate((r) => (window as any).workbench.getValues(r), range) as Promise<Cell[][]>,
  select: (address: string) => page.evaluate((a) => (window as any).workbench.select(a), address),
  idle: () => page.evaluate(() => (window as any).workbench.idle()),
  tables: () =>
    page.evaluate(() => (window as any).workbench.tables()) as Promise<
      Array<{ name: string; sheet: string; address: string; rowCount: number }>
    >,
};

async function fault(body: Record<string, unknown>) {
  const response = await fetch(`${stack.sandbox.url}/_sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201);
}

const builder = () =>
  page.getByRole("group", { name: "Query builder" }).or(page.locator('[aria-label="Query builder"]'));
const outcome = () =>
  page.getByRole("group", { name: "Report outcome" }).or(page.locator('[aria-label="Report outcome"]'));
const reportItem = (name: string) => page.getByRole("listitem", { name: `Report ${name}` });

async function pick(label: string, option: string) {
  await builder().getByRole("combobox", { name: label }).click();
  await page.getByRole("option", { name: option, exact: true }).click();
}

async function waitForOutcome(pattern: RegExp): Promise<string> {
  await outcome().getByText(pattern).waitFor({ timeout: 120_000 });
  return outcome().innerText();
}

before(async () => {
  stack = await startStack({
    staticDir: "dist",
    sandbox: { size: 150_000 },
    extraEnvironments: [{ id: "sandbox-prod", label: "Sandbox marked production", production: true }],
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`${stack.relayUrl}/workbench.html`);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByText(/Connected to Local sandbox/).waitFor();
});
afterEach(async () => {
  await fetch(`${stack.sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});
after(() => closeWorkbench(browser, stack));

const COLUMNS = "id.entityId,data.price,data.effectiveTime";
let reportSheet = "";

describe("query builder", () => {
  test("the controls write the query text", async () => {
    await pick("Variant", "Own");
    await builder().getByRole("button", { name: "Add filter" }).click();
    await builder().getByRole("combobox", { name: "Filter 1 property" }).fill("effectiveTime");
    await builder().getByRole("combobox", { name: "Filter 1 operator" }).click();
    await page.getByRole("option", { name: ">=", exact: true }).click();
    const value = builder().getByLabel("Filter 1 value");
    assert.equal(await value.getAttribute("type"), "date", "a date picker for a date property");
    await value.fill("2025-06-01");
    const query = builder().getByLabel("Query");
    assert.equal(await query.inputValue(), "(entityVariant=Own)+(effectiveTime>=2025-06-01)+(limit=0)");
  });

  test("hand-typed text moves the controls, and a mistake shows where it is", async () => {
    const query = builder().getByLabel("Query");
    await query.fill("(entityVariant=Competitor)+(limit=5)");
    assert.equal(await builder().getByRole("combobox", { name: "Variant" }).innerText(), "Competitor");
    assert.equal(await builder().getByLabel("Limit").inputValue(), "5");
    assert.equal(await builder().getByRole("combobox", { name: "Filter 1 property" }).count(), 0);
    await query.fill("(entityVariant=Competitor)+(limit=abc)");
    await builder()
      .getByText(/^Clause 2, `\(limit=abc\)`/)
      .waitFor();
    assert.equal(await builder().getByRole("button", { name: "Preview" }).isDisabled(), true);
    await query.fill("(entityVariant=Competitor)+(limit=5)");
  });

  test("Preview shows the first rows in a grid, with the count, and offers their fields as columns", async () => {
    await builder().getByRole("button", { name: "Preview" }).click();
    await page.getByRole("status", { name: "Preview summary" }).getByText("5 rows in total").waitFor();
    const grid = page.getByRole("grid", { name: "Preview" });
    assert.equal(await grid.getByRole("row").count(), 6, "a header row and five rows");
    assert.ok(await grid.getByRole("columnheader", { name: "data.price", exact: true }).isVisible());
    await builder().getByRole("combobox", { name: "Add a column" }).click();
    await page.getByRole("option", { name: "data.site.name", exact: true }).waitFor();
    await page.keyboard.press("Escape");
  });

  test("Insert as formula writes KALIBRATE.QUERY at the selected cell, which fetches", async () => {
    await builder().getByLabel("Columns").fill(COLUMNS);
    await wb.select("Sheet1!A1");
    await builder().getByRole("button", { name: "Insert as formula" }).click();
    const text = await waitForOutcome(/Wrote/);
    assert.match(
      text,
      /=KALIBRATE\.QUERY\("Price","\(entityVariant=Competitor\)\+\(limit=5\)","id\.entityId,data\.price,data\.effectiveTime"\) at Sheet1!A1/,
    );
    await wb.idle();
    assert.deepEqual((await wb.values("A1:C1"))[0], COLUMNS.split(","));
    assert.equal((await wb.values("A7:C7"))[0][0], "");
  });
});

describe("a 100,000-row report", () => {
  test("is inserted on a new sheet with progress, all rows, and dates as dates", async () => {
    await builder().getByLabel("Query").fill("(limit=100000)");
    await builder().getByRole("radio", { name: "On a new sheet" }).check();
    await builder().getByRole("button", { name: "Insert as report" }).click();
    const job = page.getByRole("status", { name: "Report job" });
    await job.getByText(/Fetching: [1-9][\d,]* rows so far · \d+\.\d s/).waitFor({ timeout: 60_000 });
    await browser.screenshot(page, "report-insert-progress");
    const text = await waitForOutcome(/Inserted 100,000 rows/);
    assert.match(text, /as the table KalibratePrice on Kalibrate Price in \d+\.\d s/);
    const [table] = (await wb.tables()).filter((t) => t.name === "KalibratePrice");
    assert.deepEqual(table, {
      name: "KalibratePrice",
      sheet: "Kalibrate Price",
      address: "'Kalibrate Price'!A1:C100001",
      rowCount: 100_000,
    });
    reportSheet = "'Kalibrate Price'";
    const [first] = await wb.values(`${reportSheet}!A2:C2`);
    assert.equal(typeof first[1], "number");
    assert.equal(typeof first[2], "number", "effectiveTime is a date serial");
    await reportItem("KalibratePrice")
      .getByText(/100,000 rows · sandbox · refreshed/)
      .waitFor();
    await page.getByRole("tab", { name: "Kalibrate Price" }).click();
    await browser.screenshot(page, "report-inserted");
  });
});

describe("refresh never loses data", () => {
  test("a failure halfway through the fetch leaves the previous rows and says why", async () => {
    const before = await wb.values(`${reportSheet}!A1:C40`);
    const lastBefore = await wb.values(`${reportSheet}!A99990:C100001`);
    await fault({ path: "/api/price", kind: "status", status: 500, retryAfter: 0, after: 10 });
    await reportItem("KalibratePrice").getByRole("button", { name: "Refresh" }).click();
    const text = await waitForOutcome(/simulating a failure/);
    assert.match(text, /Nothing in the workbook was changed/);
    assert.deepEqual(await wb.values(`${reportSheet}!A1:C40`), before);
    assert.deepEqual(await wb.values(`${reportSheet}!A99990:C100001`), lastBefore);
    await reportItem("KalibratePrice").getByText("Last refresh failed").waitFor();
    const served = (await stack.dataRequests()).filter((r) => r.url.startsWith("/api/price") && r.status === 200);
    assert.ok(served.length >= 10, "pages were fetched before the failure");
  });

  test("Cancel during the fetch leaves the table as it was", async () => {
    const before = await wb.values(`${reportSheet}!A1:C40`);
    await fault({ path: "/api/price", kind: "latency", latencyMs: 2000 });
    await reportItem("KalibratePrice").getByRole("button", { name: "Refresh" }).click();
    await page
      .getByRole("status", { name: "Report job" })
      .getByText(/Fetching/)
      .waitFor();
    await page.getByRole("button", { name: "Cancel", exact: true }).click();
    await waitForOutcome(/Cancelled: the table was not changed/);
    assert.deepEqual(await wb.values(`${reportSheet}!A1:C40`), before);
    assert.equal((await wb.tables()).find((t) => t.name === "KalibratePrice")?.rowCount, 100_000);
  });
});

describe("edit, provenance, environments, delete", () => {
  test("Edit opens the builder on the report; saving re-runs it and resizes the table", async () => {
    await reportItem("KalibratePrice").getByRole("button", { name: "Edit" }).click();
    await builder().getByText("Edit report KalibratePrice").waitFor();
    assert.equal(await builder().getByLabel("Query").inputValue(), "(limit=100000)");
    assert.equal(await builder().getByLabel("Columns").inputValue(), COLUMNS);
    await builder().getByLabel("Query").fill("(entityVariant=Own)+(limit=50)");
    await builder().getByRole("button", { name: "Save and refresh" }).click();
    await waitForOutcome(/Saved and refreshed KalibratePrice: 50 rows/);
    const table = (await wb.tables()).find((t) => t.name === "KalibratePrice");
    assert.equal(table?.address, "'Kalibrate Price'!A1:C51");
    assert.deepEqual((await wb.values(`${reportSheet}!A52:C52`))[0], ["", "", ""]);
    await reportItem("KalibratePrice")
      .getByText(/^50 rows · sandbox/)
      .waitFor();
    await builder().getByText("Query builder").waitFor();
  });

  test("selecting the table shows where its rows came from", async () => {
    await wb.select(`${reportSheet}!B10`);
    const panel = page.locator('[aria-label="Report provenance"]');
    await panel.waitFor();
    const text = await panel.innerText();
    assert.match(text, /Environment\s+sandbox/);
    assert.match(text, /Collection\s+Price/);
    assert.match(text, /Query\s+\(entityVariant=Own\)\+\(limit=50\)/);
    assert.match(text, /Rows\s+50/);
    assert.match(text, /Retrieved at\s+\d/);
    assert.match(text, /Duration\s+\d+\.\d\d s/);
    assert.match(text, /Correlation id\s+[0-9a-f-]{36}/);
  });

  test("selecting a KALIBRATE cell (or its spill) shows what its evaluation fetched", async () => {
    await wb.select("Sheet1!B3");
    const panel = page.locator('[aria-label="Cell provenance"]');
    await panel.waitFor();
    const text = await panel.innerText();
    assert.match(text, /Collection\s+price/i);
    assert.match(text, /Query\s+\(entityVariant=Competitor\)\+\(limit=5\)/);
    assert.match(text, /Rows\s+5/);
    assert.match(text, /Correlation id\s+[0-9a-f-]{36}/);
    await browser.screenshot(page, "report-provenance-cell");
  });

  test("refreshing from another environment than the report's asks first", async () => {
    await page.getByRole("button", { name: "Disconnect" }).click();
    await page.getByRole("combobox", { name: "Environment" }).click();
    await page.getByRole("option", { name: /Sandbox marked production/ }).click();
    await page.getByLabel("Client secret").fill(stack.reader.clientSecret);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByText(/Connected to Sandbox marked production/).waitFor();
    const before = await wb.values(`${reportSheet}!A1:C51`);
    await reportItem("KalibratePrice").getByRole("button", { name: "Refresh" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Refresh from another environment?" });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /built on sandbox; you are connected to sandbox-prod/);
    await browser.screenshot(page, "report-environment-guard");
    await dialog.getByRole("button", { name: "Keep as it is" }).click();
    await waitForOutcome(/was not refreshed: it was built on sandbox and you are connected to sandbox-prod/);
    assert.deepEqual(await wb.values(`${reportSheet}!A1:C51`), before);
    await reportItem("KalibratePrice").getByRole("button", { name: "Refresh" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Refresh from sandbox-prod" }).click();
    await waitForOutcome(/Refreshed KalibratePrice: 50 rows/);
    await reportItem("KalibratePrice")
      .getByText(/50 rows · sandbox-prod/)
      .waitFor();
  });

  test("Delete removes the definition and, when asked, the table", async () => {
    await reportItem("KalibratePrice").getByRole("button", { name: "Delete" }).click();
    await page.getByRole("menuitem", { name: "Delete definition and table" }).click();
    await waitForOutcome(/Deleted the report KalibratePrice and its table/);
    assert.equal(
      (await wb.tables()).some((t) => t.name === "KalibratePrice"),
      false,
    );
    assert.deepEqual((await wb.values(`${reportSheet}!A1:C2`))[0], ["", "", ""]);
    await page.getByText("No report tables yet").waitFor();
    browser.assertLoopbackOnly();
  });
});
