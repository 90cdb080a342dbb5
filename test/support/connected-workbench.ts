// The e2e tests' common start: a stack (relay + sandbox serving the built add-in), a real Chromium, the workbench
// open at a given size and connected to the local sandbox; and its orderly close (browser first, then the stack).
import type { Page } from "playwright-core";
import { launchBrowser, type Browser } from "./browser";
import { startStack, type Stack, type StackOptions } from "./stack";

export interface ConnectedWorkbench {
  stack: Stack;
  browser: Browser;
  page: Page;
}

export async function openConnectedWorkbench(
  options: StackOptions,
  viewport: { width: number; height: number },
): Promise<ConnectedWorkbench> {
  const stack = await startStack(options);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  await page.goto(`${stack.relayUrl}/workbench.html`);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByText(/Connected to Local sandbox/).waitFor();
  // The status shows before connecting has re-entered the waiting cells; a test starts once it has.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- window.workbench is untyped in the page
  await page.evaluate(() => (window as any).workbench.idle());
  return { stack, browser, page };
}

export async function closeWorkbench(browser: Browser | undefined, stack: Stack | undefined): Promise<void> {
  try {
    await browser?.close();
  } finally {
    await stack?.close();
  }
}
