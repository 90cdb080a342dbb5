// Excel's data types in the fake host: cell values that are more than a scalar. A custom function may return cell
// value JSON (CustomFunctionsRuntime 1.4): an Entity shows its `text` and opens a card, a FormattedNumber shows its
// `basicValue` in its own `numberFormat`; `=A1.Field` and `=FIELDVALUE(A1,"Field")` read an entity's properties;
// `=A1.Method(…)` calls the custom function an entity names (ExcelApi 1.19, `@capturesCallingObject`).
// Only what Microsoft documents is modelled (sources in README.md › Data types); anything else is refused the way
// Excel refuses it (a bare #VALUE!, or #FIELD! for a field that is not there).
import type { CellError, CellScalar } from "./cell-values";
import type { CellView } from "./formula-cell";
import { formatCellText } from "./number-format";

/** Cell value JSON as Excel.CellValue describes it (`type` plus the type's own properties). */
export interface RichValue {
  type: string;
  [property: string]: unknown;
}

/** Which data types this host has: CustomFunctionsRuntime 1.4 results, and ExcelApi 1.19 reference methods. */
export interface DataTypeSupport {
  values: boolean;
  methods: boolean;
}

export const FIELDVALUE = "FIELDVALUE";
const FIELD_ERROR = "#FIELD!";

/** Excel.ErrorCellValue's errorType → the code a cell shows. */
const ERROR_CODES: Record<string, string> = {
  NotAvailable: "#N/A",
  Value: "#VALUE!",
  Field: FIELD_ERROR,
  Div0: "#DIV/0!",
  Name: "#NAME?",
  Num: "#NUM!",
  Null: "#NULL!",
  Ref: "#REF!",
  Busy: "#BUSY!",
  Calc: "#CALC!",
};
const ERROR_TYPES = Object.fromEntries(Object.entries(ERROR_CODES).map(([type, code]) => [code, type]));

const VALUE_TYPES = new Set(["Entity", "FormattedNumber", "String", "Double", "Boolean", "Array", "Error", "Function"]);

export function isRichValue(value: unknown): value is RichValue {
  return (
    !!value &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    typeof (value as RichValue).type === "string" &&
    VALUE_TYPES.has((value as RichValue).type)
  );
}

const errorView = (err: CellError): CellView => ({ v: err.code, err });
const invalid = (): CellView => errorView({ code: "#VALUE!" });

/**
 * Whether a returned entity follows Microsoft's rules: text and properties present; `referencedValues` only on the
 * root (a nested entity carrying them makes the whole result #VALUE!, office-js#6563); a reference method
 * (type Function) only where ExcelApi 1.19 exists.
 */
function valid(value: unknown, support: DataTypeSupport, root: boolean): boolean {
  if (!isRichValue(value)) return false;
  switch (value.type) {
    case "Entity": {
      if (typeof value.text !== "string" || (value.properties !== undefined && typeof value.properties !== "object"))
        return false;
      if (!root && value.referencedValues !== undefined) return false;
      const properties = Object.values((value.properties ?? {}) as Record<string, unknown>);
      return properties.every((property) => valid(property, support, false));
    }
    case "FormattedNumber":
      return (
        typeof value.basicValue === "number" &&
        Number.isFinite(value.basicValue) &&
        typeof value.numberFormat === "string"
      );
    case "Double":
      return typeof value.basicValue === "number" && Number.isFinite(value.basicValue);
    case "String":
      return typeof value.basicValue === "string";
    case "Boolean":
      return typeof value.basicValue === "boolean";
    case "Error":
      return typeof value.errorType === "string" && value.errorType in ERROR_CODES;
    case "Array":
      return (
        Array.isArray(value.elements) &&
        value.elements.length > 0 &&
        value.elements.every((row) => Array.isArray(row) && row.every((element) => valid(element, support, false)))
      );
    case "Function":
      return support.methods && value.functionType === "JavaScriptReference" && typeof value.id === "string";
  }
  return false;
}

/** One cell value as a cell shows it (a nested value, or a whole result). */
function viewOf(value: RichValue): CellView {
  switch (value.type) {
    case "Entity":
      return { v: value.text as string, rich: value };
    case "FormattedNumber":
      return { v: value.basicValue as number, rich: value };
    case "Error": {
      const code = ERROR_CODES[value.errorType as string];
      return errorView(typeof value.message === "string" ? { code, message: value.message } : { code });
    }
    case "String":
    case "Double":
    case "Boolean":
      return { v: value.basicValue as CellScalar };
  }
  return invalid();
}

/**
 * What a custom function's cell value JSON shows as, or undefined when `value` is not cell value JSON. A host without
 * CustomFunctionsRuntime 1.4 shows #VALUE! for any of it, as older Excel does for an object it cannot read.
 */
export function resultView(value: unknown, support: DataTypeSupport): CellView | undefined {
  // A CustomFunctions.Error also says type "Error"; it has a code, not an errorType, and the engine shows it as before.
  if (!isRichValue(value) || (value.type === "Error" && typeof value.errorType !== "string")) return undefined;
  if (!support.values || value.type === "Array" || !valid(value, support, true)) return invalid();
  return viewOf(value);
}

function property(entity: RichValue, name: string): unknown {
  const properties = (entity.properties ?? {}) as Record<string, unknown>;
  if (name in properties) return properties[name];
  const key = Object.keys(properties).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : properties[key];
}

const fieldError = (message: string): CellView[][] => [[errorView({ code: FIELD_ERROR, message })]];

/** What `=A1.Field` / `=FIELDVALUE(A1,"Field")` shows: the property's value (an Array spills), or #FIELD!. */
export function fieldViews(rich: RichValue | undefined, field: unknown): CellView[][] {
  if (rich?.type !== "Entity") return fieldError("The cell does not hold a data type with fields.");
  const value = property(rich, String(field ?? ""));
  if (!isRichValue(value)) return fieldError(`The data type has no field "${String(field ?? "")}".`);
  if (value.type === "Function") return [[invalid()]];
  if (value.type === "Array") return (value.elements as RichValue[][]).map((row) => row.map(viewOf));
  return [[viewOf(value)]];
}

/** The custom function `=A1.Method(…)` calls, or the error the cell shows instead. */
export function methodOf(
  rich: RichValue | undefined,
  name: string,
  namespace: string,
): { functionName: string } | { views: CellView[][] } {
  if (rich?.type !== "Entity") return { views: fieldError("The cell does not hold a data type with methods.") };
  const value = property(rich, name);
  if (!isRichValue(value) || value.type !== "Function")
    return { views: fieldError(`The data type has no method "${name}".`) };
  const ns = typeof value.namespace === "string" ? value.namespace : namespace;
  return { functionName: `${ns}.${String(value.id)}`.toUpperCase() };
}

interface CellLike {
  v: CellScalar;
  err?: CellError;
  nf?: string;
  rich?: RichValue;
}

/** Range.values of a cell: an entity's basic value is "#VALUE!" (Excel.EntityCellValue.basicValue). */
export function basicValue(cell: CellLike): CellScalar {
  if (cell.err) return cell.err.code;
  if (cell.rich?.type === "Entity") return "#VALUE!";
  return cell.v;
}

/** Range.text of a cell: an entity's text; a formatted number in its own format. */
export function cellText(cell: CellLike): string | undefined {
  if (cell.err || !cell.rich) return undefined;
  if (cell.rich.type === "Entity") return cell.rich.text as string;
  return formatCellText(cell.v, cell.rich.numberFormat as string);
}

/** Range.valuesAsJson of a cell (ExcelApi 1.16), with the basicType and basicValue Excel adds. */
export function cellValueJson(cell: CellLike | undefined): RichValue {
  if (!cell || (cell.v === "" && !cell.err)) return { type: "Empty", basicType: "Empty", basicValue: "" };
  if (cell.err) {
    const { code, message } = cell.err;
    return {
      type: "Error",
      basicType: "Error",
      basicValue: code,
      errorType: ERROR_TYPES[code] ?? "Value",
      ...(message ? { message } : {}),
    };
  }
  if (cell.rich?.type === "Entity") return { ...cell.rich, basicType: "Error", basicValue: "#VALUE!" };
  if (cell.rich) return { ...cell.rich, basicType: "Double" };
  const type = typeof cell.v === "number" ? "Double" : typeof cell.v === "boolean" ? "Boolean" : "String";
  return { type, basicType: type, basicValue: cell.v };
}
