export { flatten, flattenToExcel } from "./flatten";
export { ExcelPageFlattener } from "./page-flattener";
export { excelTableOfPages } from "./excel-pages";
export type { PagedRead, ExcelPagesOptions } from "./excel-pages";
export type { FlatTable, FlattenOptions } from "./flatten";
export { UnknownColumnError, closeMatches } from "./columns";
export { ID_FIELDS } from "./paths";
export { REFERENCE_TARGETS, createReferenceLookup, expandReferences, mayExpandReferences } from "./references";
export type { ReferenceTarget, ReferenceIndex, ReferenceLookup } from "./references";
export {
  toExcelValue,
  toExcelTable,
  excelTableOf,
  excelSerial,
  EXCEL_DATE_FORMAT,
  EXCEL_DATE_TIME_FORMAT,
  EXCEL_MAX_TEXT,
} from "./excel-values";
export type { ExcelValue, ExcelTable, DateColumn } from "./excel-values";
