// Reads the values of KALIBRATE formula cells after a refresh: one 1×1 range per cell, a bounded number per sync,
// halved whenever Excel on the web declines a response for its size.
import type { ExcelValue } from "../../core/table";
import type { CellValueReader } from "../../changes/ports";
import { splitAddress } from "../reports/a1";
import { isReadTooLarge } from "../reports/block-writer";

export const CELLS_PER_READ = 20_000;

export function excelCellValueReader(cellsPerRead = CELLS_PER_READ): CellValueReader {
  return {
    async read(addresses) {
      const values = new Map<string, ExcelValue>();
      if (addresses.length === 0) return values;
      return Excel.run(async (context) => {
        let budget = cellsPerRead;
        let done = 0;
        while (done < addresses.length) {
          const batch = addresses.slice(done, done + budget);
          const ranges = batch.map((address) => {
            const { sheet, rect } = splitAddress(address);
            return context.workbook.worksheets
              .getItem(sheet ?? "")
              .getRangeByIndexes(rect.row, rect.column, 1, 1)
              .load("values");
          });
          try {
            // One sync per batch: each batch is one bounded response.
            // eslint-disable-next-line office-addins/no-context-sync-in-loop
            await context.sync();
          } catch (error) {
            if (!isReadTooLarge(error) || batch.length === 1) throw error;
            budget = Math.max(1, Math.floor(batch.length / 2));
            continue;
          }
          batch.forEach((address, i) => values.set(address, ranges[i].values[0][0] as ExcelValue));
          done += batch.length;
        }
        return values;
      });
    },
  };
}
