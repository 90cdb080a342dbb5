// Sites and products named the way PRICE takes them (entityId, import code or name; a global product's code or name
// means the site's product for it), resolved once per distinct pair against the Data API through the one data
// client, with the same functions PRICE uses. An import record names them by import code, so that is what comes out.
import { ArgumentError } from "../functions/arguments";
import { allOf, findByKey, refId, type Entity, type QueryRunner } from "../functions/entities";
import { findSiteProduct, NotSoldError } from "../functions/prices";
import { siteVariantOf, type ImportKind } from "./kinds";

export type Resolution =
  { ok: true; siteID: string; productCode: string } | { ok: false; field: "siteID" | "productCode"; reason: string };

export type SiteProductResolver = (siteKey: string, productKey: string) => Resolution;

export interface Catalogue {
  sites: Entity[];
  products: Entity[];
}

/** The sites and products resolution needs: two queries, cached by the data client until Refresh. */
export async function loadCatalogue(data: QueryRunner): Promise<Catalogue> {
  const [sites, products] = await Promise.all([allOf({ data }, "site"), allOf({ data }, "product")]);
  return { sites, products };
}

export function siteProductResolver(catalogue: Catalogue, kind: ImportKind): SiteProductResolver {
  const variant = siteVariantOf(kind);
  const sites = catalogue.sites.filter((site) => site.id.entityVariant === variant);
  const byId = new Map(catalogue.products.map((p) => [p.id.entityId, p]));
  const memo = new Map<string, Resolution>();
  const resolve = (siteKey: string, productKey: string): Resolution => {
    let site: Entity;
    try {
      site = findByKey(sites, siteKey, `${variant.toLowerCase()} site`);
    } catch (error) {
      if (error instanceof ArgumentError) return { ok: false, field: "siteID", reason: error.message };
      throw error;
    }
    const siteID = site.data.importCode;
    if (typeof siteID !== "string" || siteID === "") {
      return { ok: false, field: "siteID", reason: `Site "${siteKey}" has no import code in Kalibrate.` };
    }
    try {
      const target = findSiteProduct([site], catalogue.products, siteKey, productKey);
      const global = byId.get(refId(target.product, "product") ?? "");
      const productCode = global?.data.importCode;
      if (typeof productCode !== "string" || productCode === "") {
        return { ok: false, field: "productCode", reason: `Product "${productKey}" has no import code in Kalibrate.` };
      }
      return { ok: true, siteID, productCode };
    } catch (error) {
      if (error instanceof ArgumentError || error instanceof NotSoldError) {
        return { ok: false, field: "productCode", reason: error.message };
      }
      throw error;
    }
  };
  return (siteKey, productKey) => {
    const key = `${siteKey.toLowerCase()}\u0000${productKey.toLowerCase()}`;
    let found = memo.get(key);
    if (!found) {
      found = resolve(siteKey, productKey);
      memo.set(key, found);
    }
    return found;
  };
}
