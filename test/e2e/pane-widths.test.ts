// Issue 9, item 3, in Chromium: the task pane at the widths Excel gives it (320, 350, 450 px): the real pane in the
// workbench (on the fake Excel host), its width set as Excel or a user dragging the pane's edge sets it, with every
// panel filled with real data from the sandbox through the relay: the connect form with an error and then connected, Refresh, the query builder with a filter row and a
// preview, a report inserted, its provenance, the long "Wrote =KALIBRATE.QUERY(…)" message and a preview error. At each
// width nothing overflows sideways and every control is on screen and is what a click at its centre reaches.
/* eslint-disable @typescript-eslint/no-explicit-any -- the fake host's handle is untyped in the page */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser, RESULTS_DIR, type Browser } from "../support/browser";
import { startStack, type Stack } from "../support/stack";

const WIDTHS = [320, 350, 450];

let stack: Stack;
let browser: Browser;
let page: Page;

/**
 * Runs in the page (a string, so the test runner's transforms stay out of it): the pane and every element in it that
 * clips or scrolls sideways must not be wider inside than it is; every control must lie inside the pane's width and be
 * what elementFromPoint finds at its centre. A region meant to scroll both ways (the preview's data grid, marked
 * data-scroll-region) is the one exception to the width rule; its own box must still fit.
 */
const LAYOUT_PROBLEMS = `(async () => {
  const problems = [];
  const pane = document.querySelector('aside[aria-label="Kalibrate pane"]');
  const describe = (el) => {
    const label = el.getAttribute("aria-label") || (el.innerText || "").slice(0, 50);
    const role = el.getAttribute("role");
    return el.tagName.toLowerCase() + (role ? "[role=" + role + "]" : "") + ' "' + label.replace(/\\s+/g, " ") + '"';
  };
  const box = pane.getBoundingClientRect();
  const right = box.left + pane.clientWidth + 0.5;
  if (pane.scrollWidth > pane.clientWidth)
    problems.push("the pane scrolls sideways: " + pane.scrollWidth + " > " + pane.clientWidth);
  for (const el of pane.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) continue; // a field's own text
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    const region = el.closest("[data-scroll-region]");
    if (rect.right > right && !(region && region !== el))
      problems.push("past the pane's right edge: " + describe(el) + " ends at " + Math.round(rect.right - box.left));
    if (style.overflowX !== "visible" && el.scrollWidth > el.clientWidth + 1 && !region)
      problems.push("clips or scrolls sideways: " + describe(el) + " " + el.scrollWidth + " > " + el.clientWidth);
  }
  const selector = 'button, input, textarea, select, a[href], [role="combobox"], [role="tab"], [role="checkbox"], [role="radio"]';
  const controls = [...pane.querySelectorAll(selector)].filter((el) => {
    const rect = el.getBoundingClientRect();
    return getComputedStyle(el).visibility !== "hidden" && rect.width > 0 && rect.height > 0;
  });
  for (const el of controls) {
    el.scrollIntoView({ block: "center", inline: "nearest" });
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const rect = el.getBoundingClientRect();
    if (rect.left < box.left - 0.5 || rect.right > right) {
      problems.push("not fully visible: " + describe(el) + " spans " + Math.round(rect.left - box.left) + " to " + Math.round(rect.right - box.left));
      continue;
    }
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    if (!hit || !el.contains(hit))
      problems.push("not clickable at its centre: " + describe(el) + " is covered by " + (hit ? describe(hit) : "nothing"));
  }
  pane.scrollTo(0, 0);
  return { problems, controls: controls.length, height: pane.scrollHeight };
})()`;

async function checkAllWidths(state: string): Promise<void> {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.locator('aside[aria-label="Kalibrate pane"]').evaluate((pane, w) => {
      (pane as HTMLElement).style.width = `${w}px`;
    }, width);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const result = (await page.evaluate(LAYOUT_PROBLEMS)) as { problems: string[]; controls: number; height: number };
    // The screenshot shows the whole pane: the page made as tall as the pane's content.
    await page.setViewportSize({ width: 1200, height: Math.min(6000, result.height + 80) });
    await page
      .locator('aside[aria-label="Kalibrate pane"]')
      .screenshot({ path: `${RESULTS_DIR}/pane-${width}px-${state}.png` });
    assert.ok(result.controls > 5, `controls were found (${result.controls})`);
    assert.deepEqual(result.problems, [], `${state} at ${width} px`);
  }
}

async function fault(body: Record<string, unknown>) {
  const response = await fetch(`${stack.sandbox.url}/_sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201);
}

const builder = () => page.locator('[aria-label="Query builder"]');
const outcome = () => page.locator('[aria-label="Report outcome"]');

before(async () => {
  stack = await startStack({ staticDir: "dist" });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(`${stack.relayUrl}/workbench.html?paneWidth=320`);
  await page.getByRole("button", { name: "Connect" }).waitFor();
});
after(async () => {
  try {
    await browser?.close();
  } finally {
    await fetch(`${stack.sandbox.url}/_sandbox/faults`, { method: "DELETE" }).catch(() => undefined);
    await stack?.close();
  }
});

describe("the pane at 320, 350 and 450 px", () => {
  test("the connect form, with a failure shown", async () => {
    await page.getByRole("combobox", { name: "Environment" }).click();
    await page.getByRole("option", { name: /Local sandbox/ }).click();
    await page.getByLabel("Client id").fill(stack.reader.clientId);
    await page.getByLabel("Client secret").fill("not-the-secret-but-a-long-one-to-see-it-wrap");
    await page.getByLabel("Scope").fill(stack.reader.scope);
    await page.getByLabel("Remember on this device").check();
    await page.getByRole("button", { name: "Connect" }).click();
    await page
      .locator('[aria-label="Connection status"]')
      .getByText(/secret/i)
      .waitFor();
    await checkAllWidths("connect-failed");
  });

  test("connected, with a filter row, a preview and the Limit field", async () => {
    await page.getByLabel("Remember on this device").uncheck();
    await page.getByLabel("Client secret").fill(stack.reader.clientSecret);
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByText(/Connected to Local sandbox as sandbox-reader/).waitFor();
    await builder().getByRole("combobox", { name: "Collection" }).click();
    await page.getByRole("option", { name: "Price", exact: true }).click();
    await builder().getByRole("button", { name: "Add filter" }).click();
    await builder().getByRole("combobox", { name: "Filter 1 property" }).fill("data.price");
    await builder().getByLabel("Filter 1 value").fill("0");
    await builder().getByRole("combobox", { name: "Filter 1 operator" }).click();
    await page.getByRole("option", { name: ">", exact: true }).click();
    await builder().getByRole("combobox", { name: "Order by" }).click();
    await page.getByRole("option", { name: "effectiveTime", exact: true }).click();
    await builder().getByRole("combobox", { name: "Direction" }).click();
    await page.getByRole("option", { name: "descending", exact: true }).click();
    await builder().getByLabel("Limit").fill("8");
    await builder().getByRole("button", { name: "Preview" }).click();
    await page.getByRole("grid", { name: "Preview" }).waitFor();
    const query = await builder().getByLabel("Query").inputValue();
    assert.match(query, /\(orderBy=effectiveTime\)/);
    assert.match(query, /\(direction=descending\)/);
    await checkAllWidths("builder-preview");
  });

  test("a report inserted, listed, and its provenance shown", async () => {
    await builder().getByLabel("Columns").fill("id.entityId,data.price,data.effectiveTime,data.site.name");
    await builder().getByRole("radio", { name: "On a new sheet" }).check();
    await builder().getByRole("button", { name: "Insert as report" }).click();
    await outcome()
      .getByText(/Inserted 8 rows/)
      .waitFor({ timeout: 60_000 });
    await page
      .getByRole("listitem", { name: /^Report / })
      .first()
      .waitFor();
    await page.evaluate(() => (window as any).workbench.select("'Kalibrate Price'!B3"));
    await page.locator('[aria-label="Report provenance"]').waitFor();
    await checkAllWidths("report-provenance");
  });

  test('the long "Wrote =KALIBRATE.QUERY(…)" message and a preview error', async () => {
    await page.evaluate(() => (window as any).workbench.select("Sheet1!A1"));
    await builder().getByRole("radio", { name: "At the selected cell" }).check();
    await builder().getByRole("button", { name: "Insert as formula" }).click();
    await outcome()
      .getByText(/Wrote =KALIBRATE\.QUERY\(/)
      .waitFor();
    await fault({ path: "/api/price", kind: "status", status: 500, retryAfter: 0 });
    await builder().getByLabel("Limit").fill("9"); // a query not in the cache, so it asks the failing API
    await builder().getByRole("button", { name: "Preview" }).click();
    await page.locator('[aria-label="Preview problem"]').waitFor({ timeout: 60_000 });
    await checkAllWidths("messages");
    await fetch(`${stack.sandbox.url}/_sandbox/faults`, { method: "DELETE" });
  });

  test("nothing the page requested left loopback", () => {
    browser.assertLoopbackOnly();
  });
});
