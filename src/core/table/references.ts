// Reference expansion: `data.brand` in an Own Site is only `{entityId}`; a column such as `data.brand.name` asks for
// the name of the brand it points to. The referenced collection is loaded once per (collection, variant), indexed by
// entityId, and joined in, which is what Kalibrate's Sandpit Excel template does with Power Query merges
// (Own Product → Global Product name, Own Site → Brand name; kalibrate-data-api §9).
import type { DataApiClient } from "../api";
import type { ReferenceType } from "../catalogue";
import { ID_FIELDS, isRecord, resolveName, valueAt } from "./paths";

export interface ReferenceTarget {
  /** Collection path as the Data API names it, e.g. `site` or `reference/brand`. */
  collection: string;
  /** Load only this entityVariant (smaller), or every variant when absent. */
  variant?: string;
}

/**
 * Where each reference field points. Decisions (change here when the real API says otherwise):
 * - product → Global products: an Own Product's `product` is its Global Product (the template's join), and Global
 *   is small. A Price's `product` points at an Own or Competitor product, which this does not find (cells stay
 *   empty); pointing product at all variants would find it at the cost of loading every product.
 * - site, competitorSite, ownSite → every Site variant: a reference may point at an Own or a Competitor site;
 *   nearestOwnSite (an Own Product's) → Own sites; an Own Site's listPriceCompetitor and definedOffsetCompetitor →
 *   Competitor sites.
 * - primaryProduct (a Product Group's) → Global products; ownProduct (a Volume's) → Own products; initialEvent (a
 *   Price Request's) → Price Requests.
 * - brand, terminal, area → the Reference collection's entity type (`/api/reference/brand` is in the template).
 */
const referenceType = (type: ReferenceType): ReferenceTarget => ({ collection: `reference/${type}` });

export const REFERENCE_TARGETS: Readonly<Record<string, ReferenceTarget>> = {
  brand: referenceType("brand"),
  product: { collection: "product", variant: "Global" },
  site: { collection: "site" },
  competitorSite: { collection: "site" },
  ownSite: { collection: "site" },
  nearestOwnSite: { collection: "site", variant: "Own" },
  listPriceCompetitor: { collection: "site", variant: "Competitor" },
  definedOffsetCompetitor: { collection: "site", variant: "Competitor" },
  primaryProduct: { collection: "product", variant: "Global" },
  ownProduct: { collection: "product", variant: "Own" },
  initialEvent: { collection: "pricerequest" },
  terminal: referenceType("terminal"),
  area: referenceType("area"),
};

/** Referenced documents by their `id.entityId`. */
export type ReferenceIndex = ReadonlyMap<string, unknown>;
export type ReferenceLookup = (target: ReferenceTarget) => Promise<ReferenceIndex>;

/**
 * Loads referenced collections through the DataApiClient, so its in-flight sharing and cache apply: a collection is
 * fetched once until the next Refresh, however many tables join to it. The index of a result is built once too.
 */
export function createReferenceLookup(
  client: Pick<DataApiClient, "query">,
  options: { signal?: AbortSignal } = {},
): ReferenceLookup {
  return async (target) => {
    const query = target.variant ? `(entityVariant=${target.variant})+(limit=0)` : "(limit=0)";
    const result = await client.query(target.collection, query, { signal: options.signal });
    return indexOf(result.documents);
  };
}

const indexes = new WeakMap<readonly unknown[], ReferenceIndex>();

function indexOf(documents: readonly unknown[]): ReferenceIndex {
  let index = indexes.get(documents);
  if (!index) {
    const built = new Map<string, unknown>();
    for (const document of documents) {
      const id = valueAt(document, "id.entityId");
      if (typeof id === "string") built.set(id, document);
    }
    indexes.set(documents, built);
    index = built;
  }
  return index;
}

interface Expansion {
  field: string;
  /** Path inside the referenced document, as written after the field (e.g. `name`). */
  rest: string;
  target: ReferenceTarget;
}

/**
 * Returns the documents with every requested column that goes through a reference filled in: `data.brand.name`
 * becomes a value inside a copy of `data.brand`. Documents are copied where changed, never modified. One lookup per
 * distinct (collection, variant). Only one level is followed (`data.site.brand.name` is not).
 */
export async function expandReferences(
  documents: readonly unknown[],
  columns: readonly string[],
  lookup: ReferenceLookup,
  targets: Readonly<Record<string, ReferenceTarget>> = REFERENCE_TARGETS,
): Promise<unknown[]> {
  const expansions = columns
    .map((column) => expansionFor(column.trim(), documents, targets))
    .filter((e): e is Expansion => e !== undefined);
  if (expansions.length === 0) return [...documents];

  const byTarget = new Map<string, Promise<ReferenceIndex>>();
  const targetKey = (t: ReferenceTarget) => `${t.collection.toLowerCase()}|${t.variant ?? ""}`;
  for (const { target } of expansions) {
    if (!byTarget.has(targetKey(target))) byTarget.set(targetKey(target), lookup(target));
  }
  const loaded = new Map<string, ReferenceIndex>();
  for (const [key, promise] of byTarget) loaded.set(key, await promise);

  return documents.map((document) => {
    if (!isRecord(document) || !isRecord(document.data)) return document;
    let data: Record<string, unknown> | undefined;
    for (const { field, rest, target } of expansions) {
      const reference = (data ?? document.data)[field];
      if (!isRecord(reference) || typeof reference.entityId !== "string") continue;
      const referenced = loaded.get(targetKey(target))?.get(reference.entityId);
      data ??= { ...document.data };
      data[field] = withValue(data[field] as Record<string, unknown>, rest.split("."), valueIn(referenced, rest));
    }
    return data ? { ...document, data } : document;
  });
}

/**
 * Whether any of `columns` could go through a reference (a field of REFERENCE_TARGETS and a path inside it other
 * than entityId): when none does, expandReferences never changes a document and never looks anything up.
 */
export function mayExpandReferences(
  columns: readonly string[],
  targets: Readonly<Record<string, ReferenceTarget>> = REFERENCE_TARGETS,
): boolean {
  return columns.some((column) => expansionFor(column.trim(), [{ data: {} }], targets, true) !== undefined);
}

function expansionFor(
  column: string,
  documents: readonly unknown[],
  targets: Readonly<Record<string, ReferenceTarget>>,
  whateverTheDocuments = false,
): Expansion | undefined {
  if (column.startsWith("id.")) return undefined;
  const path = column.startsWith("data.") ? column.slice("data.".length) : column;
  const [field, ...restParts] = path.split(".");
  if (!column.startsWith("data.") && (ID_FIELDS as readonly string[]).includes(field)) return undefined;
  const target = Object.prototype.hasOwnProperty.call(targets, field) ? targets[field] : undefined;
  const rest = restParts.join(".");
  if (!target || rest === "" || rest === "entityId") return undefined;
  // Nothing to do when the documents already carry the value (an embedded object richer than {entityId}).
  if (whateverTheDocuments) return { field, rest, target };
  const needed = documents.some(
    (d) => isRecord(valueAt(d, `data.${field}`)) && valueAt(d, `data.${path}`) === undefined,
  );
  return needed ? { field, rest, target } : undefined;
}

/** A path inside a referenced document, resolved like a column: over id, then data. */
function valueIn(document: unknown, rest: string): unknown {
  if (document === undefined) return null;
  const path = resolveName(rest, (p) => valueAt(document, p) !== undefined);
  return path === undefined ? null : valueAt(document, path);
}

function withValue(object: Record<string, unknown>, keys: string[], value: unknown): Record<string, unknown> {
  const [key, ...more] = keys;
  const copy = { ...object };
  copy[key] =
    more.length === 0
      ? value
      : withValue(isRecord(copy[key]) ? (copy[key] as Record<string, unknown>) : {}, more, value);
  return copy;
}
