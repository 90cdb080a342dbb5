// KALIBRATE.SITE: a site as an Excel entity (Excel.EntityCellValue JSON, CustomFunctionsRuntime 1.4): its brand,
// address and position, the price in force at `asOf` of every product it sells (one property per global product,
// "Diesel", "Unleaded"…), its competitor sites as nested entities with their own prices, and where the data came from.
// Every SITE cell reads the same five lists (sites, products, brands, Own prices, Competitor prices), which the data
// client caches until Refresh and shares while in flight: a sheet of 200 SITE cells costs one request per page of
// each list, not one per cell. On a host without data types SITE spills the site's name and why there is no card.
import { excelSerialOf } from "../core/dates";
import type { FunctionContext } from "./provenance";
import { requiredText, timeArgument } from "./arguments";
import { allOf, keyIndex, refId, type Entity } from "./entities";
import { notAvailable, valueError } from "./errors";
import { label, lastAtOrBefore, priceAt, productIndex, seriesByProduct, type Point } from "./prices";
import {
  dataTypesSupported,
  DATE_TIME_FORMAT,
  formatted,
  PRICE_FORMAT,
  referenceMethodsSupported,
} from "./typed-values";

/** A nested entity per competitor; more would only grow the result towards Excel's 5 MB argument limit. */
export const MAX_COMPETITORS = 20;
export const ENTITY_ID = "Entity ID";
export const PRICE_AS_OF = "Price as of";
export const NO_DATA_TYPES =
  "Site cards need Excel with CustomFunctionsRuntime 1.4 (Microsoft 365 2208+, Mac 16.64+, the web); use the name with KALIBRATE.PRICE or LOOKUP.";

type CellValue = Record<string, unknown> & { type: string };
type Properties = Record<string, CellValue>;

const text = (value: string): CellValue => ({ type: "String", basicValue: value });
const double = (value: number): CellValue => ({ type: "Double", basicValue: value });
const when = (ms: number) => formatted(excelSerialOf(ms), DATE_TIME_FORMAT);

export interface SiteData {
  sites: Entity[];
  products: Entity[];
  brands: Entity[];
  own: readonly unknown[];
  competitor: readonly unknown[];
  environment: string;
  retrievedAt: string;
}

async function siteData(rt: FunctionContext): Promise<SiteData> {
  const [sites, products, brands, own, competitor] = await Promise.all([
    rt.data.query("site", "(limit=0)"),
    allOf(rt, "product"),
    allOf(rt, "reference/brand"),
    rt.data.query("price", "(entityVariant=Own)+(limit=0)"),
    rt.data.query("price", "(entityVariant=Competitor)+(limit=0)"),
  ]);
  return {
    sites: sites.documents as Entity[],
    products,
    brands,
    own: own.documents,
    competitor: competitor.documents,
    environment: sites.environment,
    retrievedAt: own.retrievedAt,
  };
}

const productsBySite = new WeakMap<readonly Entity[], Map<string, Entity[]>>();

/** Each site's own (or competitor) products, built once per fetched product list. */
function siteProducts(products: readonly Entity[], siteId: string): Entity[] {
  let index = productsBySite.get(products);
  if (!index) {
    index = new Map();
    for (const product of products) {
      const site = refId(product, "site");
      if (site) index.set(site, [...(index.get(site) ?? []), product]);
    }
    productsBySite.set(products, index);
  }
  return index.get(siteId) ?? [];
}

/** One property per product the site sells, named by the global product, with the price in force at `asOf`. */
function prices(data: SiteData, site: Entity, series: Map<string, Point[]>, asOf: number): Properties {
  const globals = productIndex(data.products).all;
  const out: Properties = {};
  for (const product of siteProducts(data.products, site.id.entityId)) {
    const globalId = refId(product, "product");
    const global = globalId ? globals.byId(globalId) : undefined;
    const name = global ? label(global) : label(product);
    if (name in out) continue;
    const points = series.get(product.id.entityId) ?? [];
    const at = lastAtOrBefore(points, asOf);
    out[name] = at < 0 ? { type: "Error", errorType: "NotAvailable" } : formatted(points[at][1], PRICE_FORMAT);
  }
  return out;
}

function brandOf(data: SiteData, site: Entity): CellValue {
  const id = refId(site, "brand");
  const brand = id ? keyIndex(data.brands).byId(id) : undefined;
  return text(brand ? label(brand) : "");
}

function addressOf(site: Entity): CellValue | undefined {
  const fields = ["address", "address2", "address3", "address4", "address5", "postCode"];
  const lines = fields.map((f) => site.data?.[f]).filter((v): v is string => typeof v === "string" && v.trim() !== "");
  return lines.length ? { type: "Array", elements: lines.map((line) => [text(line)]) } : undefined;
}

const hidden = (value: CellValue): CellValue => ({ ...value, propertyMetadata: { excludeFrom: { cardView: true } } });

function competitorEntity(data: SiteData, site: Entity, asOf: number): CellValue {
  const productPrices = prices(data, site, seriesByProduct(data.competitor), asOf);
  return {
    type: "Entity",
    text: label(site),
    properties: { Brand: brandOf(data, site), ...productPrices, [ENTITY_ID]: hidden(text(site.id.entityId)) },
    layouts: {
      compact: { icon: "GasPump" },
      card: { sections: [{ layout: "List", title: "Prices", properties: ["Brand", ...Object.keys(productPrices)] }] },
    },
  };
}

/** The site entity: what KALIBRATE.SITE returns where the host has data types. */
export function siteEntity(data: SiteData, site: Entity, asOf: number, withMethod: boolean): CellValue {
  const productPrices = prices(data, site, seriesByProduct(data.own), asOf);
  const location: Properties = { Brand: brandOf(data, site) };
  const address = addressOf(site);
  if (address) location.Address = address;
  for (const [name, field] of [
    ["Latitude", "latitude"],
    ["Longitude", "longitude"],
  ]) {
    const value = site.data?.[field];
    if (typeof value === "number") location[name] = double(value);
  }
  const sites = keyIndex(data.sites);
  const competitors = ((site.data?.competitorSites ?? []) as Array<{ entityId?: string }>)
    .map((ref) => (typeof ref?.entityId === "string" ? sites.byId(ref.entityId) : undefined))
    .filter((s): s is Entity => s !== undefined)
    .slice(0, MAX_COMPETITORS)
    .map((competitor) => [competitorEntity(data, competitor, asOf)]);
  const properties: Properties = {
    ...productPrices,
    [PRICE_AS_OF]: when(asOf),
    ...location,
    ...(competitors.length ? { Competitors: { type: "Array", elements: competitors } } : {}),
    Environment: text(data.environment),
    Retrieved: when(Date.parse(data.retrievedAt)),
    [ENTITY_ID]: hidden(text(site.id.entityId)),
  };
  if (withMethod) {
    properties.PriceAt = {
      type: "Function",
      functionType: "JavaScriptReference",
      namespace: "KALIBRATE",
      id: "PRICEAT",
    };
  }
  const section = (title: string, names: string[]) => ({
    layout: "List",
    title,
    properties: names.filter((name) => name in properties),
  });
  return {
    type: "Entity",
    text: label(site),
    properties,
    layouts: {
      compact: { icon: "GasPump" },
      card: {
        sections: [
          section("Prices", [...Object.keys(productPrices), PRICE_AS_OF]),
          section("Location", Object.keys(location)),
          section("Competitors", ["Competitors"]),
          { ...section("Provenance", ["Environment", "Retrieved"]), collapsible: true, collapsed: true },
        ].filter((s) => s.properties.length > 0),
      },
    },
    provider: { description: "Kalibrate Data API" },
  };
}

function findSite(sites: readonly Entity[], key: string): Entity {
  const index = keyIndex(sites);
  if (!index.has(key))
    throw notAvailable(`No site has the entityId, import code or name "${key}": check the spelling.`);
  return index.find(key, "site");
}

export async function site(rt: FunctionContext, siteArg: unknown, asOfArg: unknown): Promise<unknown> {
  const key = requiredText("site", siteArg, '"Bristol High Street" or its entityId');
  const asOf = timeArgument("asOf", asOfArg, Date.now());
  if (!dataTypesSupported()) {
    const found = findSite(await allOf(rt, "site"), key);
    return [[label(found), NO_DATA_TYPES]];
  }
  const data = await siteData(rt);
  return siteEntity(data, findSite(data.sites, key), asOf, referenceMethodsSupported());
}

/** `=A1.PriceAt("Diesel", DATE(2025,1,31))` on a SITE cell: that site's Own price for the product at the date. */
export async function sitePriceAt(
  rt: FunctionContext,
  entity: unknown,
  productArg: unknown,
  asOfArg: unknown,
): Promise<number> {
  const id = (entity as { properties?: Record<string, { basicValue?: unknown }> } | null)?.properties?.[ENTITY_ID]
    ?.basicValue;
  if (typeof id !== "string") throw valueError('PriceAt works on a KALIBRATE.SITE cell, e.g. =A1.PriceAt("Diesel").');
  return priceAt(rt, id, productArg, asOfArg, "Own");
}
