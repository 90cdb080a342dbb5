// What the report logic needs from Excel, as an interface: src/excel/reports implements it with Office.js, tests
// may implement it over the fake host or in memory. Addresses are sheet-qualified A1 ("Sheet1!A1:C10").
import type { ExcelTable } from "../core/table";

export interface TableRef {
  tableName: string;
  tableId?: string;
}

export interface TableLocation extends Required<TableRef> {
  sheet: string;
  address: string;
  /** Data rows (the header row not counted). */
  rows: number;
  columns: number;
}

/** Where a new report table goes: the selected cell, or cell A1 of a new sheet. */
export type Placement = "selection" | "new-sheet";

/** What writing a table of a given size would run into. */
export interface TargetCheck {
  /** Another table in the way: Excel tables cannot overlap, so the write cannot happen there. */
  blockedBy?: string;
  /** The first cell with content that the write would overwrite (sheet-qualified), or a range holding such cells. */
  occupied?: string;
}

export interface WriteProgress {
  (rowsWritten: number): void;
}

export interface SelectionInfo {
  /** Sheet-qualified address of the selection. */
  address: string;
  sheet: string;
  /** The selected cell's formula, or the formula of the spill it belongs to. */
  formula?: string;
  /** Where that formula is (the spill's anchor when a spilled cell is selected). */
  formulaAddress?: string;
  /** The table the selection's top-left cell is in. */
  table?: Required<TableRef>;
  /** What this Excel could not tell about the selection, as a sentence (an API above the requirement floor). */
  unavailable?: string;
}

export interface ReportWorkbook {
  /** The top-left cell of the selection, sheet-qualified. */
  selectedCell(): Promise<{ sheet: string; address: string }>;
  checkInsert(at: { sheet: string; address: string }, rows: number, columns: number): Promise<TargetCheck>;
  /** Writes the table (header row + rows) and makes it an Excel table named `tableName`. */
  insert(
    placement: { sheet: string; address: string } | { newSheet: string },
    table: ExcelTable,
    options: { tableName: string; onRows?: WriteProgress },
  ): Promise<TableLocation>;
  findTable(ref: TableRef): Promise<TableLocation | undefined>;
  /** What growing the table to this size would overwrite (the table's own cells do not count). */
  checkResize(ref: TableRef, rows: number, columns: number): Promise<TargetCheck>;
  /** Replaces the table's header and rows, resizing it; cells beside the table are left alone. */
  replace(ref: TableRef, table: ExcelTable, options: { onRows?: WriteProgress }): Promise<TableLocation>;
  /** Deletes the table; `keepValues` leaves its cells as a plain range. */
  deleteTable(ref: TableRef, keepValues: boolean): Promise<void>;
  tableNames(): Promise<string[]>;
  sheetNames(): Promise<string[]>;
  /** Writes a formula at the selected cell; returns where. */
  writeFormula(formula: string): Promise<string>;
  /** Whether the selected cell holds something. */
  selectedCellHasContent(): Promise<boolean>;
  describeSelection(): Promise<SelectionInfo>;
  /** Calls the listener when the user selects something else; returns an unsubscribe. */
  onSelectionChanged(listener: () => void): () => void;
}
