// End-to-end harness: a real Chromium (Debian's, or CHROMIUM_PATH) driven by playwright-core. Every page request to a
// non-loopback address is aborted and recorded, and `assertLoopbackOnly()` fails the test that made it.
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const RESULTS_DIR = path.resolve("test-results");
export const DIST_DIR = path.resolve("dist");

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function isLoopbackUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "data:" || protocol === "blob:" || protocol === "about:") return true;
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Office.js, loaded outside an Office client, frames Microsoft's telemetry proxy three seconds after it loads
 * (o15apptofilemappingtable.js: `setTimeout(loadProxyFrame, 3e3)`, unconditionally; office-js#696, #1125). That is
 * Office.js's own behaviour, not the add-in's, and inside Excel it is Office's business: it is aborted like any other
 * off-loopback request (nothing leaves the machine) but listed apart, so a slow run does not fail on it.
 */
const OFFICE_JS_TELEMETRY = "https://telemetryservice.firstpartyapps.oaspapps.com/telemetryservice/telemetryproxy.html";

export interface Browser {
  context: BrowserContext;
  /** Non-loopback URLs pages tried to reach (all were aborted). */
  offLoopback: string[];
  /** Office.js's own telemetry frame loads (aborted too); see OFFICE_JS_TELEMETRY. */
  officeTelemetry: string[];
  newPage(options?: { fakeExcel?: boolean }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  assertLoopbackOnly(): void;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), "kalibrate-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 420, height: 760 },
    ignoreHTTPSErrors: true,
  });
  const offLoopback: string[] = [];
  const officeTelemetry: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLoopbackUrl(url)) return route.continue();
    (url === OFFICE_JS_TELEMETRY ? officeTelemetry : offLoopback).push(url);
    return route.abort("blockedbyclient");
  });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const assertLoopbackOnly = () => {
    if (offLoopback.length > 0) throw new Error(`The page requested non-loopback URLs: ${offLoopback.join(", ")}`);
  };
  return {
    context,
    offLoopback,
    officeTelemetry,
    async newPage({ fakeExcel = false } = {}) {
      const page = await context.newPage();
      if (fakeExcel) await page.addInitScript({ path: path.join(DIST_DIR, "fake-excel.js") });
      return page;
    },
    async screenshot(page, name) {
      const file = path.join(RESULTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    assertLoopbackOnly,
    /** Also fails the suite (from its after hook) if any page reached beyond loopback and no test caught it. */
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      assertLoopbackOnly();
    },
  };
}
