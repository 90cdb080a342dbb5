// Organisation sign-in in Chromium on the workbench (issue 12): the real pane, MSAL v5's popup against the local
// identity provider (oidc-provider over https, test/support/stack.ts), the relay validating the user's token and
// calling the sandbox with its own credentials. Sign in, a QUERY cell, a report, the sign-in resumed without a window
// when the pane loads again, sign out (cells then say to sign in, also after the next load), a user without the role
// told so in the pane, and an expired access token renewed silently (a second stack whose provider issues tokens of
// a few seconds).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser, type Browser } from "../support/browser";
import { closeWorkbench } from "../support/connected-workbench";
import { MANAGED_ENVIRONMENT, startStack, type Stack } from "../support/stack";

const SIGN_IN_MESSAGE = "Sign in in the Kalibrate pane (Home › Kalibrate), then press Refresh.";
let stack: Stack;
let browser: Browser;
let page: Page;

type Cell = string | number | boolean | { error: string; message?: string };
/* eslint-disable @typescript-eslint/no-explicit-any */
const wb = {
  set: (address: string, formula: string) =>
    page.evaluate(([a, f]) => (window as any).workbench.setCell(a, f), [address, formula]),
  values: (range: string) => page.evaluate((r) => (window as any).workbench.getValues(r), range) as Promise<Cell[][]>,
  refresh: () => page.evaluate(() => (window as any).workbench.refresh()) as Promise<string>,
  idle: () => page.evaluate(() => (window as any).workbench.idle()),
  select: (address: string) => page.evaluate((a) => (window as any).workbench.select(a), address),
  tables: () =>
    page.evaluate(() => (window as any).workbench.tables()) as Promise<Array<{ name: string; rowCount: number }>>,
};
/* eslint-enable @typescript-eslint/no-explicit-any */

const user = (prefix: string) => stack.identity!.users.find((u) => u.username.startsWith(prefix))!;
const builder = () =>
  page.getByRole("group", { name: "Query builder" }).or(page.locator('[aria-label="Query builder"]'));
const connectionStatus = () => page.getByRole("status", { name: "Connection status" });

async function openPane(relayUrl = stack.relayUrl) {
  page = await browser.newPage();
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`${relayUrl}/workbench.html`);
  await page.getByRole("combobox", { name: "Environment" }).click();
  await page.getByRole("option", { name: MANAGED_ENVIRONMENT.label }).click();
}

/** Clicks the pane's sign-in button and signs in on the identity provider's page in the popup MSAL opens. */
async function signInThroughPopup(username: string, password: string) {
  const popupOpened = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Sign in with your organisation" }).click();
  const popup = await popupOpened;
  await popup.getByLabel("Username").fill(username);
  await popup.getByLabel("Password").fill(password);
  await popup.getByRole("button", { name: "Sign in" }).click();
  await popup.waitForEvent("close", { timeout: 30_000 });
}

const SIGN_IN_SETTING = "kalibrate.signIn";

/**
 * Reloads the workbench as Excel reopens a workbook. The workbench's workbook lives in the page's memory, so a reload
 * starts an empty one; Excel keeps document settings in the file. So the settings given are put into the new
 * workbook (through its Excel API) the moment the fake host exists, before any add-in code runs. MSAL's cache is in
 * sessionStorage, which a reload of the same tab keeps.
 */
async function reloadWithSettings(settings: Record<string, unknown>) {
  // As text, not a function: tsx's compiled functions call a helper (__name) that the page does not have.
  await page.addInitScript({
    content: `(() => {
      const saved = ${JSON.stringify(settings)};
      let host;
      Object.defineProperty(window, "__fakeExcel", {
        configurable: true,
        get: () => host,
        set(value) {
          host = value;
          void value.Excel.run(async (context) => {
            for (const [key, setting] of Object.entries(saved)) context.workbook.settings.add(key, setting);
            await context.sync();
          });
        },
      });
    })();`,
  });
  await page.reload();
}

/** The `exp` of a bearer token, in ms. */
const expiry = (authorization: string) =>
  (JSON.parse(Buffer.from(authorization.split(".")[1], "base64url").toString()) as { exp: number }).exp * 1000;

before(async () => {
  stack = await startStack({ staticDir: "dist", signIn: true });
  browser = await launchBrowser();
  await openPane();
});
after(() => closeWorkbench(browser, stack));

describe("organisation sign-in", () => {
  test("a managed environment asks for an organisation sign-in instead of a client secret", async () => {
    await page.getByRole("button", { name: "Sign in with your organisation" }).waitFor();
    assert.equal(await page.getByLabel("Client secret").isVisible(), false);
    assert.equal(await page.getByRole("button", { name: "Connect" }).isVisible(), false);
    await wb.set("C1", '=KALIBRATE.QUERY("Site")');
    assert.deepEqual((await wb.values("C1"))[0][0], { error: "#N/A", message: SIGN_IN_MESSAGE });
    await wb.set("C1", "");
    await browser.screenshot(page, "signin-managed-environment");
  });

  test("signing in through the local provider's popup shows who is signed in", async () => {
    const analyst = user("analyst");
    await signInThroughPopup(analyst.username, analyst.password);
    await connectionStatus()
      .getByText(`Signed in to ${MANAGED_ENVIRONMENT.label} as ${analyst.username}`)
      .waitFor({ timeout: 30_000 });
    assert.ok(await page.getByRole("button", { name: "Sign out" }).isVisible());
    await browser.screenshot(page, "signin-signed-in");
  });

  test("a QUERY cell spills data through the relay's managed environment", async () => {
    await wb.set("A1", '=KALIBRATE.QUERY("Site","(limit=3)","id.entityId,data.name")');
    await wb.idle();
    const rows = await wb.values("A1:B4");
    assert.deepEqual(rows[0], ["id.entityId", "data.name"]);
    assert.equal(rows.slice(1).filter((row) => typeof row[0] === "string" && row[0] !== "").length, 3);
    const everything = JSON.stringify(await page.evaluate(() => (window as any).__fakeExcel.workbook.settings())); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.equal(/eyJ[\w-]+\.[\w-]+/.test(everything), false, "no token in the workbook's settings");
  });

  test("a report is inserted while signed in", async () => {
    await wb.select("E1");
    await builder().getByLabel("Query").fill("(limit=25)");
    await builder().getByRole("button", { name: "Insert as report" }).click();
    await page.getByText(/Inserted 25 rows/).waitFor({ timeout: 60_000 });
    assert.ok((await wb.tables()).some((table) => table.rowCount === 25));
  });

  test("the pane loads again: the remembered sign-in comes back without a popup and cells work", async () => {
    const settings = await page.evaluate(() => (window as any).workbench.settings()); // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.deepEqual(settings[SIGN_IN_SETTING], { environment: MANAGED_ENVIRONMENT.id }, "only the environment's id");
    let popups = 0;
    page.on("popup", () => popups++);
    await reloadWithSettings({ [SIGN_IN_SETTING]: settings[SIGN_IN_SETTING] });
    const analyst = user("analyst");
    await connectionStatus()
      .getByText(`Signed in to ${MANAGED_ENVIRONMENT.label} as ${analyst.username}`)
      .waitFor({ timeout: 30_000 });
    await wb.set("A1", '=KALIBRATE.QUERY("Site","(limit=3)","id.entityId,data.name")');
    await wb.idle();
    const rows = await wb.values("A1:B4");
    assert.deepEqual(rows[0], ["id.entityId", "data.name"]);
    assert.equal(rows.slice(1).filter((row) => typeof row[0] === "string" && row[0] !== "").length, 3);
    assert.equal(popups, 0, "no sign-in window opened");
  });

  test("signing out: the cells say to sign in in the Kalibrate pane", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Sign in with your organisation" }).waitFor();
    await connectionStatus()
      .getByText(/Signed out/)
      .waitFor();
    await wb.refresh();
    await wb.idle();
    const [[cell]] = await wb.values("A1");
    assert.deepEqual(cell, { error: "#N/A", message: SIGN_IN_MESSAGE });
    browser.assertLoopbackOnly();
  });

  test("signed out, the pane loads again: it offers the organisation sign-in and cells say to sign in", async () => {
    let popups = 0;
    page.on("popup", () => popups++);
    await reloadWithSettings({ [SIGN_IN_SETTING]: { environment: MANAGED_ENVIRONMENT.id } });
    await page.getByRole("button", { name: "Sign in with your organisation" }).waitFor({ timeout: 30_000 });
    assert.match(
      await page.getByRole("combobox", { name: "Environment" }).innerText(),
      new RegExp(MANAGED_ENVIRONMENT.label.replace(/[()]/g, "\\$&")),
    );
    await wb.set("A1", '=KALIBRATE.QUERY("Site")');
    const [[cell]] = await wb.values("A1");
    assert.deepEqual(cell, { error: "#N/A", message: SIGN_IN_MESSAGE });
    assert.equal(popups, 0, "no sign-in window opened by itself");
  });

  test("a user without the role is refused with a clear message, and nobody is signed in", async () => {
    await page.close();
    await browser.context.clearCookies(); // another person at another browser: no session at the provider
    await openPane();
    const visitor = user("visitor");
    await signInThroughPopup(visitor.username, visitor.password);
    const message = connectionStatus().getByText(/does not have the Kalibrate\.Read role/);
    await message.waitFor({ timeout: 30_000 });
    assert.match(await message.innerText(), /visitor@contoso\.example .* Ask IT to assign it to you/);
    assert.ok(await page.getByRole("button", { name: "Sign in with your organisation" }).isVisible());
    await browser.screenshot(page, "signin-no-role");
    await wb.set("A1", '=KALIBRATE.QUERY("Site")');
    const [[cell]] = await wb.values("A1");
    assert.deepEqual(cell, { error: "#N/A", message: SIGN_IN_MESSAGE });
  });
});

describe("silent renewal after the access token expires", () => {
  const TOKEN_SECONDS = 8;
  let shortLived: Stack;
  before(async () => {
    shortLived = await startStack({ staticDir: "dist", signIn: { accessTokenTtlSeconds: TOKEN_SECONDS } });
    await page.close();
    await browser.context.clearCookies();
    await openPane(shortLived.relayUrl);
  });
  after(async () => {
    await shortLived?.close();
  });

  test("a KALIBRATE request after expiry succeeds with a renewed token, and no window opens", async () => {
    const bearers: string[] = [];
    const tokenGrants: string[] = [];
    page.on("request", (request) => {
      const authorization = request.headers().authorization;
      if (request.url().startsWith(`${shortLived.relayUrl}/api/`) && authorization?.startsWith("Bearer ")) {
        bearers.push(authorization);
      }
      if (request.method() === "POST" && request.url().startsWith(`${shortLived.identity!.issuer}/token`)) {
        tokenGrants.push(new URLSearchParams(request.postData() ?? "").get("grant_type") ?? "");
      }
    });
    const analyst = shortLived.identity!.users.find((u) => u.username.startsWith("analyst"))!;
    await signInThroughPopup(analyst.username, analyst.password);
    await connectionStatus()
      .getByText(`Signed in to ${MANAGED_ENVIRONMENT.label} as ${analyst.username}`)
      .waitFor({ timeout: 30_000 });
    let popups = 0;
    page.on("popup", () => popups++);

    const query = '=KALIBRATE.QUERY("Site","(limit=2)","id.entityId,data.name")';
    await wb.set("A1", query);
    await wb.idle();
    assert.equal((await wb.values("A2"))[0][0] !== "", true);
    const first = bearers.at(-1)!;
    const firstExpiry = expiry(first);
    assert.ok(firstExpiry - Date.now() <= TOKEN_SECONDS * 1000, "the provider issued a short-lived token");

    // Wait until that token has expired (waiting, not a timing assertion), then ask again.
    await page.waitForTimeout(Math.max(0, firstExpiry - Date.now()) + 1_000);
    await wb.refresh();
    await wb.idle();
    const rows = await wb.values("A1:B3");
    assert.deepEqual(rows[0], ["id.entityId", "data.name"]);
    assert.equal(rows.slice(1).filter((row) => typeof row[0] === "string" && row[0] !== "").length, 2);
    const renewed = bearers.at(-1)!;
    assert.notEqual(renewed, first, "the request after expiry carried another token");
    assert.ok(expiry(renewed) > firstExpiry, "and a newer one");
    assert.ok(tokenGrants.includes("refresh_token"), `MSAL renewed with its refresh token (grants: ${tokenGrants})`);
    assert.equal(popups, 0, "no sign-in window opened");
    browser.assertLoopbackOnly();
  });
});
