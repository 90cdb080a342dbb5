// What moved, through Office.js: the mark layer (conditional formats the add-in owns), the KALIBRATE cells' value
// reader, the change-log sheet and the snapshots' storage. Composed with the ChangeService in src/composition.ts.
export { excelMarkLayer, MARKS_KEY, MAX_MARKS } from "./marks";
export { excelCellValueReader } from "./cell-values";
export { excelChangeLog, CHANGE_LOG_SHEET } from "./change-log";
export { settingsChangeStore } from "./change-store";
