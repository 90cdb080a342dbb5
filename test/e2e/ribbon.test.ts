// The ribbon's Kalibrate group in Chromium on the workbench (the buttons manifest.xml declares, running the commands
// Excel runs): Refresh marks the moved cells of a QUERY's spill, What moved brings the pane's What moved panel into
// view with the focus on it, Clear marks removes every mark and says so in that panel, Share as values brings the
// Share panel, and Restore formulas on a workbook that was never shared says there is nothing to restore.
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

const QUERY =
  '=KALIBRATE.QUERY("Product","(entityVariant=Own)+(limit=0)","id.entityId,data.site.importCode,data.name,data.currentPrice")';

const wb = {
  values: (range: string) =>
    page.evaluate((r) => (window as any).workbench.getValues(r), range) as Promise<unknown[][]>,
  setCell: (a: string, v: string) => page.evaluate(([a, v]) => (window as any).workbench.setCell(a, v), [a, v]),
  idle: () => page.evaluate(() => (window as any).workbench.idle()),
  marks: () =>
    page.evaluate(() => (window as any).workbench.conditionalFormats()) as Promise<Array<{ address: string }>>,
};

const ribbon = (label: string) =>
  page
    .getByRole("toolbar", { name: "Ribbon: Home › Kalibrate" })
    .getByRole("button", { name: `${label} (ribbon)`, exact: true });
const changesCard = () => page.locator('[aria-label="What moved"]');
const shareCard = () => page.locator('[aria-label="Share"]');

/** Whether the element with this aria-label has the focus and is within the pane's visible part. */
async function focusedAndShown(label: string): Promise<{ focused: boolean; shown: boolean }> {
  return page.evaluate((name) => {
    const card = document.querySelector(`[aria-label="${name}"]`)!;
    const pane = document.querySelector("aside")!.getBoundingClientRect();
    const box = card.getBoundingClientRect();
    return { focused: document.activeElement === card, shown: box.top >= pane.top - 1 && box.top < pane.bottom };
  }, label);
}

async function pressRefresh(): Promise<string> {
  await ribbon("Refresh").click();
  const status = page.getByRole("status", { name: "Refresh outcome" });
  await status.getByText(/^Refreshed/).waitFor({ timeout: 60_000 });
  await wb.idle();
  return status.innerText();
}

before(async () => {
  ({ stack, browser, page } = await openConnectedWorkbench(
    { staticDir: "dist", sandbox: { size: 2000 } },
    { width: 1400, height: 900 },
  ));
});
after(() => closeWorkbench(browser, stack));

describe("the ribbon's Kalibrate group", () => {
  let moved: { row: number; price: number };

  test("shows the manifest's buttons; Refresh marks the moved cell of a QUERY's spill", async () => {
    const labels = await page
      .getByRole("toolbar", { name: "Ribbon: Home › Kalibrate" })
      .getByRole("button")
      .allInnerTexts();
    assert.deepEqual(labels, [
      "Kalibrate",
      "Refresh",
      "What moved",
      "Clear marks",
      "Share as values",
      "Restore formulas",
    ]);
    await wb.setCell("Sheet1!A1", QUERY);
    await wb.idle();
    await pressRefresh();
    assert.deepEqual(await wb.marks(), [], "nothing moved yet");
    const spill = await wb.values("Sheet1!A1:D400");
    const row = spill.findIndex((r) => r[1] === "OWN0001" && r[2] === "Diesel");
    assert.ok(row > 0, "OWN0001's Diesel is in the spill");
    moved = { row, price: Math.round(((spill[row][3] as number) + 0.02) * 1000) / 1000 };
    await movePrices(stack.sandbox.url, [{ siteID: "OWN0001", productCode: "DSL", price: moved.price }]);
    await pressRefresh();
    assert.equal((await wb.values(`Sheet1!D${row + 1}`))[0][0], moved.price);
    assert.deepEqual(
      (await wb.marks()).map((m) => m.address),
      [`Sheet1!D${row + 1}`],
    );
    await browser.screenshot(page, "ribbon-refreshed");
  });

  test("What moved brings the What moved panel into view with the focus on it; its list has the move", async () => {
    await page.locator("aside").evaluate((pane) => pane.scrollTo({ top: 0 }));
    await ribbon("What moved").click();
    await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "What moved");
    assert.deepEqual(await focusedAndShown("What moved"), { focused: true, shown: true });
    const items = await changesCard().getByRole("list", { name: "Changes" }).getByRole("listitem").allInnerTexts();
    assert.equal(items.length, 1);
    assert.match(items[0], /OWN0001 · Diesel data\.currentPrice: [\d.]+ → [\d.]+ \(\+0\.02\) · Sheet1!D\d+/);
  });

  test("Clear marks removes every mark, says so in the What moved panel, and leaves the values", async () => {
    const values = await wb.values("Sheet1!A1:D400");
    await ribbon("Clear marks").click();
    await changesCard().getByLabel("Changes outcome").getByText("Removed 1 mark; values are unchanged.").waitFor();
    assert.deepEqual(await wb.marks(), []);
    assert.deepEqual(await wb.values("Sheet1!A1:D400"), values);
  });

  test("Share as values brings the Share panel; Restore formulas there says a never-shared workbook has nothing", async () => {
    await page.locator("aside").evaluate((pane) => pane.scrollTo({ top: 0 }));
    await ribbon("Share as values").click();
    await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Share");
    assert.deepEqual(await focusedAndShown("Share"), { focused: true, shown: true });
    await ribbon("Restore formulas").click();
    await shareCard()
      .getByRole("status", { name: "Share outcome" })
      .getByText(/This workbook has no restore map/)
      .waitFor();
    assert.equal((await wb.values("Sheet1!A1"))[0][0], "id.entityId", "the QUERY is untouched");
  });
});
