// What Kalibrate's documentation names (kalibrate-data-api §3, §6, §8): the collections, as their entity tables spell
// them, and the import kinds. The add-in, the relay's whitelist and the sandbox all read these lists.

/** Most used first: the query builder offers them in this order. */
export const COLLECTIONS = [
  "Price",
  "Product",
  "Site",
  "Volume",
  "PriceRequest",
  "ProductGroup",
  "SurveyHistory",
  "Reference",
] as const;

export type Collection = (typeof COLLECTIONS)[number];

export const IMPORT_KINDS = ["competitorPrice", "ownPrice", "salesVolume", "costBreakdown"] as const;

export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * Entity types of the Reference collection, each addressable as `reference/<type>` (the path segment, any letter
 * case). The builder offers these, reference expansion points brand, area and terminal at them, and the sandbox
 * serves each; test/unit/catalogue-references.test.ts checks the three agree.
 */
export const REFERENCE_TYPES = ["brand", "area", "alternateImportCode", "terminal"] as const;

export type ReferenceType = (typeof REFERENCE_TYPES)[number];

/** Documented maximum lengths of import record fields, in characters (reference §8). */
export const IMPORT_LENGTH_LIMITS: Readonly<Record<string, number>> = {
  brand: 100,
  siteID: 20,
  productCode: 20,
  source: 20,
  origin: 50,
  currencyUnit: 3,
};
