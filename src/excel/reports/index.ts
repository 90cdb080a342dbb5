// Report tables through Office.js: the ReportWorkbook port (report-workbook.ts), the report definitions' storage in
// document settings, and the chunked writer. Composed with the ReportService in src/composition.ts.
export { excelReportWorkbook } from "./report-workbook";
export { settingsStorage } from "./settings-storage";
export { writeRowBlocks, START_BLOCK_ROWS } from "./block-writer";
