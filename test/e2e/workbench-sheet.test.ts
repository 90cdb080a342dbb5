// Issue 9, item 5, in Chromium: the workbench's grid behaves like a sheet. A formula typed into a clicked cell (no test
// API), every spilled row and column reached with the keyboard and with the scroll bars and read off the screen, the
// keys Excel has (Enter, Tab, arrows, F2, Delete, Escape, the Name box), sheet tabs, a report on a new sheet
// activating it, tables drawn as tables, number formats, and column widths dragged.
/* eslint-disable @typescript-eslint/no-explicit-any -- window.workbench is untyped in the page */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { Browser } from "../support/browser";
import { closeWorkbench, openConnectedWorkbench } from "../support/connected-workbench";
import type { Stack } from "../support/stack";

let stack: Stack;
let browser: Browser;
let page: Page;

type Cell = string | number | boolean | { error: string; message?: string };
const wb = {
  values: (range: string) => page.evaluate((r) => (window as any).workbench.getValues(r), range) as Promise<Cell[][]>,
  idle: () => page.evaluate(() => (window as any).workbench.idle()),
  selection: () => page.evaluate(() => (window as any).workbench.selection()) as Promise<string>,
  activeSheet: () => page.evaluate(() => (window as any).workbench.activeSheet()) as Promise<string>,
};

const grid = () => page.locator('[role="grid"][aria-label^="Worksheet"]');
const cell = (address: string) => grid().locator(`[data-address="${address}"]`);
const nameBox = () => page.getByLabel("Name box");

/** The text a cell shows on screen, once it is drawn (only cells in view are). */
async function shown(address: string): Promise<string> {
  await cell(address).waitFor();
  return cell(address).innerText();
}

/** The grid's visible rectangle contains the cell's whole box: the selection is in view. */
async function inView(address: string): Promise<boolean> {
  const [box, view] = await Promise.all([cell(address).boundingBox(), grid().boundingBox()]);
  if (!box || !view) return false;
  return (
    box.x >= view.x &&
    box.y >= view.y &&
    box.x + box.width <= view.x + view.width + 1 &&
    box.y + box.height <= view.y + view.height + 1
  );
}

/** What Excel would show for a value read through the test API (General format: strings as they are). */
const text = (value: Cell) =>
  typeof value === "object" ? value.error : typeof value === "boolean" ? String(value).toUpperCase() : String(value);

let lastRow = 0;
/** The spill's width and last column: a Site document's every id and data field (read from the result, not assumed). */
let width = 0;
let lastCol = "";
/** Column letters of a 1-based column number (1 → A, 27 → AA). */
function letters(n: number): string {
  let out = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

before(async () => {
  ({ stack, browser, page } = await openConnectedWorkbench({ staticDir: "dist" }, { width: 1400, height: 900 }));
});
after(() => closeWorkbench(browser, stack));

describe("typing into the sheet", () => {
  test('clicking A1 and typing =KALIBRATE.QUERY("Site") enters the formula, which spills every Site field', async () => {
    await cell("A1").click();
    await page.keyboard.type('=KALIBRATE.QUERY("Site")');
    assert.equal(await page.getByLabel("Formula bar").inputValue(), '=KALIBRATE.QUERY("Site")', "the bar follows");
    await page.keyboard.press("Enter");
    assert.equal(await nameBox().inputValue(), "A2", "Enter moves down");
    await wb.idle();
    const header = (await wb.values("A1:ZZ1"))[0];
    assert.equal(header[0], "id.entityId");
    width = header.findIndex((v) => v === "");
    assert.ok(width > 100, `a Site document's ~105 data fields and its ids spill as columns (${width})`);
    assert.equal(header[width - 1] !== "", true, "the last column has a header");
    lastCol = letters(width);
    await page.getByText("id.entityId", { exact: true }).first().waitFor();
    assert.equal(await shown("A1"), "id.entityId");
    const column = (await wb.values("A1:A2000")).map(([v]) => v);
    lastRow = column.findIndex((v) => v === "");
    assert.ok(lastRow > 100, `the result has many rows (${lastRow})`);
    await browser.screenshot(page, "workbench-sheet-typed");
  });

  test("the keyboard reaches the last spilled column and row, and the screen shows their values", async () => {
    await cell("A1").click();
    await page.keyboard.press("Control+ArrowRight");
    assert.equal(await nameBox().inputValue(), `${lastCol}1`);
    assert.ok(await inView(`${lastCol}1`), "the last column is scrolled into view");
    const lastFive = [4, 3, 2, 1, 0].map((back) => letters(width - back));
    const [header] = await wb.values(`${lastFive[0]}1:${lastCol}1`);
    for (const [i, letter] of lastFive.entries()) assert.equal(await shown(`${letter}1`), text(header[i]));
    await page.keyboard.press("Control+End");
    assert.equal(await nameBox().inputValue(), `${lastCol}${lastRow}`, "Ctrl+End: the last row and column in use");
    assert.ok(await inView(`${lastCol}${lastRow}`));
    const [last] = await wb.values(`${lastFive[0]}${lastRow}:${lastCol}${lastRow}`);
    for (const [i, letter] of lastFive.entries())
      assert.equal(await shown(`${letter}${lastRow}`), text(last[i]), `${letter}${lastRow}`);
    await page.keyboard.press("Control+Home");
    await page.keyboard.press("Control+ArrowDown");
    assert.equal(await nameBox().inputValue(), `A${lastRow}`, "Ctrl+Down: the end of the ids");
    assert.equal(await shown(`A${lastRow}`), text((await wb.values(`A${lastRow}`))[0][0]));
    await page.keyboard.press("Control+Home");
    assert.equal(await nameBox().inputValue(), "A1");
    assert.ok(await inView("A1"));
    await browser.screenshot(page, "workbench-sheet-keyboard-end");
  });

  test("the scroll bars reach the last spilled row and column, and every row and column Excel has", async () => {
    const box = (await grid().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 6 && !(await cell(`A${lastRow}`).count()); i++) await page.mouse.wheel(0, 4000);
    await page.mouse.wheel(0, 4000);
    await page.mouse.wheel(0, -2000);
    await grid().evaluate((el, row) => {
      el.scrollTop = (row - 10) * 20;
    }, lastRow);
    await grid().evaluate((el, columns) => {
      el.scrollLeft = columns * 64 - el.clientWidth + 80; // 64 px: Excel's default column
    }, width);
    const [last] = await wb.values(`A${lastRow}:${lastCol}${lastRow}`);
    assert.equal(await shown(`${lastCol}${lastRow}`), text(last[width - 1]));
    assert.equal(await shown(`${letters(width - 1)}${lastRow}`), text(last[width - 2]));
    assert.equal(await cell(`${lastCol}${lastRow + 1}`).innerText(), "", "below the spill is empty");
    await browser.screenshot(page, "workbench-sheet-scrolled");
    await grid().evaluate((el) => el.scrollTo(el.scrollWidth, el.scrollHeight));
    await cell("XFD1048576").waitFor();
    assert.ok(await grid().getByRole("rowheader", { name: "1048576", exact: true }).isVisible());
    assert.ok(await grid().getByRole("columnheader", { name: "XFD", exact: true }).isVisible());
  });
});

describe("the keys", () => {
  test("Enter, Shift+Enter, Tab, Shift+Tab and the arrows move the active cell", async () => {
    await nameBox().fill("C5");
    await nameBox().press("Enter");
    const moves: Array<[string, string]> = [
      ["Enter", "C6"],
      ["Shift+Enter", "C5"],
      ["Tab", "D5"],
      ["Shift+Tab", "C5"],
      ["ArrowRight", "D5"],
      ["ArrowDown", "D6"],
      ["ArrowLeft", "C6"],
      ["ArrowUp", "C5"],
    ];
    for (const [key, to] of moves) {
      await page.keyboard.press(key);
      assert.equal(await nameBox().inputValue(), to, key);
    }
    assert.match(await wb.selection(), /!C5$/, "the workbook's selection follows");
  });

  test("typing enters a value; arrows commit it; Escape cancels an edit; F2 and double-click edit the content", async () => {
    await nameBox().fill("LH2");
    await nameBox().press("Enter");
    await page.keyboard.type("12.5");
    await page.keyboard.press("ArrowRight");
    assert.equal(await nameBox().inputValue(), "LI2");
    assert.deepEqual((await wb.values("LH2"))[0], [12.5], "typed numbers are numbers");
    await page.keyboard.type("draft");
    await page.keyboard.press("Escape");
    assert.deepEqual((await wb.values("LI2"))[0], [""], "Escape leaves the cell as it was");
    assert.equal(await nameBox().inputValue(), "LI2");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("F2");
    await page.keyboard.press("End");
    await page.keyboard.type("5");
    await page.keyboard.press("Enter");
    assert.deepEqual((await wb.values("LH2"))[0], [12.55], "F2 edits the content (the caret at its end)");
    await cell("LH2").dblclick();
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Tab");
    assert.deepEqual((await wb.values("LH2"))[0], [12], "double-click edits too");
    assert.equal(await nameBox().inputValue(), "LI2", "Tab commits and moves right");
    assert.equal(await shown("LH2"), "12");
  });

  test("Delete clears the selected cells", async () => {
    await cell("LH2").click();
    await page.keyboard.press("Delete");
    assert.deepEqual((await wb.values("LH2"))[0], [""]);
    assert.equal(await shown("LH2"), "");
  });

  test("the Name box jumps to an address, shows it, and gives the keys back to the grid", async () => {
    await nameBox().fill("XFD1048576");
    await nameBox().press("Enter");
    assert.equal(await nameBox().inputValue(), "XFD1048576");
    assert.ok(await inView("XFD1048576"), "the far corner is in view");
    await page.keyboard.type("corner");
    await page.keyboard.press("Enter");
    assert.deepEqual((await wb.values("XFD1048576"))[0], ["corner"], "typing went into the cell");
    assert.equal(await nameBox().inputValue(), "XFD1048576", "Enter on the last row stays there");
    await nameBox().fill("T1");
    await nameBox().press("Enter");
    assert.equal(await nameBox().inputValue(), "T1");
    assert.ok(await inView("T1"));
    await nameBox().fill("not an address");
    await nameBox().press("Enter");
    assert.equal(await nameBox().getAttribute("aria-invalid"), "true", "a bad address is refused");
    await nameBox().press("Escape");
    assert.equal(await nameBox().inputValue(), "T1");
  });
});

describe("sheets, tables and formats", () => {
  test("sheet tabs switch the grid, and each sheet keeps its cells", async () => {
    await page.evaluate(() => (window as any).workbench.addSheet("Notes"));
    await page.getByRole("tab", { name: "Notes" }).click();
    await page.locator('[role="grid"][aria-label="Worksheet Notes"]').waitFor();
    await cell("B2").click();
    await page.keyboard.type("on Notes");
    await page.keyboard.press("Enter");
    assert.deepEqual((await wb.values("Notes!B2"))[0], ["on Notes"]);
    assert.deepEqual((await wb.values("Sheet1!B2"))[0][0] !== "on Notes", true);
    await page.getByRole("tab", { name: "Sheet1" }).click();
    await page.locator('[role="grid"][aria-label="Worksheet Sheet1"]').waitFor();
    assert.equal(await nameBox().inputValue(), "T1", "Sheet1 kept its selection");
    assert.equal(await shown("T1"), text((await wb.values("Sheet1!T1"))[0][0]), "and shows its cells");
  });

  test("a report inserted on a new sheet activates it; the table shows as a table with dates as dates", async () => {
    const builder = page.locator('[aria-label="Query builder"]');
    await builder.getByRole("combobox", { name: "Collection" }).click();
    await page.getByRole("option", { name: "Price", exact: true }).click();
    await builder.getByLabel("Query").fill("(limit=6)");
    await builder.getByLabel("Columns").fill("id.entityId,data.price,data.effectiveTime");
    await builder.getByRole("radio", { name: "On a new sheet" }).check();
    await builder.getByRole("button", { name: "Insert as report" }).click();
    await page
      .locator('[aria-label="Report outcome"]')
      .getByText(/Inserted 6 rows/)
      .waitFor({ timeout: 60_000 });
    await page.locator('[role="grid"][aria-label="Worksheet Kalibrate Price"]').waitFor();
    assert.equal(await wb.activeSheet(), "Kalibrate Price");
    assert.equal(await page.getByRole("tab", { name: "Kalibrate Price" }).getAttribute("aria-selected"), "true");
    assert.equal(await shown("A1"), "id.entityId");
    const background = (address: string) => cell(address).evaluate((el) => getComputedStyle(el).backgroundColor);
    const plain = await background("E2");
    assert.notEqual(await background("A1"), plain, "the header row is styled");
    assert.notEqual(await background("A2"), plain, "the first data row is banded");
    assert.equal(await background("A3"), plain, "the second is not");
    assert.notEqual(await background("A2"), await background("A1"));
    assert.match(await shown("C2"), /^\d{4}-\d{2}-\d{2}/, "effectiveTime shows as a date");
    assert.equal(typeof (await wb.values("C2"))[0][0], "number", "and is a serial underneath");
    await browser.screenshot(page, "workbench-sheet-report");
  });

  test("the Number format box formats the selection", async () => {
    await cell("E3").click();
    await page.keyboard.type("45000");
    await page.keyboard.press("Enter");
    assert.equal(await shown("E3"), "45000");
    await cell("E3").click();
    await page.getByRole("combobox", { name: "Number format" }).click();
    await page.getByRole("option", { name: "yyyy-mm-dd", exact: true }).click();
    assert.equal(await shown("E3"), new Date(Date.UTC(1899, 11, 30) + 45000 * 86_400_000).toISOString().slice(0, 10));
  });

  test("column widths can be dragged", async () => {
    const header = grid().getByRole("columnheader", { name: "B", exact: true });
    const before = (await header.boundingBox())!;
    const handle = (await grid().getByRole("separator", { name: "Resize column B" }).boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 + 60, handle.y + handle.height / 2, { steps: 4 });
    await page.mouse.up();
    const afterDrag = (await header.boundingBox())!;
    assert.equal(Math.round(afterDrag.width - before.width), 60);
    assert.equal(Math.round((await cell("B2").boundingBox())!.width), Math.round(afterDrag.width));
    const c = (await grid().getByRole("columnheader", { name: "C", exact: true }).boundingBox())!;
    assert.equal(Math.round(c.x), Math.round(afterDrag.x + afterDrag.width), "the next column moves along");
  });

  test("nothing the page requested left loopback", () => {
    browser.assertLoopbackOnly();
  });
});
