// The names of the workbook's tables and sheets: what the report and import panels offer and check new names against.

/** Every table's name, in the workbook's order. */
export async function tableNames(): Promise<string[]> {
  return Excel.run(async (context) => {
    const tables = context.workbook.tables;
    tables.load("items/name");
    await context.sync();
    return tables.items.map((t) => t.name);
  });
}

/** Every worksheet's name, in tab order. */
export async function sheetNames(): Promise<string[]> {
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    return sheets.items.map((s) => s.name);
  });
}
