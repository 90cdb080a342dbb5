// The workbench started as an older Excel (workbench.html?excelApi=1.10): the fake host answers isSetSupported for
// ExcelApi 1.10, and Provenance of a spilled cell says what this Excel lacks instead of failing with ApiNotFound.
/* eslint-disable @typescript-eslint/no-explicit-any -- window.workbench and Office are the page's globals */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser, type Browser } from "../support/browser";
import { closeWorkbench } from "../support/connected-workbench";
import { startStack, type Stack } from "../support/stack";

let stack: Stack;
let browser: Browser;
let page: Page;

before(async () => {
  stack = await startStack({ staticDir: "dist", sandbox: { size: 2000 } });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${stack.relayUrl}/workbench.html?excelApi=1.10`);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByText(/Connected to Local sandbox as sandbox-reader/).waitFor();
});
after(() => closeWorkbench(browser, stack));

test("?excelApi=1.10 starts the fake host as that Excel", async () => {
  const supported = await page.evaluate(() => [
    (window as any).Office.context.requirements.isSetSupported("ExcelApi", "1.10"),
    (window as any).Office.context.requirements.isSetSupported("ExcelApi", "1.12"),
  ]);
  assert.deepEqual(supported, [true, false]);
});

test("Provenance: the formula's own cell shows its fetch; a spilled cell says what to select", async () => {
  await page.evaluate(() =>
    (window as any).workbench.setCell("A1", '=KALIBRATE.QUERY("Site","(limit=3)","data.name")'),
  );
  await page.evaluate(() => (window as any).workbench.idle());
  await page.evaluate(() => (window as any).workbench.select("Sheet1!A1"));
  await page.locator('[aria-label="Cell provenance"]').waitFor();
  await page.evaluate(() => (window as any).workbench.select("Sheet1!A3"));
  await page.getByText(/needs ExcelApi 1\.12\): select the formula's own cell/).waitFor();
  await browser.screenshot(page, "older-excel-provenance");
  browser.assertLoopbackOnly();
});
