// Issue 15 in Chromium on the workbench: Share as values on three sheets of formulas and reports leaves no KALIBRATE
// formula and stamps each sheet; the saved file, opened in a fresh workbook without the add-in, shows only values;
// Restore formulas brings every formula and report back, compared cell by cell with the original.
/* eslint-disable @typescript-eslint/no-explicit-any -- window.workbench is untyped in the page */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { Browser } from "../support/browser";
import { closeWorkbench, openConnectedWorkbench } from "../support/connected-workbench";
import type { Stack } from "../support/stack";

let stack: Stack;
let browser: Browser;
let page: Page;

type Cells = Record<string, Array<[string, unknown]>>;
const wb = {
  setCell: (a: string, v: string) => page.evaluate(([a, v]) => (window as any).workbench.setCell(a, v), [a, v]),
  addSheet: (name: string) => page.evaluate((n) => (window as any).workbench.addSheet(n), name),
  select: (address: string) => page.evaluate((a) => (window as any).workbench.select(a), address),
  idle: () => page.evaluate(() => (window as any).workbench.idle()),
  cells: () => page.evaluate(() => (window as any).workbench.cells()) as Promise<Cells>,
  comments: () =>
    page.evaluate(() => (window as any).workbench.comments()) as Promise<Array<{ address: string; content: string }>>,
  settings: () => page.evaluate(() => (window as any).workbench.settings()) as Promise<Record<string, unknown>>,
  openSavedWithoutAddin: () =>
    page.evaluate(() =>
      (window as any).workbench.openWithoutAddin((window as any).workbench.saveFile()),
    ) as Promise<Cells>,
};

const builder = () => page.locator('[aria-label="Query builder"]');
const shareCard = () => page.locator('[aria-label="Share"]');
const kalibrate = (cells: Cells) =>
  Object.values(cells)
    .flat()
    .filter(([formula]) => /KALIBRATE\./i.test(String(formula)));
const reportSettings = (settings: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(settings).filter(([k]) => k.startsWith("kalibrate.report.")));

before(async () => {
  ({ stack, browser, page } = await openConnectedWorkbench(
    { staticDir: "dist", sandbox: { size: 2000 } },
    { width: 1400, height: 1000 },
  ));
});
after(() => closeWorkbench(browser, stack));

describe("Share as values and Restore formulas", () => {
  let original: Cells;
  let originalReports: Record<string, unknown>;

  test("three sheets of formulas and reports", async () => {
    for (const [r, site] of ["OWN0001", "OWN0002"].entries()) {
      await wb.setCell(`Sheet1!A${r + 2}`, site);
      await wb.setCell(`Sheet1!B${r + 2}`, `=KALIBRATE.PRICE(A${r + 2},"Diesel")`);
    }
    await wb.addSheet("Brands");
    await wb.setCell("Brands!A1", '=KALIBRATE.QUERY("reference/brand","(limit=4)","data.name,data.importCode")');
    await wb.setCell("Brands!D1", '=KALIBRATE.LOOKUP("Site","OWN0001","data.name")');
    await wb.idle();
    await builder().getByRole("combobox", { name: "Collection" }).click();
    await page.getByRole("option", { name: "Product", exact: true }).click();
    await builder().getByLabel("Query").fill("(entityVariant=Own)+(limit=10)");
    await builder().getByLabel("Columns").fill("id.entityId,data.name,data.currentPrice");
    await builder().getByRole("radio", { name: "On a new sheet" }).check();
    await builder().getByRole("button", { name: "Insert as report" }).click();
    await page
      .locator('[aria-label="Report outcome"]')
      .getByText(/Inserted/)
      .waitFor({ timeout: 60_000 });
    await wb.idle();
    original = await wb.cells();
    originalReports = reportSettings(await wb.settings());
    assert.equal(Object.keys(original).length, 3);
    assert.equal(kalibrate(original).length, 4);
    assert.equal(Object.keys(originalReports).length, 1);
  });

  test("Share as values: no KALIBRATE formula left, values as they were, each sheet stamped", async () => {
    await shareCard().getByRole("button", { name: "Share as values" }).click();
    await shareCard()
      .getByRole("status", { name: "Share outcome" })
      .getByText(/^Shared 4 KALIBRATE formulas and 1 report table on 3 sheets/)
      .waitFor({ timeout: 60_000 });
    const shared = await wb.cells();
    assert.deepEqual(kalibrate(shared), []);
    for (const sheet of Object.keys(original)) {
      assert.deepEqual(
        shared[sheet].map(([, v]) => v),
        original[sheet].map(([, v]) => v),
        sheet,
      );
    }
    const stamps = (await wb.comments()).filter((c) => c.content.startsWith("Kalibrate share:"));
    assert.equal(stamps.length, 3);
    assert.ok(stamps.every((s) => /Environment: sandbox\./.test(s.content)));
    assert.deepEqual(reportSettings(await wb.settings()), {});
    await browser.screenshot(page, "share-as-values");
  });

  test("the saved file in a fresh workbook without the add-in shows only values", async () => {
    const opened = await wb.openSavedWithoutAddin();
    assert.deepEqual(kalibrate(opened), []);
    const errors = Object.values(opened)
      .flat()
      .filter(([, v]) => typeof v === "string" && v.startsWith("#"));
    assert.deepEqual(errors, []);
    for (const sheet of Object.keys(original)) {
      assert.deepEqual(
        opened[sheet].map(([, v]) => v),
        original[sheet].map(([, v]) => v),
        sheet,
      );
    }
  });

  test("Restore formulas brings every formula and report back, cell by cell", async () => {
    await shareCard().getByRole("button", { name: "Restore formulas" }).click();
    await shareCard()
      .getByRole("status", { name: "Share outcome" })
      .getByText(/^Restored 4 KALIBRATE formulas and 1 report/)
      .waitFor({ timeout: 60_000 });
    await wb.idle();
    assert.deepEqual(await wb.cells(), original);
    assert.deepEqual(reportSettings(await wb.settings()), originalReports);
    assert.deepEqual(
      (await wb.comments()).filter((c) => c.content.startsWith("Kalibrate share:")),
      [],
    );
  });
});
