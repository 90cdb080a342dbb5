// KALIBRATE.PRICE and PRICEHISTORY. A sheet of PRICE cells asks for one price list per (site, variant): every cell for
// that site shares the request (the data client dedupes in-flight requests and caches results until Refresh), and
// the site and product lists are fetched once for all cells. So a 50-site grid costs about 50 requests, not one per
// cell.
import { excelSerialOf, parseIsoDate } from "../core/dates";
import type { FunctionContext } from "./provenance";
import { ArgumentError, isBlank, optionalText, requiredText, timeArgument } from "./arguments";
import { allOf, KeyIndex, keyIndex, refId, type Entity } from "./entities";
import { notAvailable } from "./errors";
import { dataTypesSupported, DATE_TIME_FORMAT, PRICE_FORMAT, typedNumber } from "./typed-values";

export type Point = readonly [time: number, price: number];

const VARIANT = /^[A-Za-z]+$/;

function variantArgument(value: unknown): string {
  const text = optionalText(value) || "Own";
  if (!VARIANT.test(text))
    throw new ArgumentError(`variant "${text}" must be a word such as Own, Competitor or Proposed.`);
  return text[0].toUpperCase() + text.slice(1);
}

export interface Target {
  site: Entity;
  product: Entity;
  productLabel: string;
  siteLabel: string;
}

/** The site does not sell the product named (a #N/A for PRICE; a row's reason for an import). */
export class NotSoldError extends Error {
  override name = "NotSoldError";
}

export const label = (entity: Entity) => String(entity.data?.name ?? entity.data?.importCode ?? entity.id.entityId);

/** A product list by the ways PRICE looks into it, built once per fetched list (see KeyIndex). */
export interface ProductIndex {
  all: KeyIndex;
  globals: KeyIndex;
  /** A site's own (or competitor) product for a global product, by `siteId|globalId`. */
  bySiteAndGlobal: Map<string, Entity>;
}

const productIndexes = new WeakMap<readonly Entity[], ProductIndex>();

export function productIndex(products: readonly Entity[]): ProductIndex {
  let index = productIndexes.get(products);
  if (index) return index;
  const bySiteAndGlobal = new Map<string, Entity>();
  for (const product of products) {
    const site = refId(product, "site");
    const global = refId(product, "product");
    const key = `${site}|${global}`;
    if (site && global && !bySiteAndGlobal.has(key)) bySiteAndGlobal.set(key, product);
  }
  index = {
    all: new KeyIndex(products),
    globals: new KeyIndex(products.filter((p) => p.id.entityVariant === "Global")),
    bySiteAndGlobal,
  };
  productIndexes.set(products, index);
  return index;
}

/**
 * The site that `siteKey` names among `sites`, and its product (from `products`, which holds the sites' products and
 * the global ones) that `productKey` means: the site's product's entityId, or a global product's entityId, import
 * code or name. Throws ArgumentError when a key names nothing or several, NotSoldError when the site does not sell it.
 * Lookups go through indexes built once per fetched list, so a grid of cells costs one scan of each list.
 */
export function findSiteProduct(
  sites: readonly Entity[],
  products: readonly Entity[],
  siteKey: string,
  productKey: string,
): Target {
  const site = keyIndex(sites).find(siteKey, "site");
  const index = productIndex(products);
  const direct = index.all.byId(productKey);
  if (direct && refId(direct, "site") === site.id.entityId) {
    const globalId = refId(direct, "product");
    const global = globalId === undefined ? undefined : index.all.byId(globalId);
    return { site, product: direct, productLabel: global ? label(global) : productKey, siteLabel: label(site) };
  }
  const global = index.globals.find(productKey, "global product");
  const product = index.bySiteAndGlobal.get(`${site.id.entityId}|${global.id.entityId}`);
  if (!product) throw new NotSoldError(`${label(site)} does not sell ${label(global)}.`);
  return { site, product, productLabel: label(global), siteLabel: label(site) };
}

/** The site, and the site's own (or competitor) product the user means by `productKey`. */
async function resolveTarget(rt: FunctionContext, siteArg: unknown, productArg: unknown): Promise<Target> {
  const siteKey = requiredText("site", siteArg, '"Own Site 1" or its entityId');
  const productKey = requiredText("product", productArg, '"Diesel" or a product entityId');
  const [sites, products] = await Promise.all([allOf(rt, "site"), allOf(rt, "product")]);
  try {
    return findSiteProduct(sites, products, siteKey, productKey);
  } catch (error) {
    if (error instanceof NotSoldError) throw notAvailable(error.message);
    throw error;
  }
}

const seriesCache = new WeakMap<readonly unknown[], Map<string, Point[]>>();

/** Price points per product for one site's price list, oldest first; built once per fetched list. */
export function seriesByProduct(documents: readonly unknown[]): Map<string, Point[]> {
  let index = seriesCache.get(documents);
  if (index) return index;
  index = new Map();
  for (const document of documents as Entity[]) {
    const product = refId(document, "product");
    const price = document.data?.price;
    const effective = document.data?.effectiveTime;
    const time = typeof effective === "string" ? parseIsoDate(effective) : undefined;
    if (!product || typeof price !== "number" || time === undefined) continue;
    const points = index.get(product) ?? [];
    points.push([time, price]);
    index.set(product, points);
  }
  for (const points of index.values()) points.sort((a, b) => a[0] - b[0]);
  seriesCache.set(documents, index);
  return index;
}

async function pricePoints(rt: FunctionContext, target: Target, variant: string): Promise<Point[]> {
  const query = `(entityVariant=${variant})+(site.entityId=${target.site.id.entityId})+(limit=0)`;
  const { documents } = await rt.data.query("price", query);
  return seriesByProduct(documents).get(target.product.id.entityId) ?? [];
}

/** Index of the last point at or before `time`, or -1. */
export function lastAtOrBefore(points: readonly Point[], time: number): number {
  let low = 0;
  let high = points.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (points[mid][0] <= time) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

export async function priceAt(
  rt: FunctionContext,
  siteArg: unknown,
  productArg: unknown,
  asOfArg: unknown,
  variantArg: unknown,
): Promise<number> {
  const variant = variantArgument(variantArg);
  const asOf = timeArgument("asOf", asOfArg, Date.now());
  const target = await resolveTarget(rt, siteArg, productArg);
  const points = await pricePoints(rt, target, variant);
  const index = lastAtOrBefore(points, asOf);
  if (index < 0) {
    throw notAvailable(
      `No ${variant} price for ${target.productLabel} at ${target.siteLabel} at or before ${isoMinute(asOf)} UTC.`,
    );
  }
  return points[index][1];
}

export const HISTORY_HEADERS = ["Effective time", "Price"];

export async function priceHistory(
  rt: FunctionContext,
  siteArg: unknown,
  productArg: unknown,
  fromArg: unknown,
  toArg: unknown,
  variantArg: unknown,
): Promise<unknown[][]> {
  const variant = variantArgument(variantArg);
  const from = timeArgument("from", fromArg);
  const to = isBlank(toArg) ? Date.now() : timeArgument("to", toArg);
  if (to < from) throw new ArgumentError("to is before from: swap them.");
  const target = await resolveTarget(rt, siteArg, productArg);
  const points = await pricePoints(rt, target, variant);
  const typed = dataTypesSupported();
  const rows = points
    .filter(([time]) => time >= from && time <= to)
    .map(([time, price]) => [
      typedNumber(excelSerialOf(time), DATE_TIME_FORMAT, typed),
      typedNumber(price, PRICE_FORMAT, typed),
    ]);
  return [HISTORY_HEADERS, ...rows];
}
