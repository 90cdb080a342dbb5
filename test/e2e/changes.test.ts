// Issue 15 in Chromium on the workbench: a PRICE grid and a Product report; the sandbox's prices move through its
// admin route; Refresh (the pane's button) marks exactly the moved cells and rows with their previous values, the
// pane's change list matches, and Clear marks removes every mark in one click without touching a value.
/* eslint-disable @typescript-eslint/no-explicit-any -- window.workbench is untyped in the page */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { Browser } from "../support/browser";
import { closeWorkbench, openConnectedWorkbench } from "../support/connected-workbench";
import { movePrices } from "../support/price-moves";
import type { Stack } from "../support/stack";

let stack: Stack;
let browser: Browser;
let page: Page;

const wb = {
  values: (range: string) =>
    page.evaluate((r) => (window as any).workbench.getValues(r), range) as Promise<unknown[][]>,
  setCell: (a: string, v: string) => page.evaluate(([a, v]) => (window as any).workbench.setCell(a, v), [a, v]),
  select: (address: string) => page.evaluate((a) => (window as any).workbench.select(a), address),
  idle: () => page.evaluate(() => (window as any).workbench.idle()),
  texts: (range: string) => page.evaluate((r) => (window as any).workbench.texts(r), range) as Promise<string[][]>,
  notes: () =>
    page.evaluate(() => (window as any).workbench.notes()) as Promise<Array<{ address: string; content: string }>>,
  marks: () =>
    page.evaluate(() => (window as any).workbench.conditionalFormats()) as Promise<
      Array<{ address: string; fill: string; numberFormat: string | null }>
    >,
};

const builder = () => page.locator('[aria-label="Query builder"]');
const changesCard = () => page.locator('[aria-label="What moved"]');

/** The pane's Refresh (window.workbench.refresh runs what its button runs and resolves with the outcome). */
async function refresh(): Promise<string> {
  const text = (await page.evaluate(() => (window as any).workbench.refresh())) as string;
  await page.getByRole("status", { name: "Refresh outcome" }).getByText(text).waitFor();
  await wb.idle();
  return text;
}

before(async () => {
  ({ stack, browser, page } = await openConnectedWorkbench(
    { staticDir: "dist", sandbox: { size: 2000 } },
    { width: 1400, height: 1000 },
  ));
});
after(() => closeWorkbench(browser, stack));

const GRID: Array<[string, string]> = [
  ["Sheet1!B2", '=KALIBRATE.PRICE("OWN0001","Diesel")'],
  ["Sheet1!C2", '=KALIBRATE.PRICE("OWN0001","Unleaded")'],
  ["Sheet1!B3", '=KALIBRATE.PRICE("OWN0002","Diesel")'],
  ["Sheet1!C3", '=KALIBRATE.PRICE("OWN0002","Unleaded")'],
];

describe("what moved since the last refresh", () => {
  let before: unknown[][];

  test("a PRICE grid and a report of own products' current prices", async () => {
    for (const [address, formula] of GRID) await wb.setCell(address, formula);
    await wb.idle();
    before = await wb.values("Sheet1!B2:C3");
    assert.ok(
      before.flat().every((v) => typeof v === "number"),
      JSON.stringify(before),
    );
    await page.locator('[aria-label="Query builder"]').getByRole("combobox", { name: "Collection" }).click();
    await page.getByRole("option", { name: "Product", exact: true }).click();
    await builder().getByLabel("Query").fill("(entityVariant=Own)+(limit=0)");
    await builder().getByLabel("Columns").fill("id.entityId,data.site.importCode,data.name,data.currentPrice");
    await builder().getByRole("radio", { name: "On a new sheet" }).check();
    await builder().getByRole("button", { name: "Insert as report" }).click();
    await page
      .locator('[aria-label="Report outcome"]')
      .getByText(/Inserted/)
      .waitFor({ timeout: 60_000 });
    const first = await refresh();
    assert.match(first, /Refreshed 1 report table and 4 KALIBRATE cells/);
    assert.deepEqual(await wb.marks(), [], "nothing moved yet");
  });

  test("prices move; Refresh marks exactly the moved cells and rows with their previous values", async () => {
    const diesel1 = before[0][0] as number;
    const unleaded2 = before[1][1] as number;
    await movePrices(stack.sandbox.url, [
      { siteID: "OWN0001", productCode: "DSL", price: Math.round((diesel1 + 0.02) * 1000) / 1000 },
      { siteID: "OWN0002", productCode: "ULP", price: Math.round((unleaded2 - 0.03) * 1000) / 1000 },
    ]);
    await refresh();
    const after = await wb.values("Sheet1!B2:C3");
    assert.notEqual(after[0][0], before[0][0]);
    assert.notEqual(after[1][1], before[1][1]);
    assert.deepEqual([after[0][1], after[1][0]], [before[0][1], before[1][0]]);

    const marks = await wb.marks();
    const inGrid = marks.filter((m) => m.address.startsWith("Sheet1!")).map((m) => [m.address, m.fill]);
    assert.deepEqual(inGrid.sort(), [
      ["Sheet1!B2", "#C6EFCE"],
      ["Sheet1!C3", "#FFC7CE"],
    ]);
    // In the cell the arrow after the price in its own format; the amount and the previous value in the cell's note.
    assert.equal(marks.find((m) => m.address === "Sheet1!B2")!.numberFormat, '0.000" ▲"');
    const notes = await wb.notes();
    assert.equal(
      notes.find((n) => n.address === "Sheet1!B2")?.content,
      `Kalibrate: ▲ +0.02 since the last refresh (was ${before[0][0]})`,
    );
    assert.match(notes.find((n) => n.address === "Sheet1!C3")!.content, new RegExp(`\\(was ${before[1][1]}\\)$`));
    assert.equal(notes.length, 4, "a note on each marked cell, the report's two included");
    const inReport = marks.filter((m) => !m.address.startsWith("Sheet1!"));
    assert.equal(inReport.length, 2, "the two report rows' current prices");
    assert.ok(
      inReport.every((m) => /!D\d+$/.test(m.address)),
      JSON.stringify(inReport),
    );
    // Every marked cell fits its column: no ####, in the grid or in Range.text.
    for (const m of marks) assert.doesNotMatch((await wb.texts(m.address))[0][0], /#/, m.address);
    // The grid draws the mark, the arrow, and the note on hover.
    await page.getByRole("tab", { name: "Sheet1" }).click();
    const cell = page.locator('[role="gridcell"][data-address="B2"]');
    assert.equal(await cell.getAttribute("data-mark"), "#C6EFCE");
    assert.match(await cell.innerText(), /^\d\.\d{3} ▲$/);
    assert.match((await cell.getAttribute("title"))!, /\(was [\d.]+\)$/);
    assert.equal(await cell.getByLabel("Has a note").count(), 1);
    await browser.screenshot(page, "changes-marked");
  });

  test("the pane's change list matches the marks, largest first, and filters", async () => {
    const list = changesCard().getByRole("list", { name: "Changes" });
    await list.getByRole("listitem").first().waitFor();
    const items = await list.getByRole("listitem").allInnerTexts();
    assert.equal(items.length, 4);
    const marked = (await wb.marks()).map((m) => m.address).sort();
    const listed = await list
      .getByRole("listitem")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-address")));
    assert.deepEqual([...listed].sort(), marked);
    assert.match(items[0], /−0\.03/, "the larger move first");
    assert.match(items.join("\n"), /OWN0001 · Diesel: [\d.]+ → [\d.]+ \(\+0\.02\)/);
    await changesCard().getByLabel("Filter changes").fill("OWN0002");
    assert.equal(await list.getByRole("listitem").count(), 2);
    await changesCard().getByLabel("Filter changes").fill("");
  });

  test("Clear marks removes every mark in one click and leaves the values", async () => {
    const values = await wb.values("Sheet1!B2:C3");
    await changesCard().getByRole("button", { name: "Clear marks" }).click();
    await changesCard()
      .getByText(/Removed 4 marks; values are unchanged\./)
      .waitFor();
    assert.deepEqual(await wb.marks(), []);
    assert.deepEqual(await wb.notes(), [], "the marks' notes go with them");
    assert.deepEqual(await wb.values("Sheet1!B2:C3"), values);
  });
});
