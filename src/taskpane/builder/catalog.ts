// What the builder suggests: the collections and reference types, the known variants of each, and the properties
// of each (from the Data API reference, /work/shared/kalibrate-data-api.md §5–6, as the sandbox serves them).
// Suggestions only: any property can be typed, and fields seen in a preview are offered too.
import { ID_FIELDS, REFERENCE_TARGETS } from "../../core/table";

export { COLLECTIONS, REFERENCE_TYPES } from "../../core/catalogue";

const VARIANTS: Record<string, readonly string[]> = {
  price: ["Own", "Competitor", "Proposed", "Cost"],
  product: ["Global", "Own", "Competitor"],
  site: ["Own", "Competitor"],
  volume: ["Sales", "Delivery", "Forecast", "Plan"],
  productgroup: ["Global"],
  pricerequest: ["Common"],
  surveyhistory: ["Common"],
  reference: ["Common"],
};

const PRICE = [
  "priceId",
  "price",
  "effectiveTime",
  "exportedTime",
  "status.exported",
  "status.statusId",
  "product.entityId",
  "site.entityId",
  "origin",
  "source",
  "user",
  "currencyUnit",
];
const PROPERTIES: Record<string, readonly string[]> = {
  price: PRICE,
  product: [
    "name",
    "importCode",
    "active",
    "product.entityId",
    "site.entityId",
    "currentPrice",
    "currentPriceEffectiveTime",
    "currentCost",
    "currentMargin",
    "minPrice",
    "maxPrice",
    "taxRate",
  ],
  site: [
    "name",
    "importCode",
    "brand.entityId",
    "area.entityId",
    "postCode",
    "country",
    "latitude",
    "longitude",
    "active",
    "siteOperational",
    "isDealer",
    "priority",
    "targetMargin",
  ],
  volume: [
    "volumeId",
    "volume",
    "effectiveTime",
    "startTime",
    "endTime",
    "product.entityId",
    "site.entityId",
    "source",
    "unitCostPrice",
  ],
  productgroup: ["name", "importCode", "alias", "active", "primaryProduct.entityId"],
  pricerequest: ["eventTemplate", "site.entityId", "startTime", "endTime", "processTime", "recurring"],
  surveyhistory: [
    "adjustment",
    "site.entityId",
    "ownSite.entityId",
    "competitorSite.entityId",
    "date",
    "startDate",
    "endDate",
    "target",
  ],
  reference: ["name", "importCode", "displayOrder"],
};

const key = (collection: string) => collection.toLowerCase().split("/")[0];

export function variantsOf(collection: string): readonly string[] {
  return VARIANTS[key(collection)] ?? [];
}

/** id.* properties first (filterable without the prefix, like the API), then the collection's data properties. */
export function propertiesOf(collection: string): string[] {
  const ids = ID_FIELDS.filter((f) => f !== "tenantId").map((f) => `${f}`);
  return [...ids, ...(PROPERTIES[key(collection)] ?? [])];
}

/** Whether a property holds dates (a date picker is offered for its value). */
export function isDateProperty(property: string): boolean {
  const last = property.split(".").pop() ?? "";
  return /(Time|Date|On)$/.test(last) || last === "date" || last === "created";
}

/** For a column such as data.brand.entityId, the columns reference expansion can fill from the brand. */
export function referenceColumns(column: string): string[] {
  const match = /^(?:(data)\.)?([A-Za-z]+)\.entityId$/.exec(column);
  if (!match || !(match[2] in REFERENCE_TARGETS)) return [];
  const base = column.slice(0, -".entityId".length);
  return [`${base}.name`, `${base}.importCode`];
}
