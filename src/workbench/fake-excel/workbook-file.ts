// Saving the fake workbook as a file (open-workbook-file.ts opens it again), as a recipient would open a mailed .xlsx: what a cell
// holds (its formula, or its value), number formats, tables, document settings, custom XML parts and comments. An
// opened file has no custom functions unless the caller registers them, so a KALIBRATE formula left in it shows
// #NAME?, as in an Excel without the add-in.
import { cellName, qualify, quoteSheetName } from "./address";
import { commentsOf } from "./comments-proxy";
import type { CellScalar } from "./cell-values";
import { decodeSetting, type WorkbookModel } from "./workbook-model";
import type { FakeWorkbook } from "./workbook-handle";

export interface WorkbookFile {
  sheets: Array<{
    name: string;
    /** [A1, formula or value, number format] for every cell that holds something of its own. */
    cells: Array<[string, CellScalar, string]>;
  }>;
  tables: Array<{ name: string; address: string }>;
  settings: Record<string, unknown>;
  xmlParts: string[];
  comments: Array<{ address: string; content: string }>;
}

export function saveWorkbookFile(model: WorkbookModel): WorkbookFile {
  const sheets = model.sheets.map((sheet) => {
    const cells: WorkbookFile["sheets"][number]["cells"] = [];
    const used = sheet.cells.usedRect(false);
    for (let r = 0; used && r < used.rows; r++) {
      for (let c = 0; c < used.cols; c++) {
        const state = model.cellState(sheet, used.row + r, used.col + c);
        // A spilled cell is part of its formula's result, not content of its own.
        if (state.spill && state.f === "") continue;
        const content: CellScalar = state.f.startsWith("=") ? state.f : state.v;
        if (content === "" && state.nf === "General") continue;
        cells.push([cellName(used.row + r, used.col + c), content, state.nf]);
      }
    }
    return { name: sheet.name, cells };
  });
  const settings: Record<string, unknown> = {};
  for (const [key, setting] of model.settings) settings[key] = decodeSetting(setting.json);
  return {
    sheets,
    tables: model.tables.map((t) => ({ name: t.name, address: qualify(t.sheet.name, t.rect) })),
    settings,
    xmlParts: model.xmlParts.map((p) => p.xml),
    comments: commentsOf(model).map((c) => ({
      address: `${quoteSheetName(c.sheet.name)}!${cellName(c.row, c.col)}`,
      content: c.content,
    })),
  };
}

/** Every cell of every sheet as [formula (or value), the value it shows]: what a recipient sees, to compare files. */
export function cellSnapshot(workbook: FakeWorkbook): Record<string, Array<[string, unknown]>> {
  const out: Record<string, Array<[string, unknown]>> = {};
  for (const sheet of workbook.sheetNames()) {
    const used = workbook.usedRange(sheet);
    if (!used) continue;
    out[sheet] = workbook
      .getCellStates(used)
      .flat()
      .map((s) => [s.formula, s.error ? s.error.code : s.value]);
  }
  return out;
}
