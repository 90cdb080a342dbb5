// The pane's first screen is Connect and Refresh; the panels past it and Refresh's code load on demand (the `reports`
// chunk), only once that screen is up, and organisation sign-in's code only for a workbook that remembers one. When
// that chunk cannot be fetched (the server or the network gone after the pane opened, or a new version replaced the
// files), the pane says so and what to do, Connect still works, and reloading brings the panels back.
// The KALIBRATE functions' code is a chunk of its own (`functions-work`), loaded with the first call: when it cannot
// be fetched, the cell says so, and Refresh computes it once the files arrive again.
/* eslint-disable @typescript-eslint/no-explicit-any -- window.workbench is untyped in the page */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser, type Browser } from "../support/browser";
import { closeWorkbench } from "../support/connected-workbench";
import { startStack, type Stack } from "../support/stack";

const REPORTS_CHUNK = /\/reports\.[0-9a-f]{12}\.js$/;
const FUNCTIONS_CHUNK = /\/functions-work\.[0-9a-f]{12}\.js$/;

let stack: Stack;
let browser: Browser;
let page: Page;

before(async () => {
  stack = await startStack({ staticDir: "dist" });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
});
after(() => closeWorkbench(browser, stack));

/** Aborts every request for the chunk's file from now on; the returned function counts them. */
async function refuse(chunk: string | RegExp): Promise<() => number> {
  let refused = 0;
  await page.route(chunk, (route) => {
    refused++;
    return route.abort();
  });
  return () => refused;
}

describe("the first screen", () => {
  test("Connect is on screen before any on-demand chunk is asked for; sign-in's code is not asked for at all", async () => {
    const first = await browser.newPage({ fakeExcel: true });
    // When the Connect button entered the page, on the page's own clock (the one resource timings use).
    await first.addInitScript(() => {
      new MutationObserver((_records, observer) => {
        if (![...document.querySelectorAll("button")].some((button) => button.textContent === "Connect")) return;
        (window as any).connectShownAt = performance.now();
        observer.disconnect();
      }).observe(document, { subtree: true, childList: true });
    });
    try {
      await first.goto(`${stack.relayUrl}/taskpane.html`);
      await first.locator('[aria-label="Query builder"]').waitFor();
      const { connectShownAt, chunks } = await first.evaluate(() => ({
        connectShownAt: (window as any).connectShownAt as number,
        chunks: performance
          .getEntriesByType("resource")
          .map((entry) => ({ name: entry.name.split("/").pop() ?? "", startTime: entry.startTime }))
          .filter(({ name }) => /^(reports|reports-vendor|lazy-shared|signin|msal)\.[0-9a-f]{12}\.js$/.test(name)),
      }));
      assert.ok(connectShownAt > 0, "Connect was shown");
      assert.ok(
        chunks.some(({ name }) => REPORTS_CHUNK.test(`/${name}`)),
        "the panels' chunk loaded after the first screen",
      );
      for (const { name, startTime } of chunks) {
        assert.ok(startTime > connectShownAt, `${name} was asked for before Connect was on screen`);
      }
      assert.deepEqual(
        chunks.filter(({ name }) => /^(signin|msal)\./.test(name)),
        [],
        "a workbook that remembers no organisation sign-in loads none of its code",
      );
    } finally {
      await first.close();
    }
  });
});

describe("a part of the pane that cannot load", () => {
  test("the panels' chunk refused: the pane says to reload it, and Connect still works", async () => {
    const refused = await refuse(REPORTS_CHUNK);
    await page.goto(`${stack.relayUrl}/workbench.html`);
    const alert = page.getByRole("alert").filter({ hasText: /could not be loaded/ });
    await alert.waitFor();
    assert.match(await alert.innerText(), /Reload the pane to try again/);
    assert.ok(refused() > 0, "the pane asked for the reports chunk");
    assert.equal(await page.locator('[aria-label="Query builder"]').count(), 0);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByText(/Connected to Local sandbox/).waitFor();
    // Refresh's code is in the same chunk: pressing it says why it cannot run instead of failing silently.
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await page
      .getByRole("status", { name: "Refresh outcome" })
      .getByText(/Refresh failed: Refresh could not be loaded.*Reload the pane/)
      .waitFor();
    // The pane scrolls on its own: bring what went wrong into view, or the picture shows a healthy pane.
    await alert.scrollIntoViewIfNeeded();
    await browser.screenshot(page, "pane-chunk-refused");
  });

  test("once the files arrive again, Reload the pane brings the panels back", async () => {
    await page.unroute(REPORTS_CHUNK);
    await page.getByRole("button", { name: "Reload the pane" }).first().click();
    await page.getByRole("button", { name: "Connect" }).waitFor();
    await page.locator('[aria-label="Query builder"]').waitFor();
    assert.equal(await page.getByText(/could not be loaded/).count(), 0);
  });
});

describe("the functions' code that cannot load", () => {
  test("a KALIBRATE cell says its code did not arrive; Refresh, once the files are back, computes it", async () => {
    const refused = await refuse(FUNCTIONS_CHUNK);
    await page.goto(`${stack.relayUrl}/workbench.html`);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByText(/Connected to Local sandbox/).waitFor();
    const formula = '=KALIBRATE.QUERY("Product","(entityVariant=Own)+(limit=1)","id.entityId")';
    await page.evaluate((f) => (window as any).workbench.setCell("A1", f), formula);
    await page.evaluate(() => (window as any).workbench.idle());
    const [[failed]] = (await page.evaluate(() => (window as any).workbench.getValues("A1"))) as any[][];
    assert.ok(refused() > 0, "the first call asked for the functions' chunk");
    assert.equal(failed.error, "#N/A");
    assert.match(failed.message, /The Kalibrate functions could not be loaded: .*Press Refresh to try again\./);

    await page.unroute(FUNCTIONS_CHUNK);
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await page
      .getByRole("status", { name: "Refresh outcome" })
      .getByText(/^Refreshed/)
      .waitFor({ timeout: 60_000 });
    await page.evaluate(() => (window as any).workbench.idle());
    const values = (await page.evaluate(() => (window as any).workbench.getValues("A1:A2"))) as unknown[][];
    assert.deepEqual(values[0], ["id.entityId"]);
    assert.equal(typeof values[1][0], "string");
  });
});
