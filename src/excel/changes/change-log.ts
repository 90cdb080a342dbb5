// The change log sheet: the flagged changes as a plain table on a sheet of their own ("Kalibrate changes"), replaced
// on each write, written in bounded row blocks like a report.
import type { ChangeLogWriter } from "../../changes/ports";
import type { ExcelValue } from "../../core/table";
import { writeRowBlocks } from "../reports/block-writer";

export const CHANGE_LOG_SHEET = "Kalibrate changes";

const HEADERS = ["Where", "Site", "Product", "Column", "Change", "Old", "New", "Amount", "Effective time", "Cell"];

export function excelChangeLog(now: () => number = Date.now): ChangeLogWriter {
  return {
    async write(changes) {
      return Excel.run(async (context) => {
        let sheet = context.workbook.worksheets.getItemOrNullObject(CHANGE_LOG_SHEET);
        await context.sync();
        if (sheet.isNullObject) sheet = context.workbook.worksheets.add(CHANGE_LOG_SHEET);
        else sheet.getRange().clear("Contents");
        const rows: ExcelValue[][] = [
          [`What moved at the refresh of ${new Date(now()).toISOString()}`, ...HEADERS.slice(1).map(() => "")],
          HEADERS,
          ...changes.map((c) => [
            c.where,
            c.site ?? "",
            c.product ?? "",
            c.column ?? "",
            c.direction,
            c.before ?? "",
            c.after ?? "",
            c.delta ?? "",
            c.effectiveTime ?? "",
            c.address ?? "",
          ]),
        ];
        await writeRowBlocks(context, sheet, { row: 0, column: 0 }, rows);
        sheet.activate();
        await context.sync();
        return CHANGE_LOG_SHEET;
      });
    },
  };
}
