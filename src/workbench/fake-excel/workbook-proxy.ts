// Excel.Workbook and Excel.Application.

import { FakeClientObject } from "./client-object";
import { CommentCollectionProxy } from "./comments-proxy";
import { CustomXmlPartCollectionProxy } from "./custom-xml-proxy";
import { invalidArgument } from "./errors";
import { SelectionEvents, type SelectionChangedEventArgs } from "./events";
import { NoteCollectionProxy } from "./notes-proxy";
import { RangeProxy } from "./range-proxy";
import type { RequestContext } from "./request-context";
import { SettingCollectionProxy } from "./settings-proxy";
import { TableCollectionProxy } from "./table-proxy";
import type { CalculationMode, WorkbookModel } from "./workbook-model";
import { WorksheetCollectionProxy } from "./worksheet-proxy";

export const CalculationType = { recalculate: "Recalculate", full: "Full", fullRebuild: "FullRebuild" } as const;

export class ApplicationProxy extends FakeClientObject<WorkbookModel> {
  protected readonly _entity = "Application";
  protected readonly _scalars = ["calculationMode"] as const;

  constructor(ctx: RequestContext) {
    super(ctx, () => ctx._env.model);
  }

  protected _get(model: WorkbookModel): unknown {
    return model.calculationMode;
  }

  get calculationMode(): CalculationMode {
    return this._read("calculationMode");
  }
  set calculationMode(mode: CalculationMode) {
    this._write("calculationMode", mode, (model) => {
      model.calculationMode = mode;
    });
  }

  /** "Recalculate" runs dirty formulas; "Full" and "FullRebuild" run every formula, custom functions included. */
  calculate(calculationType: string): void {
    this._call("calculate", [calculationType], (model) => {
      if (!Object.values(CalculationType).includes(calculationType as never))
        throw invalidArgument("Application.calculate");
      model.engine.calculate(calculationType !== CalculationType.recalculate);
    });
  }

  suspendApiCalculationUntilNextSync(): void {
    this._call("suspendApiCalculationUntilNextSync", [], () => this._ctx._suspendUntilSyncEnds());
  }

  /** There is no screen to repaint, so this has nothing to suspend. */
  suspendScreenUpdatingUntilNextSync(): void {
    this._call("suspendScreenUpdatingUntilNextSync", [], () => undefined);
  }
}

export class WorkbookProxy extends FakeClientObject<WorkbookModel> {
  protected readonly _entity = "Workbook";
  protected readonly _scalars = ["name"] as const;

  constructor(ctx: RequestContext) {
    super(ctx, () => ctx._env.model);
  }

  protected _get(): unknown {
    return "Book1";
  }

  get name(): string {
    return this._read("name");
  }

  get application(): ApplicationProxy {
    return this._child("application", () => new ApplicationProxy(this._ctx));
  }

  get worksheets(): WorksheetCollectionProxy {
    return this._child("worksheets", () => new WorksheetCollectionProxy(this._ctx));
  }

  get tables(): TableCollectionProxy {
    return this._child("tables", () => new TableCollectionProxy(this._ctx, () => null, true));
  }

  get settings(): SettingCollectionProxy {
    return this._child("settings", () => new SettingCollectionProxy(this._ctx));
  }

  get comments(): CommentCollectionProxy {
    return this._child("comments", () => new CommentCollectionProxy(this._ctx));
  }

  /** ExcelApi 1.18 (notes-proxy.ts). */
  get notes(): NoteCollectionProxy {
    return this._child("notes", () => new NoteCollectionProxy(this._ctx, () => undefined));
  }

  get customXmlParts(): CustomXmlPartCollectionProxy {
    return this._child("customXmlParts", () => new CustomXmlPartCollectionProxy(this._ctx));
  }

  get onSelectionChanged(): SelectionEvents<SelectionChangedEventArgs> {
    return this._child(
      "onSelectionChanged",
      () => new SelectionEvents<SelectionChangedEventArgs>(this._ctx, () => this._require().active, "workbook"),
    );
  }

  getSelectedRange(): RangeProxy {
    return new RangeProxy(this._ctx, () => {
      const sheet = this._require().active;
      return { sheet, rect: sheet.selection };
    });
  }

  getActiveCell(): RangeProxy {
    return new RangeProxy(this._ctx, () => {
      const sheet = this._require().active;
      return { sheet, rect: { row: sheet.selection.row, col: sheet.selection.col, rows: 1, cols: 1 } };
    });
  }
}
