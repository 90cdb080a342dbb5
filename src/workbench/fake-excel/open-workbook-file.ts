// Opening a saved workbook file (workbook-file.ts) in a new fake host, as a recipient opens a mailed .xlsx. Apart from
// the saving side so that the handle, which saves, does not import the host factory, which makes handles.
import { createFakeExcel, type FakeExcelHandle, type FakeExcelOptions } from "./index";
import type { WorkbookFile } from "./workbook-file";

/** Opens a saved file in a new fake host (no custom functions unless `options.functions` names some). */
export async function openWorkbookFile(file: WorkbookFile, options: FakeExcelOptions = {}): Promise<FakeExcelHandle> {
  const handle = createFakeExcel({ ...options, sheets: file.sheets.map((s) => s.name) });
  await handle.Excel.run(async (context) => {
    for (const sheet of file.sheets) {
      const ws = context.workbook.worksheets.getItem(sheet.name);
      for (const [address, content, numberFormat] of sheet.cells) {
        const range = ws.getRange(address);
        range.numberFormat = [[numberFormat]];
        // Text goes in as text (a leading apostrophe), as Excel keeps it in the file.
        range.formulas = [
          [typeof content === "string" && !content.startsWith("=") && content !== "" ? `'${content}` : content],
        ];
      }
    }
    for (const table of file.tables) {
      const added = context.workbook.tables.add(table.address, true);
      added.name = table.name;
    }
    for (const [key, value] of Object.entries(file.settings)) context.workbook.settings.add(key, value);
    for (const xml of file.xmlParts) context.workbook.customXmlParts.add(xml);
    for (const comment of file.comments) context.workbook.comments.add(comment.address, comment.content);
    await context.sync();
  });
  await handle.workbook.idle();
  return handle;
}
