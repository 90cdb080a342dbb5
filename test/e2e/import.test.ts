// Issue 13 in Chromium on the workbench against the sandbox: a 5,000-row competitor-price survey with 12 bad rows
// of different kinds. Validation shows each (table and sheet marks); "Send the valid rows only" sends the rest in
// batches; KALIBRATE.QUERY shows the imported prices; the bad rows round-trip through a fix sheet; read-only
// credentials are told before anything is sent; a lost answer after the third batch, then Resume: the sandbox's
// import log shows every record imported exactly once.
/* eslint-disable @typescript-eslint/no-explicit-any -- window.workbench is untyped in the page */
import { after, afterEach, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser, type Browser } from "../support/browser";
import { closeWorkbench } from "../support/connected-workbench";
import { startStack, type Stack } from "../support/stack";
import { clearImportLog, importLog, SURVEY_HEADERS, surveyRows } from "../support/survey";

let stack: Stack;
let browser: Browser;
let page: Page;

const HEADERS = [...SURVEY_HEADERS, "Source"];
const ROWS = 5000;

const wb = {
  setValues: (address: string, values: unknown[][]) =>
    page.evaluate(([a, v]) => (window as any).workbench.setValues(a, v), [address, values] as const),
  setCell: (address: string, value: unknown) =>
    page.evaluate(([a, v]) => (window as any).workbench.setCell(a, v), [address, value] as const),
  values: (range: string) =>
    page.evaluate((r) => (window as any).workbench.getValues(r), range) as Promise<unknown[][]>,
  select: (address: string) => page.evaluate((a) => (window as any).workbench.select(a), address),
  comments: () =>
    page.evaluate(() => (window as any).workbench.comments()) as Promise<Array<{ address: string; content: string }>>,
  sheetNames: () => page.evaluate(() => (window as any).workbench.sheetNames()) as Promise<string[]>,
  usedRange: (sheet: string) => page.evaluate((s) => (window as any).workbench.usedRange(s), sheet) as Promise<string>,
};

const panel = () => page.getByRole("group", { name: "Import" }).or(page.locator('[aria-label="Import"]'));
const outcome = () =>
  panel().getByRole("group", { name: "Import outcome" }).or(panel().locator('[aria-label="Import outcome"]'));

async function importPosts(): Promise<number> {
  return (await stack.dataRequests()).filter((r) => r.method === "POST" && r.url.startsWith("/api/import/")).length;
}

async function connectAs(client: Stack["reader"]) {
  const disconnect = page.getByRole("button", { name: "Disconnect" });
  if (await disconnect.isVisible()) await disconnect.click();
  await page.getByLabel("Client id").fill(client.clientId);
  await page.getByLabel("Client secret").fill(client.clientSecret);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByText(new RegExp(`Connected to Local sandbox as ${client.clientId}`)).waitFor();
}

async function readAndValidate(expectSummary: RegExp) {
  await panel().getByRole("button", { name: "Read rows" }).click();
  await panel().getByRole("group", { name: "Column mapping" }).waitFor();
  await panel().getByRole("button", { name: "Validate" }).click();
  await panel()
    .getByRole("status", { name: "Validation summary" })
    .getByText(expectSummary)
    .waitFor({ timeout: 60_000 });
}

/** The 12 bad rows, each of a different kind, with the words its reason must contain. */
function spoil(rows: unknown[][], pair: { site: string; product: string }) {
  const bad: Array<[number, (row: unknown[]) => void, RegExp]> = [
    [10, (r) => (r[0] = ""), /Site is required/],
    [250, (r) => (r[0] = "NO-SUCH-SITE"), /No competitor site .* "NO-SUCH-SITE"/],
    [700, (r) => (r[1] = "Kerosene"), /No global product .* "Kerosene"/],
    [1200, (r) => ((r[0] = pair.site), (r[1] = pair.product)), /does not sell/],
    [1800, (r) => (r[2] = "1,45"), /Price "1,45" is not a number/],
    [2300, (r) => (r[2] = 145.9), /Price 145.9 is outside the sane band/],
    [2900, (r) => (r[3] = "31/02/2030"), /"31\/02\/2030" is not a date/],
    [3400, (r) => (r[3] = 12), /not a plausible date/],
    [3900, (r) => (r[4] = "B".repeat(101)), /Brand is 101 characters long/],
    [4300, (r) => (r[5] = "S".repeat(21)), /Source is 21 characters long/],
    [4700, (r) => (r[2] = ""), /Price is required/],
    [4999, () => (rows[4999] = [...rows[0]]), /Duplicate of data row 1/],
  ];
  for (const [index, change] of bad) change(rows[index]);
  return bad;
}

/** A competitor site and a product it does not sell. */
function unsoldPair(): { site: string; product: string } {
  const { competitorSites, competitorProducts, globalProducts } = stack.sandbox.data;
  for (const site of competitorSites) {
    const sold = new Set(
      competitorProducts
        .filter((p) => (p.data.site as { entityId: string }).entityId === site.id.entityId)
        .map((p) => (p.data.product as { entityId: string }).entityId),
    );
    const missing = globalProducts.find((g) => !sold.has(g.id.entityId));
    if (missing) return { site: String(site.data.importCode), product: String(missing.data.name) };
  }
  throw new Error("Every competitor site sells every product; the test needs one that does not.");
}

before(async () => {
  stack = await startStack({ staticDir: "dist", sandbox: { size: 20_000 } });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`${stack.relayUrl}/workbench.html`);
  await connectAs(stack.writer);
});
afterEach(async () => {
  await fetch(`${stack.sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});
after(() => closeWorkbench(browser, stack));

describe("import a competitor-price survey", () => {
  let bad: ReturnType<typeof spoil>;
  let survey: unknown[][];

  test("validation shows each of the 12 bad rows, in a table and as marks in the sheet", async () => {
    survey = surveyRows(stack.sandbox, ROWS).map((row) => [...row, "Survey"]);
    bad = spoil(survey, unsoldPair());
    await wb.setValues("Sheet1!A1", [HEADERS, ...survey]);
    await wb.select(`Sheet1!A1:F${ROWS + 1}`);
    await readAndValidate(/4,988 valid rows, 12 invalid/);
    const problems = panel().getByRole("table", { name: "Problems" });
    assert.equal(await problems.locator("tbody tr").count(), 12);
    const text = await problems.innerText();
    for (const [index, , reason] of bad) {
      assert.match(text, new RegExp(`${index + 2}\\s+\\w+\\s+[^\\n]*${reason.source}`), `row ${index + 2}: ${reason}`);
    }
    assert.equal(await panel().getByRole("button", { name: "Send", exact: true }).isDisabled(), true);
    // Excel opens panes about 320 px wide: nothing in the panel may stick out sideways there.
    await page
      .locator('[aria-label="Kalibrate pane"]')
      .evaluate((pane) => ((pane as HTMLElement).style.width = "320px"));
    const overflow = await panel()
      .first()
      .evaluate((card) =>
        [card, ...Array.from(card.querySelectorAll("*"))]
          .filter((el) => el.getBoundingClientRect().right > card.getBoundingClientRect().right + 1)
          .filter((el) => !el.parentElement?.closest("[data-scroll-ok]"))
          .map((el) => `${el.tagName}.${el.className}`.slice(0, 80)),
      );
    assert.deepEqual(overflow, [], "nothing wider than the pane");
    await browser.screenshot(page, "import-validation");

    await panel().getByRole("button", { name: "Mark in sheet" }).click();
    await outcome()
      .getByText(/Marked 12 cells/)
      .waitFor();
    const marks = await wb.comments();
    assert.equal(marks.length, 12);
    assert.ok(marks.some((m) => m.address === "Sheet1!C1802" && /not a number/.test(m.content)));
    assert.deepEqual((await wb.values("Sheet1!C1802"))[0], ["1,45"], "values unchanged");
    await panel().getByRole("button", { name: "Clear marks" }).click();
    await outcome()
      .getByText(/Removed 12 marks/)
      .waitFor();
    assert.deepEqual(await wb.comments(), []);
  });

  test('"Send the valid rows only" sends the rest in batches, each with its operation id', async () => {
    await panel().getByRole("button", { name: "Send the valid rows only" }).click();
    await outcome()
      .getByText(/5 of 5 batches sent, 4,988 records accepted, 0 rejected/)
      .waitFor({ timeout: 120_000 });
    const batches = panel().getByRole("table", { name: "Batches" });
    assert.equal(await batches.locator("tbody tr").count(), 5);
    assert.match(await batches.innerText(), /Completed[\s\S]*[0-9a-f]{8}-[0-9a-f]{4}/);
    const log = await importLog(stack.sandbox);
    assert.deepEqual([log.records, log.duplicates.length], [4988, 0]);
  });

  test("KALIBRATE.QUERY shows the imported competitor prices", async () => {
    const formula =
      '=KALIBRATE.QUERY("Price","(entityVariant=Competitor)+(effectiveTime>=2030-01-01)+(orderBy=effectiveTime)+(limit=0)","data.price,data.brandName")';
    await wb.setCell("Sheet1!H1", formula);
    const used = await wb.values(`Sheet1!H1:I${4988 + 2}`);
    assert.deepEqual(used[0], ["data.price", "data.brandName"]);
    assert.equal(used.filter((row, i) => i > 0 && typeof row[0] === "number").length, 4988);
    assert.equal(used[1][1], "Survey brand");
  });

  test("the bad rows copy to a fix sheet with their reasons, and once fixed they import", async () => {
    await panel().getByRole("button", { name: "Copy invalid rows to a new sheet" }).click();
    await outcome()
      .getByText(/Copied 12 rows with their reasons to the sheet "Kalibrate fixes"/)
      .waitFor();
    const fix = await wb.values("'Kalibrate fixes'!A1:G13");
    assert.deepEqual(fix[0], [...HEADERS, "Kalibrate reason"]);
    assert.match(String(fix[2][6]), /NO-SUCH-SITE/);
    // Fix every row: good values at times no other row uses.
    const good = surveyRows(stack.sandbox, 12, 48000).map((row) => [...row, "Survey"]);
    await wb.setValues("'Kalibrate fixes'!A2", good);
    await wb.select("'Kalibrate fixes'!A1:G13");
    await readAndValidate(/12 valid rows, 0 invalid/);
    await panel().getByRole("button", { name: "Send", exact: true }).click();
    await outcome()
      .getByText(/1 of 1 batches sent, 12 records accepted, 0 rejected/)
      .waitFor({ timeout: 60_000 });
    const log = await importLog(stack.sandbox);
    assert.deepEqual([log.records, log.duplicates.length], [5000, 0]);
  });
});

describe("read-only credentials", () => {
  test("are told before preparing an import, and nothing is sent", async () => {
    const posts = await importPosts();
    await connectAs(stack.reader);
    const warning = panel()
      .getByRole("group", { name: "Import rights" })
      .or(panel().locator('[aria-label="Import rights"]'));
    await warning.getByText(/can only read: Kalibrate's imports need the ReadWrite credentials/).waitFor();
    await wb.select(`Sheet1!A1:F${ROWS + 1}`);
    await readAndValidate(/4,988 valid rows, 12 invalid/);
    assert.equal(await panel().getByRole("button", { name: "Send the valid rows only" }).isDisabled(), true);
    await browser.screenshot(page, "import-read-only");
    assert.equal(await importPosts(), posts, "no import POST");
    await connectAs(stack.writer);
  });
});

describe("a network failure after the third batch", () => {
  test("stops with the reason; Resume imports every record exactly once", async () => {
    await clearImportLog(stack.sandbox);
    const rows = surveyRows(stack.sandbox, ROWS, 49000).map((row) => [...row, "Survey"]);
    await wb.setValues("Sheet1!A1", [HEADERS, ...rows]);
    await wb.select(`Sheet1!A1:F${ROWS + 1}`);
    await readAndValidate(/5,000 valid rows, 0 invalid/);
    // The fourth POST is processed, but its answer is cut off: the add-in cannot know whether it was imported.
    const response = await fetch(`${stack.sandbox.url}/_sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "/api/import/competitorPrice", kind: "truncate", after: 3, times: 1 }),
    });
    assert.equal(response.status, 201);
    await panel().getByRole("button", { name: "Send", exact: true }).click();
    await outcome()
      .getByText(/Sending stopped at batch 4 of 5/)
      .waitFor({ timeout: 120_000 });
    await browser.screenshot(page, "import-stopped");
    await panel()
      .locator('[aria-label="Unfinished import"]')
      .getByText(/0 of 5|3 of 5 batches acknowledged/)
      .waitFor();
    await panel().getByRole("button", { name: "Resume" }).first().click();
    await outcome()
      .getByText(/5 of 5 batches sent, 5,000 records accepted, 0 rejected/)
      .waitFor({ timeout: 120_000 });
    const log = await importLog(stack.sandbox);
    assert.equal(log.records, 5000);
    assert.equal(log.distinct, 5000);
    assert.deepEqual(log.duplicates, []);
    assert.equal(log.replays, 1, "the unknown batch was resent with its Idempotency-Key and not imported again");
    assert.equal(log.posts, 6, "acknowledged batches were never sent again");
  });
});
