// RequestContext and Excel.run: the queue of actions, and sync() with Excel on the web's limits. A sync whose request
// is over the payload limit is refused before anything runs; otherwise actions run in order and the first failure
// stops the batch (what ran before it stays, as in Excel); a response over the limit is refused after running.

import type { Action, Commit } from "./client-object";
import { ErrorCodes, Messages, officeError, OfficeExtensionError } from "./errors";
import type { FakeRequirements } from "./requirements";
import type { SheetModel } from "./sheet-model";
import type { WorkbookModel } from "./workbook-model";
import { ApplicationProxy, WorkbookProxy } from "./workbook-proxy";
import { WorksheetProxy } from "./worksheet-proxy";
import { RangeProxy, type RangeRef } from "./range-proxy";

export interface FakeLimits {
  /** Request and response payload limit of a sync, in bytes of JSON (Excel on the web: 5 MB). */
  payloadBytes: number;
  /** Cells a single range read may cover (Excel: 5,000,000). */
  maxReadCells: number;
}

export interface FakeEnv {
  model: WorkbookModel;
  limits: FakeLimits;
  /** The requirement sets this host has; APIs above them fail with ApiNotFound. */
  requirements: FakeRequirements;
}

function jsonSize(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}

function located(error: unknown, location: string): unknown {
  if (error instanceof OfficeExtensionError && !error.debugInfo.errorLocation) error.debugInfo.errorLocation = location;
  return error;
}

export class RequestContext {
  readonly workbook: WorkbookProxy;
  readonly application: ApplicationProxy;
  /** Objects here never expire, so tracking is accepted and needs nothing. */
  readonly trackedObjects = { add: (_object: unknown) => undefined, remove: (_object: unknown) => undefined };
  /** @internal */ readonly _env: FakeEnv;
  private _pending: Action[] = [];
  private _suspendCalculation = false;

  constructor(env: FakeEnv) {
    this._env = env;
    this.workbook = new WorkbookProxy(this);
    this.application = this.workbook.application;
  }

  /**
   * @internal A worksheet proxy for ranges and tables (`range.worksheet`, `table.worksheet`). The context makes it,
   * as office.js's context knows every object type, so range and table proxies need not import the worksheet proxy
   * that imports them (no import cycle).
   */
  _worksheet(resolver: () => SheetModel | null): WorksheetProxy {
    return new WorksheetProxy(this, resolver);
  }

  /** @internal A range proxy for objects the range proxy itself makes (a conditional format's range): same reason. */
  _range(resolver: () => RangeRef | null): RangeProxy {
    return new RangeProxy(this, resolver);
  }

  /** @internal */
  _queue(action: Action): void {
    this._pending.push(action);
  }

  /** @internal Called by suspendApiCalculationUntilNextSync when its action runs. */
  _suspendUntilSyncEnds(): void {
    if (this._suspendCalculation) return;
    this._suspendCalculation = true;
    this._env.model.engine.suspend();
  }

  async sync<T>(passThroughValue?: T): Promise<T> {
    const actions = this._pending;
    this._pending = [];
    await Promise.resolve();
    const { model, limits } = this._env;
    const requestSize = actions.reduce((n, a) => n + (a.payload === undefined ? 0 : jsonSize(a.payload)), 0);
    if (requestSize > limits.payloadBytes) {
      throw officeError(ErrorCodes.requestPayloadSizeLimitExceeded, Messages.requestTooLarge);
    }
    const commits: Commit[] = [];
    try {
      for (const action of actions) {
        try {
          const commit = model.batch(() => action.run());
          if (commit) commits.push(commit);
        } catch (error) {
          throw located(error, action.location);
        }
      }
    } finally {
      if (this._suspendCalculation) {
        this._suspendCalculation = false;
        model.batch(() => model.engine.resume());
      }
    }
    const responseSize = commits.reduce((n, c) => n + c.size, 0);
    if (responseSize > limits.payloadBytes) {
      throw officeError(ErrorCodes.responsePayloadSizeLimitExceeded, Messages.responseTooLarge);
    }
    for (const commit of commits) commit.apply();
    return passThroughValue as T;
  }
}

/** Excel.run(batch) or Excel.run(object | options, batch): a fresh context, the batch, then a final sync. */
export async function run<T>(env: FakeEnv, args: unknown[]): Promise<T> {
  const batch = args[args.length - 1];
  if (typeof batch !== "function") throw officeError(ErrorCodes.invalidArgument, Messages.invalidArgument, "Excel.run");
  const context = new RequestContext(env);
  const result = (batch as (ctx: RequestContext) => unknown)(context);
  if (!result || typeof (result as { then?: unknown }).then !== "function") {
    throw officeError(ErrorCodes.runMustReturnPromise, Messages.runMustReturnPromise);
  }
  const value = (await result) as T;
  await context.sync();
  return value;
}
