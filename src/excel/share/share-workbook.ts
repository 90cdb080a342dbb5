// The Office.js side of Share as values and Restore formulas: finding each KALIBRATE formula's result (its spill,
// ExcelApi 1.12, asked first), converting results to values and formulas back in bounded batches (halved whenever
// Excel on the web refuses a request or a response for its size), the restore map as a custom XML part (ExcelApi
// 1.5), and the sheet stamps as cell comments (ExcelApi 1.10) that start with "Kalibrate share:".
import type { ExcelValue } from "../../core/table";
import type { ShareWorkbook } from "../../share/ports";
import { RESTORE_NAMESPACE, STAMP_PREFIX, type SharedFormula } from "../../share/restore-map";
import { findKalibrateCells } from "../refresh";
import { formatAddress, overlaps, splitAddress } from "../reports/a1";
import { isPayloadTooLarge, isReadTooLarge, protectText } from "../reports/block-writer";
import { isExcelApiSupported } from "../requirements";

/** Formula cells handled per sync, and the result cells they may cover together. */
export const SHARE_LIMITS = { formulas: 2_000, cells: 100_000 };

function batches(formulas: readonly SharedFormula[], maxFormulas: number, maxCells: number): SharedFormula[][] {
  const out: SharedFormula[][] = [];
  let batch: SharedFormula[] = [];
  let cells = 0;
  for (const f of formulas) {
    const size = f.rows * f.columns;
    if (batch.length > 0 && (batch.length >= maxFormulas || cells + size > maxCells)) {
      out.push(batch);
      batch = [];
      cells = 0;
    }
    batch.push(f);
    cells += size;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/** Runs `work` over the formulas in bounded batches, halving a batch Excel refuses for its size. */
async function inBatches(
  formulas: readonly SharedFormula[],
  work: (batch: SharedFormula[]) => Promise<void>,
  onProgress: (done: number) => void,
): Promise<void> {
  let maxFormulas = SHARE_LIMITS.formulas;
  let maxCells = SHARE_LIMITS.cells;
  let done = 0;
  while (done < formulas.length) {
    const [batch] = batches(formulas.slice(done), maxFormulas, maxCells);
    try {
      await work(batch);
    } catch (error) {
      if (!isReadTooLarge(error) || batch.length === 1) throw error;
      maxFormulas = Math.max(1, Math.floor(batch.length / 2));
      maxCells = Math.max(1, Math.floor(batch.reduce((n, f) => n + f.rows * f.columns, 0) / 2));
      continue;
    }
    done += batch.length;
    onProgress(done);
  }
}

const cellOf = (context: Excel.RequestContext, f: SharedFormula, whole = true) =>
  context.workbook.worksheets
    .getItem(f.sheet)
    .getRangeByIndexes(f.row, f.column, whole ? f.rows : 1, whole ? f.columns : 1);

async function restoreMapPart(context: Excel.RequestContext): Promise<Excel.CustomXmlPart[]> {
  const parts = context.workbook.customXmlParts.getByNamespace(RESTORE_NAMESPACE);
  parts.load("items/id");
  await context.sync();
  // Loaded above through "items/id" (the lint rule does not read paths).
  // eslint-disable-next-line office-addins/load-object-before-read
  return parts.items;
}

async function kalibrateStamps(context: Excel.RequestContext): Promise<Excel.Comment[]> {
  const comments = context.workbook.comments;
  comments.load("items/content");
  await context.sync();
  return comments.items.filter((c) => c.content.startsWith(STAMP_PREFIX));
}

export function excelShareWorkbook(): ShareWorkbook {
  return {
    async kalibrateFormulas(within) {
      if (!isExcelApiSupported("1.12")) {
        throw new Error(
          "Share as values needs ExcelApi 1.12 to find the cells each formula's result spills into, and this Excel " +
            "does not have it; nothing was changed. Update Excel, or use Excel on the web.",
        );
      }
      const limit = within ? splitAddress(within) : undefined;
      const cells = (await findKalibrateCells()).filter(
        (c) =>
          !limit ||
          (c.sheet === limit.sheet && overlaps(limit.rect, { row: c.row, column: c.column, rows: 1, columns: 1 })),
      );
      const result: SharedFormula[] = [];
      await Excel.run(async (context) => {
        const spills = cells.map((c) =>
          context.workbook.worksheets
            .getItem(c.sheet)
            .getRangeByIndexes(c.row, c.column, 1, 1)
            .getSpillingToRangeOrNullObject()
            .load("rowCount,columnCount"),
        );
        await context.sync();
        cells.forEach((c, i) =>
          result.push({
            ...c,
            rows: spills[i].isNullObject ? 1 : spills[i].rowCount,
            columns: spills[i].isNullObject ? 1 : spills[i].columnCount,
          }),
        );
      });
      return result;
    },

    async selection() {
      return Excel.run(async (context) => {
        const range = context.workbook.getSelectedRange().load("address");
        await context.sync();
        return range.address;
      });
    },

    async tableOverlaps(ref, within) {
      return Excel.run(async (context) => {
        const table = context.workbook.tables.getItemOrNullObject(ref.tableId ?? ref.tableName);
        await context.sync();
        if (table.isNullObject) return false;
        const range = table.getRange().load("address");
        await context.sync();
        const a = splitAddress(range.address);
        const b = splitAddress(within);
        return a.sheet === b.sheet && overlaps(a.rect, b.rect);
      });
    },

    async saveRestoreMap(xml) {
      await Excel.run(async (context) => {
        for (const part of await restoreMapPart(context)) part.delete();
        context.workbook.customXmlParts.add(xml);
        await context.sync();
      });
    },

    async loadRestoreMap() {
      return Excel.run(async (context) => {
        const [part] = await restoreMapPart(context);
        if (!part) return undefined;
        const xml = part.getXml();
        await context.sync();
        // A ClientResult from a method is read after the sync; it has no load().
        // eslint-disable-next-line office-addins/load-object-before-read
        return xml.value;
      });
    },

    async deleteRestoreMap() {
      await Excel.run(async (context) => {
        for (const part of await restoreMapPart(context)) part.delete();
        await context.sync();
      });
    },

    async toValues(formulas, onProgress) {
      await Excel.run(async (context) => {
        await inBatches(
          formulas,
          async (batch) => {
            const ranges = batch.map((f) => cellOf(context, f).load("values"));
            await context.sync();
            batch.forEach((_, i) => {
              ranges[i].values = (ranges[i].values as ExcelValue[][]).map((row) => row.map(protectText));
            });
            context.application.suspendApiCalculationUntilNextSync();
            try {
              await context.sync();
            } catch (error) {
              // The refused write changed nothing; report it as a size problem so the batch is halved.
              if (isPayloadTooLarge(error)) throw Object.assign(new Error("too large"), { code: "PayloadTooLarge" });
              throw error;
            }
          },
          onProgress,
        );
      });
    },

    async restoreFormulas(formulas, onProgress) {
      await Excel.run(async (context) => {
        await inBatches(
          formulas,
          async (batch) => {
            for (const f of batch) {
              // The values the result had would block its spill: clear them, then enter the formula.
              if (f.rows > 1 || f.columns > 1) cellOf(context, f).clear("Contents");
              cellOf(context, f, false).formulas = [[f.formula]];
            }
            await context.sync();
          },
          onProgress,
        );
      });
    },

    async stamp(notes) {
      await Excel.run(async (context) => {
        for (const old of await kalibrateStamps(context)) old.delete();
        await context.sync();
        const comments = context.workbook.comments;
        comments.load("items");
        await context.sync();
        const locations = comments.items.map((c) => c.getLocation().load("address"));
        await context.sync();
        const taken = new Set(locations.map((l) => l.address));
        for (const { sheet, text } of notes) {
          // The first cell of row 1 without a comment: a cell holds one comment thread.
          let column = 0;
          while (taken.has(formatAddress(sheet, { row: 0, column, rows: 1, columns: 1 }))) column++;
          comments.add(formatAddress(sheet, { row: 0, column, rows: 1, columns: 1 }), text);
        }
        await context.sync();
      });
    },

    async removeStamps() {
      return Excel.run(async (context) => {
        const stamps = await kalibrateStamps(context);
        for (const stamp of stamps) stamp.delete();
        await context.sync();
        return stamps.length;
      });
    },
  };
}
