// The two most common set-up mistakes, end to end in Chromium on the workbench: a wrong client id and a wrong scope.
// The sandbox answers as Azure AD does (400 unauthorized_client AADSTS700016, 400 invalid_resource AADSTS500011), the
// relay turns the answer into advice, and the pane says what to fix. A scope that is not api://…/.default at all never
// leaves the pane.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser, type Browser } from "../support/browser";
import { closeWorkbench } from "../support/connected-workbench";
import { startStack, type Stack } from "../support/stack";

let stack: Stack;
let browser: Browser;
let page: Page;

const status = () => page.getByRole("status", { name: "Connection status" });

async function connectWith(fields: { clientId?: string; scope?: string }) {
  await page.getByLabel("Client id").fill(fields.clientId ?? stack.reader.clientId);
  await page.getByLabel("Client secret").fill(stack.reader.clientSecret);
  await page.getByLabel("Scope").fill(fields.scope ?? stack.reader.scope);
  await page.getByRole("button", { name: "Connect" }).click();
}

/** What the sandbox's token endpoint answered, as recorded in its request log (status only; bodies are not kept). */
async function tokenStatuses(): Promise<number[]> {
  const response = await fetch(`${stack.sandbox.url}/_sandbox/requests`);
  const log = (await response.json()) as Array<{ url: string; status: number }>;
  return log.filter((entry) => entry.url.includes("/oauth2/v2.0/token")).map((entry) => entry.status);
}

before(async () => {
  stack = await startStack({ staticDir: "dist" });
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`${stack.relayUrl}/workbench.html`);
  await page.getByRole("button", { name: "Connect" }).waitFor();
});
after(() => closeWorkbench(browser, stack));

describe("connect: the pane names what to fix", () => {
  test("a wrong client id: the pane says the client id is not known and to check it", async () => {
    await connectWith({ clientId: "sandbox-raeder" });
    await status()
      .getByText(/Client id sandbox-raeder is not known/)
      .waitFor();
    const text = await status().innerText();
    assert.match(text, /Check the client id/);
    assert.doesNotMatch(text, /AADSTS|Trace ID|secret-not-real/);
    assert.equal((await tokenStatuses()).at(-1), 400, "Azure AD's status for an unknown client");
    await browser.screenshot(page, "connect-wrong-client-id");
    assert.equal(await page.getByText(/Connected to/).count(), 0);
  });

  test("a scope naming another resource: the pane says the scope was not accepted and how it looks", async () => {
    const wrong = stack.reader.scope.replace(/[0-9a-f]{12}\/\.default$/, "000000000000/.default");
    assert.notEqual(wrong, stack.reader.scope);
    await connectWith({ scope: wrong });
    await status()
      .getByText(new RegExp(`The scope ${wrong.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} was not accepted`))
      .waitFor();
    assert.match(await status().innerText(), /Check the scope Kalibrate gave you; it looks like api:\/\/…\/\.default/);
    assert.equal((await tokenStatuses()).at(-1), 400);
    await browser.screenshot(page, "connect-wrong-scope");
  });

  test("a malformed scope is caught in the form, before any token request", async () => {
    const before = (await tokenStatuses()).length;
    await connectWith({ scope: "sandbox read" });
    await page.getByText("The scope looks like api://…/.default; copy it exactly as Kalibrate sent it.").waitFor();
    assert.equal((await tokenStatuses()).length, before, "nothing was sent to the token endpoint");
  });

  test("after the fixes, the same form connects", async () => {
    await connectWith({});
    await page.getByText(/Connected to Local sandbox as sandbox-reader/).waitFor();
    browser.assertLoopbackOnly();
  });
});
