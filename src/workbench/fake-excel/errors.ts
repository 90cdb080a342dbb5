// Errors shaped like office.js's: `RichApi.Error` with `code`, `message`, `debugInfo` and `httpStatusCode`, so add-in
// code that branches on `error.code` behaves here as it does in Excel. Messages are Excel's own where they are known.

export const ErrorCodes = {
  accessDenied: "AccessDenied",
  apiNotFound: "ApiNotFound",
  generalException: "GeneralException",
  invalidArgument: "InvalidArgument",
  invalidObjectPath: "InvalidObjectPath",
  invalidOperation: "InvalidOperation",
  invalidReference: "InvalidReference",
  invalidRequestContext: "InvalidRequestContext",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  notImplemented: "NotImplemented",
  propertyNotLoaded: "PropertyNotLoaded",
  rangeExceedsLimit: "RangeExceedsLimit",
  requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
  runMustReturnPromise: "RunMustReturnPromise",
  unsupportedOperation: "UnsupportedOperation",
  valueNotLoaded: "ValueNotLoaded",
} as const;

const DOCS = "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization";

export const Messages = {
  propertyNotLoaded: (name: string) =>
    `The property '${name}' is not available. Before reading the property's value, call the load method on the ` +
    `containing object and call "context.sync()" on the associated request context.`,
  valueNotLoaded:
    'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" ' +
    "on the associated request context.",
  invalidArgument: "The argument is invalid or missing or has an incorrect format.",
  itemNotFound: "The requested resource doesn't exist.",
  itemAlreadyExists: "A resource with the same name or identifier already exists.",
  invalidOperation: "This operation is not permitted for the current object.",
  dimensionMismatch:
    "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
  tableOverlap: "A table can't overlap another table.",
  requestTooLarge: `The request payload size has exceeded the limit. Please refer to the documentation: "${DOCS}#excel-add-ins".`,
  responseTooLarge: `The response payload size has exceeded the limit. Please refer to the documentation: "${DOCS}#excel-add-ins".`,
  rangeExceedsLimit:
    "The cell count in the range has exceeded the maximum supported number. See the Resource limits and performance " +
    "optimization for Office Add-ins article for more information.",
  runMustReturnPromise:
    'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so ' +
    "that any automatically-tracked objects can be released at the completion of the batch operation. Typically, you " +
    'return a promise by returning the response from "context.sync()".',
} as const;

export interface DebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
  statement?: string;
  toString(): string;
}

export interface OfficeErrorInit {
  code: string;
  message: string;
  debugInfo?: { errorLocation?: string; statement?: string };
  httpStatusCode?: number;
}

const STATUS_BY_CODE: Record<string, number> = {
  AccessDenied: 401,
  GeneralException: 500,
  RequestPayloadSizeLimitExceeded: 413,
  ResponsePayloadSizeLimitExceeded: 413,
};

/** `OfficeExtension.Error` as office.js builds it (its `name` is "RichApi.Error"). */
export class OfficeExtensionError extends Error {
  code: string;
  debugInfo: DebugInfo;
  traceMessages: string[] = [];
  innerError: unknown = null;
  httpStatusCode: number;

  constructor(init: OfficeErrorInit) {
    super(init.message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = "RichApi.Error";
    this.code = init.code;
    this.httpStatusCode = init.httpStatusCode ?? STATUS_BY_CODE[init.code] ?? 400;
    const debugInfo: DebugInfo = {
      code: init.code,
      message: init.message,
      ...init.debugInfo,
      toString() {
        return JSON.stringify(this);
      },
    };
    this.debugInfo = debugInfo;
  }

  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

export function officeError(code: string, message: string, errorLocation?: string): OfficeExtensionError {
  return new OfficeExtensionError({ code, message, debugInfo: errorLocation ? { errorLocation } : undefined });
}

export const invalidArgument = (location?: string, message: string = Messages.invalidArgument) =>
  officeError(ErrorCodes.invalidArgument, message, location);
export const itemNotFound = (location?: string, message: string = Messages.itemNotFound) =>
  officeError(ErrorCodes.itemNotFound, message, location);
export const invalidOperation = (location?: string, message: string = Messages.invalidOperation) =>
  officeError(ErrorCodes.invalidOperation, message, location);
