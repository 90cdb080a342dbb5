// The fake Excel host: an in-memory workbook behind the Excel.run API, with Excel on the web's limits and a
// custom-function calculation engine. createFakeExcel() builds one; installFakeOffice() also puts its globals
// (Excel, OfficeRuntime, CustomFunctions, and OfficeExtension when absent) on a target such as window.

import { ClientResult, FakeClientObject } from "./client-object";
import { CustomFunctionError, ErrorCode, type CustomFunctionImpl } from "./custom-functions";
import { ErrorCodes, OfficeExtensionError } from "./errors";
import { RequestContext, run, type FakeEnv } from "./request-context";
import { SpecialCellType, SpecialCellValueType } from "./special-cells";
import { FakeStorage } from "./storage";
import { FakeRequirements } from "./requirements";
import { CalculationType } from "./workbook-proxy";
import { FakeWorkbook } from "./workbook-handle";
import { WorkbookModel } from "./workbook-model";

export { OfficeExtensionError } from "./errors";
export { CustomFunctionError } from "./custom-functions";
export { StorageQuotaError, FakeStorage } from "./storage";
export { FakeWorkbook, type CellState, type CellReading, type TableInfo } from "./workbook-handle";
export type { WorkbookChange } from "./workbook-model";
export type { RichValue } from "./data-types";
export type { CustomFunctionImpl } from "./custom-functions";
export type { Invocation } from "./calc-engine";
export { RequestContext } from "./request-context";
export { FakeRequirements, NEWEST_EXCEL_API, isVersion } from "./requirements";

export const DEFAULT_PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_READ_CELLS = 5_000_000;
export const DEFAULT_STORAGE_LIMIT_BYTES = 10 * 1024 * 1024;

export interface FakeExcelOptions {
  /** Custom functions by name ("KALIBRATE.QUERY", case-insensitive; a name without a dot gets the namespace). */
  functions?: Record<string, CustomFunctionImpl>;
  /** Namespace for CustomFunctions.associate ids (default "KALIBRATE"). */
  namespace?: string;
  /** Initial worksheets (default ["Sheet1"]). */
  sheets?: string[];
  /** Request and response payload limit of one sync, bytes of JSON (default 5 MB, Excel on the web). */
  payloadLimitBytes?: number;
  /** Cells one range read may cover (default 5,000,000). */
  maxReadCells?: number;
  /** OfficeRuntime.storage quota (default 10 MB). */
  storageLimitBytes?: number;
  /**
   * The newest ExcelApi requirement set this host reports and implements (default the newest the fake models): "1.10"
   * plays an Excel build that has a shared runtime and nothing newer, so APIs above it fail with ApiNotFound.
   */
  excelApi?: string;
  /**
   * The CustomFunctionsRuntime this host reports (default "1.4"): "1.3" plays Excel 2021 or an iPad, where custom
   * functions cannot return entities or formatted numbers (such results show #VALUE!).
   */
  customFunctionsRuntime?: string;
  /** What an empty referenced cell arrives as in a custom function: null (Excel on the web, default) or 0 (desktop). */
  emptyCellArgument?: null | 0;
}

export const OfficeExtension = {
  Error: OfficeExtensionError,
  ErrorCodes,
  ClientResult,
  ClientObject: FakeClientObject,
  Promise,
};

function excelNamespace(env: FakeEnv) {
  class BoundRequestContext extends RequestContext {
    constructor() {
      super(env);
    }
  }
  function runBatch<T>(batch: (context: RequestContext) => Promise<T>): Promise<T>;
  function runBatch<T>(object: unknown, batch: (context: RequestContext) => Promise<T>): Promise<T>;
  function runBatch<T>(...args: unknown[]): Promise<T> {
    return run<T>(env, args);
  }
  return {
    run: runBatch,
    RequestContext: BoundRequestContext,
    CalculationType,
    CalculationMode: { automatic: "Automatic", automaticExceptTables: "AutomaticExceptTables", manual: "Manual" },
    ClearApplyTo: {
      all: "All",
      formats: "Formats",
      contents: "Contents",
      hyperlinks: "Hyperlinks",
      removeHyperlinks: "RemoveHyperlinks",
      resetContents: "ResetContents",
    },
    DeleteShiftDirection: { up: "Up", left: "Left" },
    InsertShiftDirection: { down: "Down", right: "Right" },
    RangeValueType: {
      unknown: "Unknown",
      empty: "Empty",
      string: "String",
      integer: "Integer",
      double: "Double",
      boolean: "Boolean",
      error: "Error",
      richValue: "RichValue",
    },
    SpecialCellType,
    SpecialCellValueType,
    ErrorCodes: { ...ErrorCodes, nonBlankCellOffSheet: "NonBlankCellOffSheet" },
  };
}

export type FakeExcelNamespace = ReturnType<typeof excelNamespace>;

export interface FakeCustomFunctions {
  /** Registers an implementation under the namespace: associate("QUERY", fn) → =KALIBRATE.QUERY(…). */
  associate(id: string, fn: CustomFunctionImpl): void;
  associate(mappings: Record<string, CustomFunctionImpl>): void;
  Error: typeof CustomFunctionError;
  ErrorCode: typeof ErrorCode;
}

/** The part of the Office namespace the fake host provides: Office.context.requirements. */
export interface FakeOffice {
  context: { requirements: { isSetSupported(name: string, minVersion?: string | number): boolean } };
}

export interface FakeExcelHandle {
  Excel: FakeExcelNamespace;
  Office: FakeOffice;
  OfficeRuntime: { storage: FakeStorage };
  CustomFunctions: FakeCustomFunctions;
  OfficeExtension: typeof OfficeExtension;
  /** The workbook model, for tests and the workbench grid. */
  workbook: FakeWorkbook;
  registerFunctions(functions: Record<string, CustomFunctionImpl>): void;
}

export function createFakeExcel(options: FakeExcelOptions = {}): FakeExcelHandle {
  const namespace = options.namespace ?? "KALIBRATE";
  const requirements = new FakeRequirements(options.excelApi, options.customFunctionsRuntime);
  const model = new WorkbookModel({
    dataTypes: requirements.dataTypes,
    sheets: options.sheets ?? ["Sheet1"],
    namespace,
    emptyCellArgument: options.emptyCellArgument === 0 ? 0 : null,
    functions: options.functions,
  });
  const env: FakeEnv = {
    model,
    requirements,
    limits: {
      payloadBytes: options.payloadLimitBytes ?? DEFAULT_PAYLOAD_LIMIT_BYTES,
      maxReadCells: options.maxReadCells ?? DEFAULT_MAX_READ_CELLS,
    },
  };
  const workbook = new FakeWorkbook(model);
  const registerFunctions = (functions: Record<string, CustomFunctionImpl>) => workbook.registerFunctions(functions);
  const customFunctions: FakeCustomFunctions = {
    associate(idOrMappings: string | Record<string, CustomFunctionImpl>, fn?: CustomFunctionImpl) {
      const mappings = typeof idOrMappings === "string" ? { [idOrMappings]: fn as CustomFunctionImpl } : idOrMappings;
      const qualified: Record<string, CustomFunctionImpl> = {};
      for (const [id, impl] of Object.entries(mappings)) qualified[`${namespace}.${id}`] = impl;
      registerFunctions(qualified);
    },
    Error: CustomFunctionError,
    ErrorCode,
  };
  return {
    Excel: excelNamespace(env),
    Office: { context: { requirements: { isSetSupported: requirements.isSetSupported } } },
    OfficeRuntime: { storage: new FakeStorage(options.storageLimitBytes ?? DEFAULT_STORAGE_LIMIT_BYTES) },
    CustomFunctions: customFunctions,
    OfficeExtension,
    workbook,
    registerFunctions,
  };
}

const FAKE = Symbol.for("kalibrate.fakeOffice");

/** Creates a fake host and installs its globals on `target` (window in the workbench, globalThis in tests). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any global object: window, globalThis or a test stub
export function installFakeOffice(target: any = globalThis, options?: FakeExcelOptions): FakeExcelHandle {
  const handle = createFakeExcel(options);
  target.Excel = handle.Excel;
  target.OfficeRuntime = handle.OfficeRuntime;
  target.CustomFunctions = handle.CustomFunctions;
  if (target.OfficeExtension === undefined) target.OfficeExtension = handle.OfficeExtension;
  // Office.js, where a page loads it, owns Office; the workbench has none, so the fake provides the requirements API.
  if (target.Office === undefined || target.Office[FAKE] === true) target.Office = { ...handle.Office, [FAKE]: true };
  else if (target.Office.context?.requirements === undefined && target.Office.context !== undefined) {
    target.Office.context.requirements = handle.Office.context.requirements;
  }
  return handle;
}
