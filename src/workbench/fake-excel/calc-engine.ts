// The custom-function calculation engine: evaluates formula cells, spills array results, tracks which formulas read
// which cells so an edit recalculates its dependents, and counts pending promises so tests can wait for quiet.

import {
  boundingRect,
  contains,
  insideGrid,
  intersection,
  intersects,
  qualify,
  quoteSheetName,
  splitSheet,
  MAX_COLUMNS,
  MAX_ROWS,
  type Rect,
} from "./address";
import type { CellError, CellScalar } from "./cell-values";
import { errorFromThrow, errorInResult, ErrorCode, type CustomFunctionImpl } from "./custom-functions";
import { formatCall, parseFormula, type FormulaArg } from "./formula";
import type { CellView, FormulaCell } from "./formula-cell";
import { hasContent } from "./sheet-cells";
import { parseDotFormula } from "./data-type-formulas";
import { fieldViews, methodOf, resultView, FIELDVALUE, type DataTypeSupport } from "./data-types";
import type { SheetModel } from "./sheet-model";

export interface EngineHost {
  sheetByName(name: string): SheetModel | undefined;
  /** True when a spill into `rect` would land in a table (Excel refuses that). */
  tableIntersects(sheet: SheetModel, rect: Rect): boolean;
  /** Tells listeners the sheet's cells changed. */
  changed(sheet: SheetModel): void;
}

export interface EngineOptions {
  namespace: string;
  /** What an empty referenced cell arrives as: null on Excel for the web, 0 on desktop. */
  emptyCellArgument: null | 0;
  /** Cell value JSON results (CustomFunctionsRuntime 1.4) and reference methods (ExcelApi 1.19). */
  dataTypes?: DataTypeSupport;
}

export interface Invocation {
  address: string;
  functionName: string;
  isInValuePreview: boolean;
}

const BUSY: CellError = { code: "#BUSY!" };
const SPILL = "#SPILL!";
/** More evaluations of one formula than this in one cascade means a circular reference. */
const MAX_EVALUATIONS_PER_FLUSH = 20;

const errorView = (err: CellError): CellView => ({ v: err.code, err });

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return !!value && typeof (value as { then?: unknown }).then === "function";
}

const ALL_DATA_TYPES: DataTypeSupport = { values: true, methods: true };

function scalarView(value: unknown, support: DataTypeSupport): CellView {
  const rich = resultView(value, support);
  if (rich) return rich;
  if (value === null || value === undefined) return { v: 0 };
  if (typeof value === "number")
    return Number.isFinite(value) ? { v: value } : errorView({ code: ErrorCode.invalidNumber });
  if (typeof value === "string" || typeof value === "boolean") return { v: value };
  if (value instanceof Date) return { v: value.toJSON() };
  return errorView(errorInResult(value) ?? { code: ErrorCode.invalidValue });
}

/** What a function's return value shows as: a scalar, or a rectangular 2-D array that spills. */
export function resultViews(value: unknown, support = ALL_DATA_TYPES): CellView[][] {
  if (!Array.isArray(value)) return [[scalarView(value, support)]];
  const width = Array.isArray(value[0]) ? value[0].length : 0;
  const rectangular = value.length > 0 && width > 0 && value.every((row) => Array.isArray(row) && row.length === width);
  if (!rectangular) return [[errorView({ code: ErrorCode.invalidValue })]];
  return value.map((row: unknown[]) => row.map((cell) => scalarView(cell, support)));
}

export class CalcEngine {
  private functions = new Map<string, CustomFunctionImpl>();
  private formulas = new Set<FormulaCell>();
  private pending = new Set<FormulaCell>();
  private queue = new Set<FormulaCell>();
  private replace = new Set<FormulaCell>();
  private dirty = new Set<FormulaCell>();
  private idleWaiters: Array<() => void> = [];
  private suspended = 0;
  private flushing = false;
  manual = false;

  constructor(
    private host: EngineHost,
    private options: EngineOptions,
  ) {}

  // ---- functions ----

  private key(name: string): string {
    const upper = name.toUpperCase();
    return upper.includes(".") ? upper : `${this.options.namespace.toUpperCase()}.${upper}`;
  }

  register(functions: Record<string, CustomFunctionImpl>): void {
    const added = new Set<string>();
    for (const [name, fn] of Object.entries(functions)) {
      if (typeof fn !== "function") throw new TypeError(`The custom function "${name}" must be a function.`);
      this.functions.set(this.key(name), fn);
      added.add(this.key(name));
    }
    // Excel recalculates cells that showed #NAME? once the add-in registers the function they call.
    for (const fc of this.formulas) {
      if (fc.parsed.kind === "call" && added.has(fc.parsed.name.toUpperCase())) this.queue.add(fc);
    }
    this.flush();
  }

  functionNames(): string[] {
    return [...this.functions.keys()];
  }

  // ---- formula cells ----

  /** Puts a formula into a cell (the cell must exist) and queues its evaluation. */
  setFormula(sheet: SheetModel, row: number, col: number, text: string): FormulaCell {
    const parsed = parseDotFormula(text) ?? parseFormula(text);
    let formula = text;
    if (parsed.kind === "call" && this.functions.has(parsed.name.toUpperCase())) {
      formula = text.slice(0, parsed.nameStart) + parsed.name.toUpperCase() + text.slice(parsed.nameEnd);
      parsed.name = parsed.name.toUpperCase();
    }
    const cell = sheet.cells.getOrCreate(row, col);
    const fc: FormulaCell = { sheet, row, col, formula, parsed, generation: 0, removed: false };
    cell.f = formula;
    cell.calc = fc;
    cell.spillOf = undefined;
    cell.v = "";
    cell.err = undefined;
    cell.rich = undefined;
    this.formulas.add(fc);
    // A formula being entered is calculated even in manual mode; only its dependents wait.
    this.queue.add(fc);
    return fc;
  }

  /** Takes a formula out of its cell: its spill disappears and a pending result will be ignored. */
  removeFormula(fc: FormulaCell): void {
    fc.removed = true;
    const spill = fc.spill;
    this.clearSpill(fc);
    fc.blocked = undefined;
    this.formulas.delete(fc);
    this.pending.delete(fc);
    this.queue.delete(fc);
    this.dirty.delete(fc);
    this.replace.delete(fc);
    const cell = fc.sheet.cells.get(fc.row, fc.col);
    if (cell?.calc === fc) {
      cell.calc = undefined;
      cell.f = undefined;
    }
    if (spill) this.cellsChanged(fc.sheet, spill, fc);
    this.resolveIdle();
  }

  /** Formulas reading `rect` recalculate; spills that cover it or were blocked by it try again. */
  cellsChanged(sheet: SheetModel, rect: Rect, source?: FormulaCell): void {
    for (const fc of this.formulas) {
      if (fc === source || fc.removed) continue;
      if (
        fc.sheet === sheet &&
        ((fc.spill && intersects(fc.spill, rect)) || (fc.blocked && intersects(fc.blocked, rect)))
      ) {
        this.replace.add(fc);
      }
      if (this.reads(fc, sheet, rect)) (this.manual || this.suspended > 0 ? this.dirty : this.queue).add(fc);
    }
  }

  private reads(fc: FormulaCell, sheet: SheetModel, rect: Rect): boolean {
    if (fc.parsed.kind !== "call") return false;
    return fc.parsed.args.some(
      (arg) => arg.kind === "ref" && this.refSheet(fc, arg) === sheet && intersects(arg.rect, rect),
    );
  }

  private refSheet(fc: FormulaCell, arg: { sheet?: string }): SheetModel | undefined {
    if (!arg.sheet) return fc.sheet;
    const sheet = this.host.sheetByName(arg.sheet);
    return sheet && !sheet.deleted ? sheet : undefined;
  }

  /** A formula moved with its cell (rows inserted or deleted above it). */
  moved(fc: FormulaCell, row: number, col: number): void {
    fc.row = row;
    fc.col = col;
  }

  /** Spills are lifted before cells move and placed again afterwards, so they never tear. */
  liftSpills(sheet: SheetModel): FormulaCell[] {
    const lifted = [...this.formulas].filter((fc) => fc.sheet === sheet && (fc.spill || fc.blocked));
    for (const fc of lifted) {
      this.clearSpill(fc);
      fc.blocked = undefined;
    }
    return lifted;
  }

  restoreSpills(lifted: FormulaCell[]): void {
    for (const fc of lifted) if (!fc.removed) this.replace.add(fc);
  }

  formulasOn(sheet: SheetModel): FormulaCell[] {
    return [...this.formulas].filter((fc) => fc.sheet === sheet);
  }

  renameSheet(oldName: string, newName: string): void {
    for (const fc of this.formulas) {
      if (fc.parsed.kind !== "call") continue;
      let touched = false;
      for (const arg of fc.parsed.args) {
        if (arg.kind !== "ref" || arg.sheet?.toLowerCase() !== oldName.toLowerCase()) continue;
        arg.sheet = newName;
        arg.raw = `${quoteSheetName(newName)}!${splitSheet(arg.raw)?.ref ?? ""}`;
        touched = true;
      }
      if (!touched) continue;
      fc.formula = formatCall(fc.parsed.name, fc.parsed.args);
      const cell = fc.sheet.cells.get(fc.row, fc.col);
      if (cell) cell.f = fc.formula;
    }
  }

  sheetRemoved(sheet: SheetModel): void {
    for (const fc of [...this.formulas]) {
      if (fc.sheet === sheet) {
        fc.removed = true;
        this.formulas.delete(fc);
        this.pending.delete(fc);
        this.queue.delete(fc);
        this.dirty.delete(fc);
        this.replace.delete(fc);
      } else if (
        fc.parsed.kind === "call" &&
        fc.parsed.args.some((a) => a.kind === "ref" && a.sheet && !this.refSheet(fc, a))
      ) {
        this.queue.add(fc);
      }
    }
    this.flush();
  }

  // ---- calculation ----

  /**
   * While suspended (suspendApiCalculationUntilNextSync) nothing is evaluated; entered formulas run on resume(),
   * dependents stay dirty until the add-in recalculates, as Excel's documentation warns.
   */
  suspend(): void {
    this.suspended++;
  }

  resume(): void {
    this.suspended = Math.max(0, this.suspended - 1);
    this.flush();
  }

  /** Application.calculate: "Recalculate" runs what is dirty, "Full"/"FullRebuild" runs every formula. */
  calculate(full: boolean): void {
    const targets = full ? this.ordered([...this.formulas]) : this.ordered([...this.dirty]);
    this.dirty.clear();
    for (const fc of targets) this.queue.add(fc);
    this.flush();
  }

  /** Queues one formula for evaluation at the next flush. */
  calculateFormula(fc: FormulaCell): void {
    if (!fc.removed) this.queue.add(fc);
  }

  calculateSheet(sheet: SheetModel): void {
    for (const fc of this.ordered(this.formulasOn(sheet))) {
      this.dirty.delete(fc);
      this.queue.add(fc);
    }
    this.flush();
  }

  private ordered(list: FormulaCell[]): FormulaCell[] {
    return list.sort((a, b) => a.sheet.position - b.sheet.position || a.row - b.row || a.col - b.col);
  }

  flush(): void {
    if (this.suspended > 0 || this.flushing) return;
    this.flushing = true;
    const evaluations = new Map<FormulaCell, number>();
    try {
      while (this.queue.size > 0 || this.replace.size > 0) {
        const [again] = this.replace;
        if (again) {
          this.replace.delete(again);
          if (!again.removed && again.result && !this.pending.has(again) && !this.queue.has(again)) {
            this.place(again, again.result);
          }
          continue;
        }
        const [next] = this.queue;
        this.queue.delete(next);
        const count = (evaluations.get(next) ?? 0) + 1;
        evaluations.set(next, count);
        if (!next.removed && count <= MAX_EVALUATIONS_PER_FLUSH) this.evaluate(next);
      }
    } finally {
      this.flushing = false;
    }
    this.resolveIdle();
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  isIdle(): boolean {
    return this.pending.size === 0 && this.queue.size === 0 && this.replace.size === 0;
  }

  private resolveIdle(): void {
    if (!this.isIdle() || this.suspended > 0) return;
    const waiters = this.idleWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }

  private evaluate(fc: FormulaCell): void {
    fc.generation++;
    this.pending.delete(fc);
    const parsed = fc.parsed;
    if (parsed.kind === "literal") return this.place(fc, [[{ v: parsed.value }]]);
    if (parsed.kind === "unsupported") return this.place(fc, [[errorView({ code: ErrorCode.invalidName })]]);
    const name = parsed.name.toUpperCase();
    let fn = this.functions.get(name);
    let argList = parsed.args;
    const args: unknown[] = [];
    if (name === FIELDVALUE) {
      // =A1.Field and FIELDVALUE read the entity in the cell; =A1.Method(…) calls its function with the entity first.
      const source = this.argument(fc, parsed.args[0]);
      if (source instanceof ArgProblem)
        return source.error === BUSY ? this.showBusy(fc) : this.place(fc, [[errorView(source.error)]]);
      const rich = this.richAt(fc, parsed.args[0]);
      const field = this.argument(fc, parsed.args[1] ?? { raw: "", kind: "omitted" });
      if (parsed.dot !== "method") return this.place(fc, fieldViews(rich, field));
      const method = methodOf(rich, String(field), this.options.namespace);
      if ("views" in method) return this.place(fc, method.views);
      fn = this.functions.get(method.functionName);
      argList = parsed.args.slice(2);
      args.push(rich);
    }
    if (!fn) return this.place(fc, [[errorView({ code: ErrorCode.invalidName })]]);
    // A formula reading its own cell is a circular reference; Excel shows 0 (and warns) without calling anything.
    if (
      parsed.args.some(
        (arg) => arg.kind === "ref" && this.refSheet(fc, arg) === fc.sheet && contains(arg.rect, fc.row, fc.col),
      )
    ) {
      return this.place(fc, [[{ v: 0 }]]);
    }
    for (const arg of argList) {
      const value = this.argument(fc, arg);
      if (value instanceof ArgProblem) {
        if (value.error === BUSY) return this.showBusy(fc);
        return this.place(fc, [[errorView(value.error)]]);
      }
      args.push(value);
    }
    // Excel passes one argument per declared parameter (omitted ones as null), then the invocation. The declared
    // count comes from the metadata there; here from the function's own arity, whose last parameter is the invocation.
    while (args.length < fn.length - 1) args.push(null);
    const invocation: Invocation = {
      address: qualify(fc.sheet.name, this.anchorRect(fc)),
      functionName: name,
      isInValuePreview: false,
    };
    let result: unknown;
    try {
      result = fn(...args, invocation);
    } catch (thrown) {
      return this.place(fc, [[errorView(errorFromThrow(thrown))]]);
    }
    const support = this.options.dataTypes ?? ALL_DATA_TYPES;
    if (!isThenable(result)) return this.place(fc, resultViews(result, support));
    const generation = fc.generation;
    this.pending.add(fc);
    this.showBusy(fc);
    result.then(
      (value) => this.settle(fc, generation, () => resultViews(value, support)),
      (thrown) => this.settle(fc, generation, () => [[errorView(errorFromThrow(thrown))]]),
    );
  }

  private settle(fc: FormulaCell, generation: number, views: () => CellView[][]): void {
    if (fc.removed || fc.generation !== generation || !this.pending.has(fc)) return;
    this.pending.delete(fc);
    this.place(fc, views());
    this.flush();
  }

  private argument(fc: FormulaCell, arg: FormulaArg): unknown {
    switch (arg.kind) {
      case "omitted":
        return null;
      case "value":
        return arg.value;
      case "array":
        return arg.value.map((row) => [...row]);
      case "ref": {
        const sheet = this.refSheet(fc, arg);
        if (!sheet) return new ArgProblem({ code: ErrorCode.invalidReference });
        return this.readRef(sheet, arg.rect, arg.single);
      }
    }
  }

  private readRef(sheet: SheetModel, rect: Rect, single: boolean): unknown {
    const empty = this.options.emptyCellArgument;
    let problem: CellError | undefined;
    const rows: CellScalar[][] | undefined = single
      ? undefined
      : Array.from({ length: rect.rows }, () => new Array<CellScalar>(rect.cols).fill(empty as CellScalar));
    let scalar: unknown = empty;
    sheet.cells.forEachIn(rect, (cell, r, c) => {
      if (cell.err) {
        if (!problem || cell.err.code === BUSY.code) problem = cell.err.code === BUSY.code ? BUSY : cell.err;
        return;
      }
      const value = cell.v === "" ? empty : cell.v;
      if (rows) rows[r - rect.row][c - rect.col] = value as CellScalar;
      else scalar = value;
    });
    if (problem) return new ArgProblem(problem);
    return rows ?? scalar;
  }

  /** The cell value JSON held by the cell a single reference points at. */
  private richAt(fc: FormulaCell, arg: FormulaArg) {
    if (arg.kind !== "ref") return undefined;
    return this.refSheet(fc, arg)?.cells.get(arg.rect.row, arg.rect.col)?.rich;
  }

  private anchorRect(fc: FormulaCell): Rect {
    return { row: fc.row, col: fc.col, rows: 1, cols: 1 };
  }

  private showBusy(fc: FormulaCell): void {
    fc.result = undefined;
    this.placeAnchorOnly(fc, errorView(BUSY));
  }

  private setAnchor(fc: FormulaCell, view: CellView): void {
    const cell = fc.sheet.cells.getOrCreate(fc.row, fc.col);
    cell.v = view.v;
    cell.err = view.err;
    cell.rich = view.rich;
  }

  private placeAnchorOnly(fc: FormulaCell, view: CellView, blocked?: Rect): void {
    const old = fc.spill;
    this.clearSpill(fc);
    fc.blocked = blocked;
    this.setAnchor(fc, view);
    this.cellsChanged(fc.sheet, old ?? this.anchorRect(fc), fc);
    this.host.changed(fc.sheet);
  }

  private place(fc: FormulaCell, views: CellView[][]): void {
    if (fc.removed) return;
    fc.result = views;
    const rows = views.length;
    const cols = views[0].length;
    if (rows === 1 && cols === 1) return this.placeAnchorOnly(fc, views[0][0]);
    const area: Rect = { row: fc.row, col: fc.col, rows, cols };
    const reachable = intersection(area, { row: 0, col: 0, rows: MAX_ROWS, cols: MAX_COLUMNS })!;
    if (!insideGrid(area)) return this.block(fc, reachable, "Spill range extends beyond the edge of the worksheet.");
    if (this.host.tableIntersects(fc.sheet, area)) return this.block(fc, area, "Spill range is in a table.");
    let blocked = false;
    fc.sheet.cells.forEachIn(area, (cell, r, c) => {
      if ((r !== fc.row || c !== fc.col) && cell.spillOf !== fc && hasContent(cell)) blocked = true;
    });
    if (blocked) return this.block(fc, area, "Spill range isn't blank.");
    const old = fc.spill;
    if (old) {
      fc.sheet.cells.forEachIn(old, (cell, r, c) => {
        if (cell.spillOf === fc && !contains(area, r, c)) this.emptySpilledCell(fc.sheet, r, c);
      });
    }
    const cells = fc.sheet.cells;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (r === 0 && c === 0) continue;
        const cell = cells.getOrCreate(fc.row + r, fc.col + c);
        cell.v = views[r][c].v;
        cell.err = views[r][c].err;
        cell.rich = views[r][c].rich;
        cell.spillOf = fc;
      }
    }
    this.setAnchor(fc, views[0][0]);
    fc.spill = area;
    fc.blocked = undefined;
    this.cellsChanged(fc.sheet, old ? boundingRect(old, area) : area, fc);
    this.host.changed(fc.sheet);
  }

  private block(fc: FormulaCell, area: Rect, message: string): void {
    this.placeAnchorOnly(fc, errorView({ code: SPILL, message }), area);
  }

  private emptySpilledCell(sheet: SheetModel, row: number, col: number): void {
    const cell = sheet.cells.get(row, col);
    if (!cell) return;
    cell.v = "";
    cell.err = undefined;
    cell.rich = undefined;
    cell.spillOf = undefined;
    sheet.cells.compact(row, col);
  }

  private clearSpill(fc: FormulaCell): void {
    const spill = fc.spill;
    if (!spill) return;
    fc.spill = undefined;
    fc.sheet.cells.forEachIn(spill, (cell, r, c) => {
      if (cell.spillOf === fc) this.emptySpilledCell(fc.sheet, r, c);
    });
  }
}

/** Why a function was not called: an argument is an error (Excel passes the error on) or still #BUSY!. */
class ArgProblem {
  constructor(readonly error: CellError) {}
}
