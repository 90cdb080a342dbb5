// Import ranges through Office.js: the ImportWorkbook port. Composed with the ImportService in src/composition.ts.
export { excelImportWorkbook, MARK_PREFIX } from "./import-workbook";
