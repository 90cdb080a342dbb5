import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, type Browser } from "../support/browser";
import { serveStatic } from "../support/static-server";
import pkg from "../../package.json";

describe("task pane shell in Chromium", () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveStatic>>;

  before(async () => {
    site = await serveStatic("dist");
    browser = await launchBrowser();
  });
  after(async () => {
    try {
      await browser?.close();
    } finally {
      await site?.close();
    }
  });

  test("without Excel it says to open the page from Excel and loads only loopback resources", async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/taskpane.html`);
    const card = page.getByRole("status", { name: "Open this page from Excel" });
    await card.waitFor();
    assert.match(await card.innerText(), /Upload My Add-in/);
    assert.match(await page.locator("footer").innerText(), new RegExp(`Kalibrate for Excel ${pkg.version}`));
    await browser.screenshot(page, "taskpane-no-host");
    browser.assertLoopbackOnly();
    await page.close();
  });

  test("with an Excel host it takes the Excel path and reads the workbook through Excel.run", async () => {
    const page = await browser.newPage({ fakeExcel: true });
    await page.goto(`${site.url}/taskpane.html`);
    await page.getByRole("button", { name: "Connect" }).waitFor();
    assert.equal(await page.getByText("Open this page from Excel").count(), 0);
    // This static server is no relay: the pane says so instead of waiting for environments forever.
    await page.getByText(/did not send a list of environments\. Ask IT/).waitFor();
    await browser.screenshot(page, "taskpane-excel-host");
    browser.assertLoopbackOnly();
    await page.close();
  });

  test("the loopback guard catches a page that reaches out", async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/taskpane.html`);
    await page.evaluate(() => fetch("https://example.com/beacon").catch(() => undefined));
    assert.throws(() => browser.assertLoopbackOnly(), /example\.com/);
    browser.offLoopback.length = 0;
    await page.close();
  });
});
