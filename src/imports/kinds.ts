// The fields of each import kind as a worksheet column maps onto them: the record field Kalibrate receives, whether
// it is required, its type, its documented length limit and the header names analysts use for it. The sandbox
// checks the same fields (src/sandbox/import-records.ts); the limits come from one list (src/core/catalogue.ts).
import { IMPORT_KINDS, IMPORT_LENGTH_LIMITS, type ImportKind } from "../core/catalogue";

export { IMPORT_KINDS, type ImportKind };

export type FieldType = "site" | "product" | "number" | "date" | "text" | "currency";

export interface FieldSpec {
  /** The record field sent to Kalibrate. */
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  maxLength?: number;
  /** Header names (besides the field name and label) that map to this field, compared without case or spaces. */
  synonyms: readonly string[];
  /**
   * A part of one cost-breakdown component (its name or its amount), read from one row per component and gathered
   * into the record's `breakdown` list (src/imports/breakdown.ts), never sent as a field of its own.
   */
  part?: "name" | "value";
}

const field = (
  name: string,
  label: string,
  type: FieldType,
  required: boolean,
  synonyms: readonly string[],
): FieldSpec => ({ name, label, type, required, maxLength: IMPORT_LENGTH_LIMITS[name], synonyms });

const SITE = field("siteID", "Site", "site", true, ["site", "siteid", "site code", "site import code", "station"]);
const PRODUCT = field("productCode", "Product", "product", true, ["product", "product id", "grade", "fuel"]);
const EFFECTIVE = field("effectiveTime", "Effective time", "date", true, [
  "effective",
  "effective date",
  "date",
  "time",
  "survey date",
  "surveyed",
  "price date",
]);
const PRICE = field("price", "Price", "number", true, ["pump price", "pumpprice", "retail price", "competitor price"]);
const CURRENCY = field("currencyUnit", "Currency", "currency", false, ["currency", "currency code", "ccy"]);
const SOURCE = field("source", "Source", "text", false, []);
const ORIGIN = field("origin", "Origin", "text", false, []);

/** Longest name a cost-breakdown component may have. */
export const BREAKDOWN_NAME_LIMIT = 50;

export const IMPORT_FIELDS: Readonly<Record<ImportKind, readonly FieldSpec[]>> = {
  competitorPrice: [
    SITE,
    PRODUCT,
    PRICE,
    EFFECTIVE,
    field("brand", "Brand", "text", false, ["brand name", "competitor brand"]),
    CURRENCY,
    SOURCE,
    ORIGIN,
  ],
  ownPrice: [SITE, PRODUCT, PRICE, EFFECTIVE, CURRENCY, SOURCE, ORIGIN],
  salesVolume: [
    SITE,
    PRODUCT,
    field("volume", "Volume", "number", true, ["sales volume", "litres", "liters", "quantity", "qty"]),
    EFFECTIVE,
    SOURCE,
    ORIGIN,
  ],
  costBreakdown: [
    SITE,
    PRODUCT,
    field("cost", "Cost", "number", true, ["unit cost", "total cost"]),
    EFFECTIVE,
    CURRENCY,
    SOURCE,
    ORIGIN,
    {
      ...field("component", "Component", "text", false, ["cost component", "component name", "breakdown", "element"]),
      // The sandbox's limit for a component's name (src/sandbox/import-records.ts).
      maxLength: BREAKDOWN_NAME_LIMIT,
      part: "name",
    },
    {
      ...field("amount", "Amount", "number", false, ["component amount", "component cost", "component value"]),
      part: "value",
    },
  ],
};

export const KIND_LABELS: Readonly<Record<ImportKind, string>> = {
  competitorPrice: "Competitor prices",
  ownPrice: "Own prices",
  salesVolume: "Sales volumes",
  costBreakdown: "Cost breakdowns",
};

/** The site variant whose import codes a kind's siteID names (the sandbox and Kalibrate check the same). */
export function siteVariantOf(kind: ImportKind): "Competitor" | "Own" {
  return kind === "competitorPrice" ? "Competitor" : "Own";
}
