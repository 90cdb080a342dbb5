// The calculation state of one formula cell: where it is, what it reads, what it last produced and where it spilled.

import type { Rect } from "./address";
import type { CellError, CellScalar } from "./cell-values";
import type { RichValue } from "./data-types";
import type { ParsedFormula } from "./formula";
import type { SheetModel } from "./sheet-model";

/** What one cell of a result shows. */
export interface CellView {
  v: CellScalar;
  err?: CellError;
  /** Cell value JSON (an entity, a formatted number) when the result is a data type. */
  rich?: RichValue;
}

export interface FormulaCell {
  sheet: SheetModel;
  row: number;
  col: number;
  formula: string;
  parsed: ParsedFormula;
  /** Bumped on every evaluation so a late promise from an older one is ignored. */
  generation: number;
  /** The last settled result, kept so a blocked spill can retry when its blocker goes away. */
  result?: CellView[][];
  /** The area the result occupies (anchor included) when it spilled. */
  spill?: Rect;
  /** The area the result wanted when it could not spill (#SPILL!). */
  blocked?: Rect;
  removed: boolean;
}
