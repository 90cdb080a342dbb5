// KALIBRATE.SITE in the workbench, in Chromium: typed into a clicked cell, the site shows with its pump icon; the
// icon opens the card with its Prices and Competitors sections (a competitor's own card through its icon); =A1.Brand
// typed next to it reads the brand.
/* eslint-disable @typescript-eslint/no-explicit-any -- window.workbench is untyped in the page */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { Browser } from "../support/browser";
import { closeWorkbench, openConnectedWorkbench } from "../support/connected-workbench";
import type { Stack } from "../support/stack";

let stack: Stack;
let browser: Browser;
let page: Page;

const grid = () => page.locator('[role="grid"][aria-label^="Worksheet"]');
const cell = (address: string) => grid().locator(`[data-address="${address}"]`);
const idle = () => page.evaluate(() => (window as any).workbench.idle());

async function typeInto(address: string, text: string) {
  await cell(address).click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await idle();
  // Under load a cell can still draw #BUSY! for a frame after the engine settles; wait for the grid to catch up.
  await page.waitForFunction((a) => {
    const el = document.querySelector(`[role="grid"] [data-address="${a}"]`);
    return el !== null && !(el as HTMLElement).innerText.includes("#BUSY!");
  }, address);
}

before(async () => {
  ({ stack, browser, page } = await openConnectedWorkbench({ staticDir: "dist" }, { width: 1200, height: 800 }));
});
after(() => closeWorkbench(browser, stack));

test("a SITE cell shows the site with its icon, its card shows prices and competitors, =A1.Brand reads the brand", async () => {
  const site = stack.sandbox.data.ownSites.find((s) => s.data.name === "Bristol High Street")!;
  const brandId = (site.data.brand as { entityId: string }).entityId;
  const brand = String(stack.sandbox.data.brands.find((b) => b.id.entityId === brandId)!.data.name);
  const competitors = (site.data.competitorSites as Array<{ entityId: string }>).map((ref) =>
    String(stack.sandbox.data.competitorSites.find((c) => c.id.entityId === ref.entityId)!.data.name),
  );

  await typeInto("A1", '=KALIBRATE.SITE("Bristol High Street")');
  assert.equal(await cell("A1").innerText(), "Bristol High Street");
  const icon = cell("A1").getByRole("button", { name: "Show card for Bristol High Street" });
  await icon.click();

  const card = page.getByRole("dialog", { name: "Card for Bristol High Street" });
  await card.waitFor();
  const prices = card.getByRole("region", { name: "Prices" });
  const diesel = await prices.locator('[data-field="Diesel"]').innerText();
  assert.match(diesel, /Diesel\s+\d\.\d{3}/, `the Diesel price shows with three decimals (${diesel})`);
  assert.match(await prices.locator('[data-field="Price as of"]').innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  const competitorText = await card.getByRole("region", { name: "Competitors" }).innerText();
  for (const name of competitors) assert.ok(competitorText.includes(name), `the card lists competitor ${name}`);
  assert.equal(await card.getByText("Entity ID").count(), 0, "the entity id is hidden from the card");

  await card.getByRole("button", { name: `Show card for ${competitors[0]}` }).click();
  const nested = page.getByRole("dialog", { name: `Card for ${competitors[0]}` });
  await nested.waitFor();
  assert.match(await nested.locator('[data-field="Diesel"]').innerText(), /\d\.\d{3}/, "a competitor has its prices");
  await nested.getByRole("button", { name: "Close" }).click();
  await nested.waitFor({ state: "detached" });

  await typeInto("B1", "=A1.Brand");
  assert.equal(await cell("B1").innerText(), brand);
  const typed = await page.evaluate(() => (window as any).workbench.getValues("B1"));
  assert.deepEqual(typed, [[brand]]);
});
