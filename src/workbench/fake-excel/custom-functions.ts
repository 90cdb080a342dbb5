// CustomFunctions.Error and CustomFunctions.ErrorCode as office.js defines them, and the rules Excel applies when it
// shows what a function threw: only #VALUE! and #N/A keep a custom message; any other throw is a bare #VALUE!.

import type { CellError } from "./cell-values";

export const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
const CODES_WITH_MESSAGE = new Set<string>([ErrorCode.invalidValue, ErrorCode.notAvailable]);

export class CustomFunctionError extends Error {
  code: ErrorCodeValue;
  type = "Error";
  basicType = "Error";
  basicValue: ErrorCodeValue;
  errorSubType?: string;

  constructor(errorCode?: ErrorCodeValue, errorMessage?: string, errorSubType?: string) {
    super(errorMessage || "");
    Object.setPrototypeOf(this, new.target.prototype);
    this.code = errorCode || ErrorCode.invalidValue;
    this.basicValue = this.code;
    this.errorSubType = errorSubType;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- implementations declare their own parameter types
export type CustomFunctionImpl = (...args: any[]) => unknown;

/** Office's class or a look-alike (the real office.js class when the page loads it). */
function asFunctionError(thrown: unknown): { code: string; message: string } | undefined {
  if (thrown instanceof CustomFunctionError) return thrown;
  if (!thrown || typeof thrown !== "object") return undefined;
  const { code, message } = thrown as { code?: unknown; message?: unknown };
  if (typeof code !== "string" || !KNOWN_CODES.has(code)) return undefined;
  return { code, message: typeof message === "string" ? message : "" };
}

/** The error a cell shows for a thrown value or a rejected promise. */
export function errorFromThrow(thrown: unknown): CellError {
  const error = asFunctionError(thrown);
  if (!error) return { code: ErrorCode.invalidValue };
  return CODES_WITH_MESSAGE.has(error.code) && error.message
    ? { code: error.code, message: error.message }
    : { code: error.code };
}

/** A CustomFunctions.Error placed inside a returned array (Excel shows it in that cell). */
export function errorInResult(value: unknown): CellError | undefined {
  return asFunctionError(value) ? errorFromThrow(value) : undefined;
}
