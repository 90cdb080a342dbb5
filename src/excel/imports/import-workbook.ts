// The ImportWorkbook port with Office.js: reads the selection, a table or a remembered address in bounded chunks
// (one sync per chunk, under Excel on the web's 5 MB response limit), marks invalid cells with comments the add-in
// owns (ExcelApi 1.10, the manifest's floor; content starts with MARK_PREFIX so clearMarks removes exactly those and
// values and formats are never touched), writes fix sheets and keeps settings in document settings.
import type { ExcelValue } from "../../core/table";
import type { CellMark, ImportWorkbook, SourceData, SourceRef } from "../../imports/ports";
import { columnLetters, quoteSheet, splitAddress } from "../reports/a1";
import { writeRowBlocks } from "../reports/block-writer";
import { settingsStorage } from "../reports/settings-storage";
import { tableNames } from "../workbook-names";

export const MARK_PREFIX = "Kalibrate import: ";
/** Cells per read: 200,000 cells of survey data is well under 5 MB. */
const CHUNK_CELLS = 200_000;
/** Comments are heavy objects in Excel; a range with more invalid cells is marked for its first ones. */
export const MAX_MARKS = 500;
const MARKS_PER_SYNC = 100;

export class SourceError extends Error {
  override name = "SourceError";
}

async function locate(context: Excel.RequestContext, source: SourceRef): Promise<Excel.Range> {
  if (source.kind === "selection") return context.workbook.getSelectedRange();
  if (source.kind === "table") {
    const table = context.workbook.tables.getItemOrNullObject(source.name);
    await context.sync();
    if (table.isNullObject) throw new SourceError(`There is no table named "${source.name}" any more.`);
    return table.getRange();
  }
  const { sheet, rect } = splitAddress(source.address);
  const worksheet = context.workbook.worksheets.getItemOrNullObject(sheet ?? "");
  await context.sync();
  if (worksheet.isNullObject)
    throw new SourceError(`The sheet of ${source.address} is gone: it was renamed or deleted.`);
  return worksheet.getRangeByIndexes(rect.row, rect.column, rect.rows, rect.columns);
}

export function excelImportWorkbook(): ImportWorkbook {
  return {
    async read(source, onRows) {
      return Excel.run(async (context) => {
        const range = await locate(context, source);
        range.load("address,rowIndex,columnIndex,rowCount,columnCount");
        range.worksheet.load("name");
        await context.sync();
        if (range.rowCount < 2) {
          throw new SourceError(
            "Select the rows to import with their header row (at least two rows), or pick a table.",
          );
        }
        const sheetName = range.worksheet.name;
        const sheet = context.workbook.worksheets.getItem(sheetName);
        const chunkRows = Math.max(1, Math.floor(CHUNK_CELLS / range.columnCount));
        const values: unknown[][] = [];
        for (let offset = 0; offset < range.rowCount; offset += chunkRows) {
          const count = Math.min(chunkRows, range.rowCount - offset);
          const chunk = sheet.getRangeByIndexes(range.rowIndex + offset, range.columnIndex, count, range.columnCount);
          chunk.load("values");
          // One sync per chunk keeps each response bounded.
          // eslint-disable-next-line office-addins/no-context-sync-in-loop
          await context.sync();
          values.push(...chunk.values);
          onRows?.(Math.max(0, values.length - 1));
        }
        const [headers, ...rows] = values;
        return {
          address: range.address,
          sheet: sheetName,
          ...(source.kind === "table" ? { table: source.name } : {}),
          headers,
          rows,
        } satisfies SourceData;
      });
    },

    tableNames,

    async markCells(source, marks) {
      const { rect } = splitAddress(source.address);
      const chosen = marks.slice(0, MAX_MARKS);
      const address = (mark: CellMark) =>
        `${quoteSheet(source.sheet)}!${columnLetters(rect.column + mark.column)}${rect.row + 2 + mark.row}`;
      return Excel.run(async (context) => {
        let marked = 0;
        for (let i = 0; i < chosen.length; i += MARKS_PER_SYNC) {
          const group = chosen.slice(i, i + MARKS_PER_SYNC);
          for (const mark of group) context.workbook.comments.add(address(mark), `${MARK_PREFIX}${mark.reason}`);
          // eslint-disable-next-line office-addins/no-context-sync-in-loop
          await context.sync();
          marked += group.length;
        }
        return { marked, skipped: marks.length - marked };
      });
    },

    async clearMarks() {
      return Excel.run(async (context) => {
        const comments = context.workbook.comments;
        comments.load("items/id,items/content");
        await context.sync();
        const ours = comments.items.filter((c) => c.content.startsWith(MARK_PREFIX));
        ours.forEach((c) => c.delete());
        await context.sync();
        return ours.length;
      });
    },

    async writeSheet(baseName, rows) {
      return Excel.run(async (context) => {
        const sheets = context.workbook.worksheets;
        sheets.load("items/name");
        await context.sync();
        const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
        let name = baseName;
        for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${baseName} ${n}`;
        const sheet = sheets.add(name);
        await context.sync();
        await writeRowBlocks(context, sheet, { row: 0, column: 0 }, rows as ExcelValue[][]);
        sheet.activate();
        await context.sync();
        return name;
      });
    },

    storage: settingsStorage,
  };
}
