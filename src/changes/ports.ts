// What the change logic needs from Excel, as interfaces (src/excel/changes implements them with Office.js).
import type { ExcelValue } from "../core/table";
import type { AlertRule } from "./alerts";
import type { StoredSnapshot } from "./diff";
import type { Change, ChangeSettings, Direction } from "./model";
import type { SpillCapture } from "./spill-diff";

export interface Mark {
  /** Sheet-qualified A1 of the cell or row to mark. */
  address: string;
  direction: Direction;
  /** Shown in the cell by the mark's number format: "▲ +0.01 (was 1.459)". */
  note?: string;
}

/** The removable layer of marks the add-in owns (conditional formats in Excel); it never touches values. */
export interface MarkLayer {
  /** Adds marks for one source ("cells" or a report id), replacing that source's previous marks. */
  mark(source: string, marks: readonly Mark[], onProgress?: (done: number, total: number) => void): Promise<number>;
  /** Removes the marks of one source, or every mark the add-in made. */
  clear(source?: string): Promise<number>;
}

/** Current values of formula cells, by sheet-qualified address. */
export interface CellValueReader {
  read(addresses: readonly string[]): Promise<Map<string, ExcelValue>>;
  /**
   * The spilled results of formula cells, by the formula's address (absent: it does not spill), reading at most
   * `budgetCells` values in all (a spill beyond that answers only its size); undefined where this Excel cannot tell
   * what a formula spills into (before ExcelApi 1.12).
   */
  readSpills(addresses: readonly string[], budgetCells: number): Promise<Map<string, SpillCapture> | undefined>;
}

/** What the workbook keeps between refreshes (document settings). */
export interface ChangeStore {
  settings(): Promise<ChangeSettings>;
  saveSettings(settings: ChangeSettings): Promise<void>;
  snapshots(): Promise<Map<string, StoredSnapshot>>;
  snapshotSizes(): Promise<Map<string, number>>;
  saveSnapshot(reportId: string, snapshot: StoredSnapshot): Promise<void>;
  alertRules(): Promise<AlertRule[]>;
  saveAlertRule(rule: AlertRule): Promise<void>;
  removeAlertRule(reportId: string): Promise<void>;
}

/** Writes the change list to a sheet of its own; returns the sheet's name. */
export interface ChangeLogWriter {
  write(changes: readonly Change[]): Promise<string>;
}
