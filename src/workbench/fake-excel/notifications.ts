// What the workbook tells its listeners (the workbench grid, Excel events): changes are collected while an operation
// runs and heard once, at its end, as Excel raises one event per action.

import type { Rect } from "./address";
import type { SheetModel } from "./sheet-model";

export interface WorkbookChange {
  reason: "cells" | "sheets" | "tables" | "selection" | "settings" | "customXml";
  sheet?: string;
}

/** Listeners of one kind: subscribe returns the unsubscribe; each hears every call, in subscription order. */
class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();

  subscribe(listener: (...args: A) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  call(...args: A): void {
    for (const listener of this.set) listener(...args);
  }
}

export class ChangeNotifier {
  private changeListeners = new Listeners<[WorkbookChange]>();
  private selectionListeners = new Listeners<[SheetModel, Rect]>();
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
    for (const change of changes) this.changeListeners.call(change);
  }

  onChange(listener: (change: WorkbookChange) => void): () => void {
    return this.changeListeners.subscribe(listener);
  }

  onSelection(listener: (sheet: SheetModel, rect: Rect) => void): () => void {
    return this.selectionListeners.subscribe(listener);
  }

  selected(sheet: SheetModel): void {
    this.selectionListeners.call(sheet, sheet.selection);
  }
}
