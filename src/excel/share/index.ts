// Share as values through Office.js (share-workbook.ts). Composed with the ShareService in src/composition.ts.
export { excelShareWorkbook, SHARE_LIMITS } from "./share-workbook";
