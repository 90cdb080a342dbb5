// What the workbook tells its listeners (the workbench grid, Excel events): changes are collected while an operation
// runs and heard once, at its end, as Excel raises one event per action.

import type { Rect } from "./address";
import type { SheetModel } from "./sheet-model";

export interface WorkbookChange {
  reason: "cells" | "sheets" | "tables" | "selection" | "settings" | "customXml";
  sheet?: string;
}

export class ChangeNotifier {
  private changeListeners = new Set<(change: WorkbookChange) => void>();
  private selectionListeners = new Set<(sheet: SheetModel, rect: Rect) => void>();
  private pending = new Map<string, WorkbookChange>();
  private depth = 0;

  /** Runs one operation; `settle` (recalculation) and the listeners run once, when the outermost operation ends. */
  batch<T>(operation: () => T, settle: () => void): T {
    this.depth++;
    try {
      return operation();
    } finally {
      if (--this.depth === 0) {
        settle();
        this.emit();
      }
    }
  }

  note(change: WorkbookChange): void {
    this.pending.set(`${change.reason}:${change.sheet ?? ""}`, change);
    if (this.depth === 0) this.emit();
  }

  private emit(): void {
    const changes = [...this.pending.values()];
    this.pending.clear();
    for (const change of changes) for (const listener of this.changeListeners) listener(change);
  }

  onChange(listener: (change: WorkbookChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onSelection(listener: (sheet: SheetModel, rect: Rect) => void): () => void {
    this.selectionListeners.add(listener);
    return () => this.selectionListeners.delete(listener);
  }

  selected(sheet: SheetModel): void {
    for (const listener of this.selectionListeners) listener(sheet, sheet.selection);
  }
}
