// The workbench in Chromium: the real task pane beside a simulated workbook, talking to the relay and the sandbox over
// loopback. This is issue 5's user journey: connect, the tutorial's queries, a PRICE grid, a wrong secret, an expired
// token renewed without the user noticing, and Refresh.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser, type Browser } from "../support/browser";
import { closeWorkbench } from "../support/connected-workbench";
import { startStack, type Stack } from "../support/stack";

let clock = Date.now();
let stack: Stack;
let browser: Browser;
let page: Page;

type Cell = string | number | boolean | { error: string; message?: string };
const wb = {
  set: (address: string, formula: string) =>
    page.evaluate(([a, f]) => (window as any).workbench.setCell(a, f), [address, formula]), // eslint-disable-line @typescript-eslint/no-explicit-any
  values: (range: string) => page.evaluate((r) => (window as any).workbench.getValues(r), range) as Promise<Cell[][]>, // eslint-disable-line @typescript-eslint/no-explicit-any
  refresh: () => page.evaluate(() => (window as any).workbench.refresh()) as Promise<string>, // eslint-disable-line @typescript-eslint/no-explicit-any
  recalc: () => page.evaluate(() => (window as any).workbench.recalc()), // eslint-disable-line @typescript-eslint/no-explicit-any
  requests: () => page.evaluate(() => (window as any).workbench.requests()) as Promise<Array<{ url: string }>>, // eslint-disable-line @typescript-eslint/no-explicit-any
};

async function connect() {
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByText(/Connected to Local sandbox as sandbox-reader/).waitFor();
}

before(async () => {
  stack = await startStack({ staticDir: "dist", now: () => clock });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`${stack.relayUrl}/workbench.html`);
  await page.getByRole("button", { name: "Connect" }).waitFor();
});
after(() => closeWorkbench(browser, stack));

describe("workbench: connect and pull", () => {
  test("before connecting, a KALIBRATE cell says to connect in the pane", async () => {
    await wb.set("A1", '=KALIBRATE.QUERY("Site")');
    const [[cell]] = await wb.values("A1");
    assert.deepEqual(cell, {
      error: "#N/A",
      message: "Connect in the Kalibrate pane (Home › Kalibrate), then press Refresh.",
    });
  });

  test("connecting with the prefilled sandbox credentials turns that cell into data", async () => {
    await connect();
    await page.evaluate(() => (window as any).workbench.idle()); // eslint-disable-line @typescript-eslint/no-explicit-any
    const [[header]] = await wb.values("A1");
    assert.equal(header, "id.entityId");
    browser.assertLoopbackOnly();
  });

  test("the workbook remembers environment, client id and scope, never the secret or a token", async () => {
    const settings = await page.evaluate(() => (window as any).__fakeExcel.workbook.settings()); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.deepEqual(settings["kalibrate.connection"], {
      environment: "sandbox",
      clientId: stack.reader.clientId,
      scope: stack.reader.scope,
    });
    const everything = JSON.stringify(settings) + JSON.stringify(await wb.values("A1:Z60"));
    assert.equal(everything.includes(stack.reader.clientSecret), false);
    assert.equal(/eyJ[\w-]+\.[\w-]+/.test(everything), false, "no JWT in settings or cells");
    for (const { url } of await wb.requests()) assert.equal(url.includes(stack.reader.clientSecret), false);
  });

  test("the tutorial's own-product query, with global product names", async () => {
    await wb.set(
      "A1",
      '=KALIBRATE.QUERY("Product","(entityVariant=Own)+(limit=0)","id.entityId,data.name,data.product.name")',
    );
    const own = stack.sandbox.data.ownProducts;
    const rows = await wb.values(`A1:C${own.length + 2}`);
    assert.deepEqual(rows[0], ["id.entityId", "data.name", "data.product.name"]);
    const names = new Set(stack.sandbox.data.globalProducts.map((g) => g.data.name));
    for (const row of rows.slice(1, own.length + 1)) assert.ok(names.has(String(row[2])), `${row[2]}`);
    assert.deepEqual(rows[own.length + 1], ["", "", ""]);
  });

  test("own sites with brand names, and a PRICE grid equal to the current prices", async () => {
    await wb.set(
      "E1",
      '=KALIBRATE.QUERY("Site","(entityVariant=Own)+(orderBy=name)+(limit=5)","data.name,data.brand.name")',
    );
    const sites = (await wb.values("E2:E6")).map(([name]) => String(name));
    const globals = stack.sandbox.data.globalProducts.slice(0, 3);
    for (const [c, g] of globals.entries()) await wb.set(`${"GHI"[c]}1`, String(g.data.name));
    for (const r of sites.keys()) {
      for (const c of [0, 1, 2]) await wb.set(`${"GHI"[c]}${r + 2}`, `=KALIBRATE.PRICE($E${r + 2},${"GHI"[c]}$1)`);
    }
    const grid = await wb.values("G2:I6");
    for (const [r, site] of sites.entries()) {
      const siteDoc = stack.sandbox.data.ownSites.find((s) => s.data.name === site)!;
      for (const [c, g] of globals.entries()) {
        const own = stack.sandbox.data.ownProducts.find(
          (p) =>
            (p.data.site as { entityId: string }).entityId === siteDoc.id.entityId &&
            (p.data.product as { entityId: string }).entityId === g.id.entityId,
        );
        if (own) assert.equal(grid[r][c], own.data.currentPrice, `${site} ${g.data.name}`);
      }
    }
    await browser.screenshot(page, "workbench-connected");
  });

  test("a recalculation costs no request; Refresh fetches again and says what it took", async () => {
    const before = (await wb.requests()).length;
    await wb.recalc();
    assert.equal((await wb.requests()).length, before);
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    const outcome = page.getByRole("status", { name: "Refresh outcome" });
    await outcome.getByText(/Refreshed \d+ KALIBRATE cells with \d+ requests/).waitFor();
    assert.ok((await wb.requests()).length > before);
  });

  test("an expired token is renewed without the user noticing", async () => {
    clock += 3_700_000; // past the sandbox token's 3599 s, on the sandbox's and the relay's clock
    const message = await wb.refresh();
    assert.match(message, /Refreshed/);
    // A refresh started outside the pane (as the ribbon's is) reports in the pane too.
    await page.getByRole("status", { name: "Refresh outcome" }).getByText(message).waitFor();
    const cells = (await wb.values("G2:I6")).flat();
    assert.ok(
      cells.every((v) => typeof v === "number" || v === ""),
      JSON.stringify(cells),
    );
    const statuses = (await wb.requests()).map((r) => (r as unknown as { status: number }).status);
    assert.ok(statuses.includes(401), "the old token was refused once");
    await page.getByText(/Connected to Local sandbox as sandbox-reader/).waitFor();
  });

  test("a wrong secret says what to check, and nothing else changes", async () => {
    await page.getByRole("button", { name: "Disconnect" }).click();
    await page.getByText("Not connected.").waitFor();
    await page.getByLabel("Client secret").fill("not-the-secret");
    await page.getByRole("button", { name: "Connect" }).click();
    const status = page.getByRole("status", { name: "Connection status" });
    await status.getByText(/secret/i).waitFor();
    await browser.screenshot(page, "workbench-wrong-secret");
    const text = await status.innerText();
    assert.doesNotMatch(text, /not-the-secret/, "the secret is never echoed");
  });

  test("Remember on this device keeps the secret in device storage, with a plain warning, and only then", async () => {
    const stored = () =>
      page.evaluate(() => (window as any).OfficeRuntime.storage.getItem("kalibrate.secret:sandbox:sandbox-reader")); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(await stored(), null);
    await page.getByLabel("Client secret").fill(stack.reader.clientSecret);
    await page.getByLabel("Remember on this device").check();
    await page.getByText(/kept on this device, unencrypted/).waitFor();
    await connect();
    assert.equal(await stored(), stack.reader.clientSecret);
    await page.getByRole("button", { name: "Disconnect" }).click();
    await page.getByLabel("Remember on this device").uncheck();
    await connect();
    assert.equal(await stored(), null, "unticking forgets it");
  });

  test("the most rows a formula returns is a workbook setting the pane edits", async () => {
    const field = page.getByLabel("Most rows a KALIBRATE.QUERY cell returns");
    assert.equal(await field.inputValue(), "50000");
    await field.fill("ten");
    await field.press("Enter");
    await page.getByText(/Enter a whole number of rows from 1 to/).waitFor();
    await field.fill("10");
    await field.press("Enter");
    await page.getByText(/Enter a whole number of rows/).waitFor({ state: "detached" });
    await wb.set("K20", '=KALIBRATE.QUERY("Site","(limit=20)")');
    const [[cell]] = await wb.values("K20");
    assert.match((cell as { message: string }).message, /^20 rows is more than the 10 a formula returns/);
    const settings = await page.evaluate(() => (window as any).__fakeExcel.workbook.settings()); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(settings["kalibrate.formulaRowLimit"], 10);
    await field.fill("50000");
    await field.press("Enter");
  });

  test("nothing the page requested left loopback", () => {
    browser.assertLoopbackOnly();
  });
});
