// The ribbon's Kalibrate group (Home tab), as data and as work: each button's manifest control id, label and what it
// does. manifest.xml declares the same buttons (test/unit/manifest.test.ts checks they agree); commands.ts associates
// the ExecuteFunction ones with Office, and the workbench's ribbon bar presses the very same commands.
//
// - Refresh and Clear marks run here, in the shared runtime, and announce their outcome to the pane (the ribbon has
//   nowhere to say it): Refresh in the Refresh panel, Clear marks in the What moved panel.
// - What moved and Share as values open the pane on their panel: What moved is a list to read, and sharing needs a
//   choice (the whole workbook or the selection, inside the organisation or outside) that a button cannot ask.
// - Restore formulas opens the pane on the Share panel and starts the restore there: there is nothing to choose (it
//   restores what the workbook's restore map says), but it can take a while on a large workbook and the panel shows
//   its progress and its outcome, which a ribbon button cannot; a workbook that was never shared is told so there.
import { Listeners, loadFailureMessage } from "../core/util";
import type { Runtime } from "../runtime";

// Refresh and Clear marks run the report and change services, which load with their first use (the pane's `reports`
// chunk), so the page's start-up scripts stay those of the connect form.
const loadRefresh = () => import(/* webpackChunkName: "reports" */ "./refresh");
const loadComposition = () => import(/* webpackChunkName: "reports" */ "../composition");

export type PanePanel = "what-moved" | "share";

export interface PanelRequest {
  panel: PanePanel;
  /** Start Restore formulas once the panel shows. */
  restore?: boolean;
}

/**
 * Which panel the pane should bring into view: the ribbon asks, the pane's panel answers. One store per shared
 * runtime (module state: the ribbon's commands and the pane run in the same page). A request made before the panel
 * is on screen (its chunk still loading) waits for it.
 */
export interface PanelRequests {
  open(request: PanelRequest): void;
  /** The request waiting for `panel`, taken (so it is answered once). */
  take(panel: PanePanel): PanelRequest | undefined;
  /** Requests made while the panel is on screen. */
  onRequest(listener: (request: PanelRequest) => void): () => void;
}

function createPanelRequests(): PanelRequests {
  const listeners = new Listeners<[PanelRequest]>();
  let waiting: PanelRequest | undefined;
  return {
    open(request) {
      waiting = request;
      listeners.emit(request);
    },
    take(panel) {
      if (waiting?.panel !== panel) return undefined;
      const request = waiting;
      waiting = undefined;
      return request;
    },
    onRequest: (listener) => listeners.add(listener),
  };
}

export const panelRequests = createPanelRequests();

export type CommandName = "refresh" | "showWhatMoved" | "clearMarks" | "showShare" | "restoreFormulas";

export interface RibbonButton {
  /** The control's id in manifest.xml. */
  id: string;
  label: string;
  /** The ExecuteFunction's FunctionName; none for the button that only shows the pane (ShowTaskpane). */
  command?: CommandName;
}

export const RIBBON_BUTTONS: readonly RibbonButton[] = [
  { id: "Kalibrate.ShowPane", label: "Kalibrate" },
  { id: "Kalibrate.Refresh", label: "Refresh", command: "refresh" },
  { id: "Kalibrate.WhatMoved", label: "What moved", command: "showWhatMoved" },
  { id: "Kalibrate.ClearMarks", label: "Clear marks", command: "clearMarks" },
  { id: "Kalibrate.ShareAsValues", label: "Share as values", command: "showShare" },
  { id: "Kalibrate.RestoreFormulas", label: "Restore formulas", command: "restoreFormulas" },
];

/** What the commands need of the host: showing the pane (Office.addin.showAsTaskpane in Excel). */
export interface RibbonHost {
  showPane(): Promise<void>;
}

export interface CommandOutcome {
  command: CommandName;
  message: string;
}

// What a command did, for the pane to show, whether the pane or the ribbon ran it (the ribbon has nowhere to say it).
// First-screen code: listening loads none of the commands' own code. Refresh's outcomes come from refresh.ts.
const outcomeListeners = new Listeners<[outcome: CommandOutcome]>();

export function onCommandOutcome(listener: (outcome: CommandOutcome) => void): () => void {
  return outcomeListeners.add(listener);
}

export function announceCommandOutcome(outcome: CommandOutcome): void {
  outcomeListeners.emit(outcome);
}

/** Refresh always says what it did; the others may only open a panel (undefined). */
export type RibbonCommands = Record<Exclude<CommandName, "refresh">, () => Promise<string | undefined>> & {
  refresh(): Promise<string>;
};

/**
 * The commands of a runtime. Each resolves with what it told the user (undefined: it opened a panel) and rejects only
 * after saying why; the caller settles Office's event either way.
 */
export function ribbonCommands(rt: Runtime, host: RibbonHost): RibbonCommands {
  const show = async (request: PanelRequest) => {
    panelRequests.open(request);
    await host.showPane();
    return undefined;
  };
  return {
    async refresh() {
      let refresh: Awaited<ReturnType<typeof loadRefresh>>;
      try {
        refresh = await loadRefresh();
      } catch (error) {
        const failure = new Error(loadFailureMessage("Refresh", error as Error));
        // Announced here: a Refresh whose code could not be loaded never reaches refresh.ts.
        announceCommandOutcome({ command: "refresh", message: `Refresh failed: ${failure.message}` });
        throw failure;
      }
      return refresh.refreshAndDescribe(rt);
    },
    showWhatMoved: () => show({ panel: "what-moved" }),
    showShare: () => show({ panel: "share" }),
    restoreFormulas: () => show({ panel: "share", restore: true }),
    async clearMarks() {
      let message: string;
      try {
        const { changeService } = await loadComposition();
        const removed = await changeService(rt).clearMarks();
        message = `Removed ${removed} mark${removed === 1 ? "" : "s"}; values are unchanged.`;
      } catch (error) {
        message = `Clear marks did not work: ${(error as Error).message} Try again, or use Clear marks in the pane's What moved panel.`;
        announceCommandOutcome({ command: "clearMarks", message });
        throw error;
      }
      announceCommandOutcome({ command: "clearMarks", message });
      return message;
    },
  };
}
