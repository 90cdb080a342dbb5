// Every failure reaches the cell as an error that says what to do: #VALUE! for what the user typed (arguments, query
// text), #N/A for everything else (not connected, API or network trouble, too many rows). Only these two carry a
// message in Excel (office-addin-notes), and an unhandled throw would show a bare #VALUE!.
import { ArgumentError } from "./arguments";
import { DataApiError } from "../core/api";
import { NotConnectedError, SIGN_IN_REQUIRED } from "../core/auth";
import { QuerySyntaxError } from "../core/query";
import { UnknownColumnError } from "../core/table";

export const NOT_CONNECTED = "Connect in the Kalibrate pane (Home › Kalibrate), then press Refresh.";
const MAX_MESSAGE = 250;

function clip(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…`;
}

// The codes as the strings Excel takes: the CustomFunctions.ErrorCode enum is CustomFunctionsRuntime 1.3, above the
// add-in's floor (1.2), while the Error constructor and these two codes work on every runtime.
const INVALID_VALUE = "#VALUE!" as CustomFunctions.ErrorCode;
const NOT_AVAILABLE = "#N/A" as CustomFunctions.ErrorCode;

export function valueError(message: string): CustomFunctions.Error {
  return new CustomFunctions.Error(INVALID_VALUE, clip(message));
}

export function notAvailable(message: string): CustomFunctions.Error {
  return new CustomFunctions.Error(NOT_AVAILABLE, clip(message));
}

function isCustomFunctionsError(error: unknown): error is CustomFunctions.Error {
  return typeof CustomFunctions !== "undefined" && error instanceof CustomFunctions.Error;
}

export function toCellError(error: unknown): CustomFunctions.Error {
  if (isCustomFunctionsError(error)) return error;
  const message = (error as Error | undefined)?.message;
  const typed =
    error instanceof ArgumentError ||
    error instanceof QuerySyntaxError ||
    error instanceof UnknownColumnError ||
    (error instanceof DataApiError && error.kind === "bad-request");
  if (typed) return valueError(message || "The arguments are not valid.");
  if (error instanceof NotConnectedError || (error instanceof DataApiError && error.kind === "not-connected")) {
    // A managed environment nobody is signed in to says so (the message travels through DataApiError unchanged).
    return notAvailable(message === SIGN_IN_REQUIRED ? SIGN_IN_REQUIRED : NOT_CONNECTED);
  }
  return notAvailable(message || "Kalibrate did not answer. Press Refresh to try again.");
}

/** Wraps a function body so that whatever it throws reaches Excel as a cell error with a message. */
export async function settle<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw toCellError(error);
  }
}
