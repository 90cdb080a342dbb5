// Excel does not recalculate non-volatile custom functions on F9, so Refresh re-enters the formulas of the cells that
// use KALIBRATE functions: only those cells recalculate, never the whole workbook.

const KALIBRATE_CALL = /(^|[^A-Za-z0-9_.])KALIBRATE\.[A-Z]+\s*\(/i;

export function usesKalibrate(formula: unknown): boolean {
  return typeof formula === "string" && formula.startsWith("=") && KALIBRATE_CALL.test(formula);
}

export interface RecalcResult {
  cells: number;
}

/** Re-enters every KALIBRATE formula in the workbook; returns how many cells that was. */
export async function recalculateKalibrateCells(): Promise<RecalcResult> {
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    const used = sheets.items.map((sheet) => {
      const range = sheet.getUsedRangeOrNullObject();
      range.load("formulas, rowIndex, columnIndex");
      return { sheet, range };
    });
    await context.sync();
    let cells = 0;
    for (const { sheet, range } of used) {
      if (range.isNullObject) continue;
      range.formulas.forEach((row, r) =>
        row.forEach((formula, c) => {
          if (!usesKalibrate(formula)) return;
          sheet.getCell(range.rowIndex + r, range.columnIndex + c).formulas = [[formula]];
          cells++;
        }),
      );
    }
    await context.sync();
    return { cells };
  });
}
