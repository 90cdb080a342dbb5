// window.workbench: what end-to-end tests (and curious people in the console) use to drive the simulated workbook.
import type { Runtime, DataRequest } from "../runtime";
import type { PaneServices } from "../taskpane/services";
import type { FakeWorkbook } from "./fake-excel/workbook-handle";
import { openWorkbookFile } from "./fake-excel/open-workbook-file";
import { cellSnapshot, type WorkbookFile } from "./fake-excel/workbook-file";

export interface WorkbenchApi {
  setCell(address: string, valueOrFormula: string | number | boolean | null): Promise<void>;
  getValues(rangeAddress: string): unknown[][];
  /** What Excel does on an edit: re-evaluates formulas, caches untouched. */
  recalc(): Promise<void>;
  /** The Refresh button: clears cached results, recalculates KALIBRATE cells; resolves with what the pane says. */
  refresh(): Promise<string>;
  /**
   * Presses a button of the ribbon's Kalibrate group by its label ("What moved", "Clear marks", …): the command the
   * ribbon runs in Excel; resolves with what it told the user (undefined when it opened a panel).
   */
  pressRibbon(label: string): Promise<string | undefined>;
  /** Resolves when nothing is pending: no formula evaluating, no function call in flight. */
  idle(): Promise<void>;
  /** The Data API requests made so far, with their URLs. */
  requests(): DataRequest[];
  select(address: string): void;
  tables(): Array<{ name: string; sheet: string; address: string; rowCount: number }>;
  /** The active sheet's name and its sheet-qualified selection, as the grid shows them. */
  activeSheet(): string;
  selection(): string;
  /** Adds a worksheet (as the + beside Excel's tabs does) and returns its name. */
  addSheet(name?: string): string;
  /** Types a block of inputs at once, starting at the address's top-left cell (e.g. a 5,000-row survey). */
  setValues(address: string, values: Array<Array<string | number | boolean | null>>): Promise<void>;
  /** Cell comments with their cells (the Import panel's marks among them). */
  comments(): Array<{ address: string; content: string }>;
  sheetNames(): string[];
  /** Sheet-qualified used range of a sheet (values only), or null when it is empty. */
  usedRange(sheet?: string): string | null;
  /** Document settings as the add-in stored them. */
  settings(): Record<string, unknown>;
  /** Conditional formats (the change marks among them): range, fill and number format. */
  conditionalFormats(): Array<{ address: string; fill: string | null; numberFormat: string | null }>;
  /** What each cell of a range shows in its column, as Range.text: "####" for a number wider than its column. */
  texts(rangeAddress: string): string[][];
  /** Cell notes (ExcelApi 1.18; the change marks' among them). */
  notes(): Array<{ address: string; content: string; authorName: string }>;
  /** The width of an address's column in points (RangeFormat.columnWidth). */
  columnWidth(address: string): number;
  /** Every cell of every sheet: formula (or value) and what it shows. */
  cells(): Record<string, Array<[string, unknown]>>;
  /** The workbook as a file, as Excel would save it. */
  saveFile(): WorkbookFile;
  /**
   * Opens a file in a fresh fake Excel without the add-in (no KALIBRATE functions: this bundle's own copy of the fake
   * host, which nothing registers functions with) and returns its cells().
   */
  openWithoutAddin(file: WorkbookFile): Promise<Record<string, Array<[string, unknown]>>>;
}

export function createWorkbenchApi(workbook: FakeWorkbook, rt: Runtime, services: PaneServices): WorkbenchApi {
  const idle = async () => {
    // A settled call can start another evaluation (a spill re-evaluates cells that read it), so look twice.
    for (let pass = 0; pass < 2; pass++) {
      await workbook.idle();
      await rt.idle();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  return {
    async setCell(address, value) {
      workbook.setCell(address, value);
      await idle();
    },
    getValues: (address) => workbook.getValues(address),
    async recalc() {
      workbook.recalc();
      await idle();
    },
    async refresh() {
      const message = await services.refresh();
      await idle();
      return message;
    },
    async pressRibbon(label) {
      const button = services.ribbon.buttons.find((b) => b.label === label);
      if (!button) {
        throw new Error(`No ribbon button "${label}": ${services.ribbon.buttons.map((b) => b.label).join(", ")}.`);
      }
      const message = button.command ? await services.ribbon.commands[button.command]() : undefined;
      await idle();
      return message;
    },
    idle,
    requests: () => rt.requests.map((r) => ({ ...r })),
    select: (address) => workbook.select(address),
    tables: () => workbook.tablesInfo(),
    activeSheet: () => workbook.activeSheet(),
    selection: () => workbook.selection(),
    addSheet: (name) => workbook.addSheet(name),
    async setValues(address, values) {
      workbook.setValues(address, values);
      await idle();
    },
    comments: () => workbook.comments(),
    sheetNames: () => workbook.sheetNames(),
    usedRange: (sheet) => workbook.usedRange(sheet),
    settings: () => workbook.settings(),
    // Through the page's fake host (fake-excel.js is a bundle of its own: its module state is not this bundle's).
    conditionalFormats: () => workbook.conditionalFormats(),
    texts: (address) => workbook.getTexts(address),
    notes: () => workbook.notes(),
    columnWidth: (address) => workbook.columnWidth(address),
    cells: () => cellSnapshot(workbook),
    saveFile: () => workbook.saveFile(),
    async openWithoutAddin(file) {
      const opened = await openWorkbookFile(file);
      return cellSnapshot(opened.workbook);
    },
  };
}
