// The Import panel's service for this runtime: the workbook through Office.js, Kalibrate through the runtime's one
// token provider and data client.
import type { Runtime } from "../../runtime";
import { dataClientImportApi } from "../../imports/data-api";
import { ImportService } from "../../imports/service";
import { excelImportWorkbook } from "./import-workbook";

export { excelImportWorkbook, MARK_PREFIX } from "./import-workbook";

export function importService(rt: Runtime): ImportService {
  return new ImportService({ workbook: excelImportWorkbook(), api: dataClientImportApi(rt.data, rt.tokens) });
}
