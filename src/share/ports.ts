// What sharing as values needs from Excel (src/excel/share implements it with Office.js).
import type { SharedFormula } from "./restore-map";

export interface ShareProgress {
  phase: "reading" | "saving restore map" | "converting" | "stamping" | "restoring";
  done: number;
  total: number;
}

export interface ShareWorkbook {
  /** Every KALIBRATE formula cell with the extent of its result; `within` limits it to a sheet-qualified range. */
  kalibrateFormulas(within?: string): Promise<SharedFormula[]>;
  /** The selection's sheet-qualified address. */
  selection(): Promise<string>;
  /** Whether the table overlaps the sheet-qualified range. */
  tableOverlaps(table: { tableName: string; tableId?: string }, within: string): Promise<boolean>;
  /** Replaces the restore map (one custom XML part in the add-in's namespace). */
  saveRestoreMap(xml: string): Promise<void>;
  loadRestoreMap(): Promise<string | undefined>;
  deleteRestoreMap(): Promise<void>;
  /** Turns each formula's result into plain values, in bounded batches. */
  toValues(formulas: readonly SharedFormula[], onProgress: (done: number) => void): Promise<void>;
  /** Re-enters each formula, clearing the values its result covered so it can spill again. */
  restoreFormulas(formulas: readonly SharedFormula[], onProgress: (done: number) => void): Promise<void>;
  /** Puts a note on each sheet (a cell comment in row 1); replaces an earlier Kalibrate stamp. */
  stamp(notes: ReadonlyArray<{ sheet: string; text: string }>): Promise<void>;
  /** Removes the Kalibrate stamps; returns how many. */
  removeStamps(): Promise<number>;
}
