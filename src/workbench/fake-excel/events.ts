// onSelectionChanged for the workbook and for a worksheet. Handlers register when the sync runs (as in Excel) and are
// called asynchronously after the selection changes, through Range.select() or the test handle's select().

import { formatRect, type Rect } from "./address";
import type { RequestContext } from "./request-context";
import type { SheetModel } from "./sheet-model";
import type { WorkbookProxy } from "./workbook-proxy";

export interface WorksheetSelectionChangedEventArgs {
  address: string;
  type: "WorksheetSelectionChanged";
  worksheetId: string;
  source: "Local";
}

export interface SelectionChangedEventArgs {
  workbook: WorkbookProxy;
  type: "WorkbookSelectionChanged";
}

type Handler<A> = (args: A) => unknown;

export class EventHandlerResult {
  constructor(
    readonly context: RequestContext,
    private readonly unregister: () => void,
  ) {}

  /** Queues the handler's removal (it stops at the next sync). */
  remove(): void {
    this.context._queue({
      location: "EventHandlerResult.remove",
      run: () => {
        this.unregister();
      },
    });
  }
}

export class SelectionEvents<A> {
  private registrations = new Map<Handler<A>, () => void>();

  constructor(
    private readonly ctx: RequestContext,
    private readonly target: () => SheetModel,
    private readonly scope: "workbook" | "worksheet",
  ) {}

  add(handler: Handler<A>): EventHandlerResult {
    let unsubscribe: (() => void) | undefined;
    this.ctx._queue({
      location: this.scope === "workbook" ? "Workbook.onSelectionChanged" : "Worksheet.onSelectionChanged",
      run: () => {
        const sheetFilter = this.scope === "worksheet" ? this.target() : undefined;
        unsubscribe = this.ctx._env.model.onSelection((sheet, rect) => {
          if (sheetFilter && sheet !== sheetFilter) return;
          const args = this.args(sheet, rect) as A;
          void Promise.resolve()
            .then(() => handler(args))
            .catch(() => undefined);
        });
        this.registrations.set(handler, () => unsubscribe?.());
      },
    });
    return new EventHandlerResult(this.ctx, () => unsubscribe?.());
  }

  remove(handler: Handler<A>): void {
    this.ctx._queue({
      location: "EventHandlers.remove",
      run: () => {
        this.registrations.get(handler)?.();
        this.registrations.delete(handler);
      },
    });
  }

  private args(sheet: SheetModel, rect: Rect): WorksheetSelectionChangedEventArgs | SelectionChangedEventArgs {
    if (this.scope === "worksheet") {
      return { address: formatRect(rect), type: "WorksheetSelectionChanged", worksheetId: sheet.id, source: "Local" };
    }
    // The handler gets a workbook on a fresh context, as Excel hands it one outside the registering batch.
    const Context = this.ctx.constructor as new (env: RequestContext["_env"]) => RequestContext;
    return { workbook: new Context(this.ctx._env).workbook, type: "WorkbookSelectionChanged" };
  }
}
