// The builder's screen state as one reducer: the controls, the query text that follows them (or that they follow),
// its error, the columns, where a report goes, and the preview. Plain functions, so they are tested without React.
import type { ReportDefinition, ReportSpec } from "../../reports/definition";
import type { Placement } from "../../reports/ports";
import type { Preview } from "../../reports/preview";
import { variantsOf } from "./catalog";
import {
  describeSyntaxError,
  EMPTY_STATE,
  parseColumns,
  queryText,
  readQueryText,
  stateOf,
  type BuilderState,
} from "./model";

export interface BuilderScreen {
  state: BuilderState;
  text: string;
  textError?: string;
  columnsText: string;
  placement: Placement;
  shown?: Preview;
  previewing: boolean;
  problem?: string;
}

export type BuilderAction =
  /** A change made with the controls: the text follows. */
  | { type: "controls"; state: BuilderState }
  /** Text typed by hand: the controls follow when it parses; otherwise the error shows under it. */
  | { type: "typed"; text: string }
  /** Another collection: a variant it does not have is dropped, and the preview (of the old one) goes. */
  | { type: "collection"; collection: string }
  | { type: "columns"; text: string }
  | { type: "placement"; placement: Placement }
  /** A report opened for editing: its query, columns and collection, as far as they can be read. */
  | { type: "edit"; report: ReportDefinition }
  | { type: "preview-started" }
  | { type: "preview-shown"; preview: Preview }
  | { type: "preview-failed"; message: string }
  | { type: "preview-ended" };

export const INITIAL_SCREEN: BuilderScreen = {
  state: EMPTY_STATE,
  text: queryText(EMPTY_STATE),
  columnsText: "",
  placement: "selection",
  previewing: false,
};

function withControls(screen: BuilderScreen, state: BuilderState): BuilderScreen {
  try {
    return { ...screen, state, text: queryText(state), textError: undefined };
  } catch (error) {
    return { ...screen, state, textError: (error as Error).message };
  }
}

export function builderReducer(screen: BuilderScreen, action: BuilderAction): BuilderScreen {
  switch (action.type) {
    case "controls":
      return withControls(screen, action.state);
    case "typed": {
      const read = readQueryText(action.text, screen.state);
      return read.ok
        ? { ...screen, text: action.text, state: read.state, textError: undefined }
        : { ...screen, text: action.text, textError: describeSyntaxError(read.error) };
    }
    case "collection": {
      const { state } = screen;
      const variant = variantsOf(action.collection).includes(state.variant) ? state.variant : "";
      return { ...withControls(screen, { ...state, collection: action.collection, variant }), shown: undefined };
    }
    case "columns":
      return { ...screen, columnsText: action.text };
    case "placement":
      return { ...screen, placement: action.placement };
    case "edit": {
      const { report } = action;
      const read = stateOf(report);
      return {
        ...screen,
        state: read.ok ? read.state : { ...EMPTY_STATE, collection: report.collection, columns: report.columns },
        text: report.query,
        textError: read.ok ? undefined : describeSyntaxError(read.error),
        columnsText: report.columns.join(","),
        shown: undefined,
      };
    }
    case "preview-started":
      return { ...screen, previewing: true, problem: undefined };
    case "preview-shown":
      return { ...screen, shown: action.preview };
    case "preview-failed":
      return { ...screen, problem: action.message };
    case "preview-ended":
      return { ...screen, previewing: false };
  }
}

/** What Preview, Insert and Save send: the screen's collection, query text and columns. */
export function specOf(screen: BuilderScreen): ReportSpec {
  return { collection: screen.state.collection, query: screen.text.trim(), columns: parseColumns(screen.columnsText) };
}

/** The properties to offer: the catalogue's for the collection, then any field the preview showed. */
export function propertyChoices(screen: BuilderScreen, catalogue: readonly string[]): string[] {
  return [...new Set([...catalogue, ...(screen.shown?.fields ?? [])])];
}
