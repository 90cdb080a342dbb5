// A competitor-price survey over the sandbox's own sites and products, as an analyst's sheet holds it: one row per
// (competitor site, product) offer and time, with a header row, and helpers to read the sandbox's import log.
import type { RunningSandbox } from "../../src/sandbox/server";

export const SURVEY_HEADERS = ["Site ID", "Product", "Pump price", "Survey date", "Brand"];

/** `count` distinct good rows: site import code, product name or code, price, an Excel serial (UTC), brand. */
export function surveyRows(sandbox: RunningSandbox, count: number, baseSerial = 47500): unknown[][] {
  const { competitorProducts, competitorSites, globalProducts } = sandbox.data;
  const siteCode = new Map(competitorSites.map((s) => [s.id.entityId, String(s.data.importCode)]));
  const product = new Map(globalProducts.map((p) => [p.id.entityId, p]));
  const offers = competitorProducts.map((offer) => ({
    site: siteCode.get((offer.data.site as { entityId: string }).entityId)!,
    product: product.get((offer.data.product as { entityId: string }).entityId)!,
  }));
  return Array.from({ length: count }, (_, i) => {
    const offer = offers[i % offers.length];
    const round = Math.floor(i / offers.length);
    // Alternate the product's name and import code: both name the same global product.
    const productKey = i % 2 === 0 ? String(offer.product.data.name) : String(offer.product.data.importCode);
    return [offer.site, productKey, 1.3 + (i % 400) / 1000, baseSerial + round / 24, "Survey brand"];
  });
}

export interface ImportLogSummary {
  records: number;
  distinct: number;
  duplicates: Array<{ key: string; count: number }>;
  posts: number;
  replays: number;
}

export async function importLog(sandbox: RunningSandbox): Promise<ImportLogSummary> {
  return (await (await fetch(`${sandbox.url}/_sandbox/imports`)).json()) as ImportLogSummary;
}

export async function clearImportLog(sandbox: RunningSandbox): Promise<void> {
  await fetch(`${sandbox.url}/_sandbox/imports`, { method: "DELETE" });
}

/** The sandbox's own-site offers as a sheet names them: the site's import code and the global product's. */
export function ownOffers(sandbox: RunningSandbox): Array<{ site: string; product: string; productName: string }> {
  const { ownProducts, ownSites, globalProducts } = sandbox.data;
  const siteCode = new Map(ownSites.map((s) => [s.id.entityId, String(s.data.importCode)]));
  const product = new Map(globalProducts.map((p) => [p.id.entityId, p]));
  return ownProducts.map((offer) => {
    const global = product.get((offer.data.product as { entityId: string }).entityId)!;
    return {
      site: siteCode.get((offer.data.site as { entityId: string }).entityId)!,
      product: String(global.data.importCode),
      productName: String(global.data.name),
    };
  });
}
