// Custom functions, namespace KALIBRATE (manifest.xml). Each is a thin, JSDoc-described wrapper: the webpack plugin
// turns the JSDoc into functions.json and appends the CustomFunctions.associate calls. The work happens in the
// modules beside this one, through the runtime's one data client.
/* eslint-disable @typescript-eslint/no-explicit-any -- Excel's "any" cells and matrices are typed any in metadata */
import { ADDIN_VERSION } from "../version";
import { runtime } from "../runtime";
import { settle, notAvailable } from "./errors";
import { loadFailureMessage, loadOnce } from "../core/util";
import type * as Work from "./work";
import type { FunctionContext } from "./provenance";

/**
 * The functions' code (queries, tables, prices, sites) loads with the first call, in a chunk of its own: the pane's
 * page loads this file at start (shared runtime), and its first screen does not need that code. A failed load is
 * tried again by the next call, so Refresh (which re-enters the cells) is the way out.
 */
const work = loadOnce(() =>
  import(/* webpackChunkName: "functions-work" */ "./work").catch((error: Error) => {
    throw notAvailable(loadFailureMessage("The Kalibrate functions", error, "Press Refresh to try again."));
  }),
);

/** A value preview (Excel showing a result while the formula is typed) must not cost a Data API call. */
function guardPreview(invocation?: CustomFunctions.Invocation): void {
  if (invocation?.isInValuePreview) throw notAvailable("Press Enter to fetch from Kalibrate.");
}

function run<T>(
  invocation: CustomFunctions.Invocation | undefined,
  body: (code: typeof Work, context: FunctionContext) => Promise<T>,
): Promise<T> {
  const rt = runtime();
  return rt.track(
    settle(async () => {
      guardPreview(invocation);
      const code = await work();
      // What the call fetched is recorded under the cell's address, for the pane's Provenance.
      return body(code, code.recordingContext(rt, invocation?.address));
    }),
  );
}

/**
 * The version of the Kalibrate add-in running in this workbook.
 * @customfunction VERSION
 * @helpurl https://localhost:3000/help.html#version
 * @returns The add-in version, for example 0.1.0.
 */
export function version(): string {
  return ADDIN_VERSION;
}

/**
 * Runs a Kalibrate Data API query and spills the result as a table, one row per entity.
 * @customfunction QUERY
 * @requiresAddress
 * @helpurl https://localhost:3000/help.html#query
 * @param collection Price, Product, Site, Volume, SurveyHistory, ProductGroup, PriceRequest, Reference, or reference/brand and other reference types.
 * @param [query] Query text, for example (entityVariant=Own)+(limit=0). Empty: the API's first 1000 entities.
 * @param [columns] Columns to show: a comma list such as "id.entityId,data.name,data.brand.name", or a range of names. Empty: every column.
 * @param [headers] TRUE (default) puts the column names in the first row.
 * @param [plain] TRUE gives plain numbers (date serials, bare prices) instead of formatted dates and prices.
 * @param [invocation] Invocation
 * @returns The matching entities as a table.
 */
export function query(
  collection: string,
  query?: string,
  columns?: any[][],
  headers?: boolean,
  plain?: boolean,
  invocation?: CustomFunctions.Invocation,
): Promise<any[][]> {
  return run(invocation, (code, rt) => code.queryTable(rt, collection, query, columns, headers, plain));
}

/**
 * The price in force at a site for a product at a moment (now by default).
 * @customfunction PRICE
 * @requiresAddress
 * @helpurl https://localhost:3000/help.html#price
 * @param site The site: its entityId, import code or name.
 * @param product The product: the site's product entityId, or a global product's name or import code (Diesel, Unleaded…).
 * @param [asOf] When: an Excel date and time, or text such as 2024-01-31T08:00 (UTC). Empty: now.
 * @param [variant] Own (default), Competitor, Proposed…
 * @param [invocation] Invocation
 * @returns The price (formatted 0.000 where Excel has data types).
 */
export function price(
  site: string,
  product: string,
  asOf?: any,
  variant?: string,
  invocation?: CustomFunctions.Invocation,
): Promise<any> {
  return run(invocation, async (code, rt) =>
    code.typedNumber(await code.priceAt(rt, site, product, asOf, variant), code.PRICE_FORMAT),
  );
}

/**
 * The price changes at a site for a product between two moments, as a two-column table.
 * @customfunction PRICEHISTORY
 * @requiresAddress
 * @helpurl https://localhost:3000/help.html#pricehistory
 * @param site The site: its entityId, import code or name.
 * @param product The product: the site's product entityId, or a global product's name or import code.
 * @param from Start: an Excel date or text such as 2024-01-01.
 * @param [to] End: an Excel date or text. Empty: now.
 * @param [variant] Own (default), Competitor, Proposed…
 * @param [invocation] Invocation
 * @returns Effective time and price, one row per change, with headers.
 */
export function pricehistory(
  site: string,
  product: string,
  from: any,
  to?: any,
  variant?: string,
  invocation?: CustomFunctions.Invocation,
): Promise<any[][]> {
  return run(invocation, (code, rt) => code.priceHistory(rt, site, product, from, to, variant));
}

/**
 * One field of one entity, found by entityId, import code or name.
 * @customfunction LOOKUP
 * @requiresAddress
 * @helpurl https://localhost:3000/help.html#lookup
 * @param collection Site, Product, reference/brand…
 * @param key The entity's entityId, import code or name.
 * @param field The field, for example data.name, latitude or data.brand.name.
 * @param [invocation] Invocation
 * @returns The field's value.
 */
export function lookup(
  collection: string,
  key: string,
  field: string,
  invocation?: CustomFunctions.Invocation,
): Promise<any> {
  return run(invocation, (code, rt) => code.lookupField(rt, collection, key, field));
}

/**
 * A site as a data type: its brand, address, prices and competitors on a card; =A1.Brand or =A1.Diesel read a field.
 * @customfunction SITE
 * @requiresAddress
 * @helpurl https://localhost:3000/help.html#site
 * @param site The site: its entityId, import code or name, for example Bristol High Street.
 * @param [asOf] When the prices are in force: an Excel date and time, or text such as 2024-01-31T08:00 (UTC). Empty: now.
 * @param [invocation] Invocation
 * @returns The site entity (its name and a message where Excel has no data types).
 */
export function site(site: string, asOf?: any, invocation?: CustomFunctions.Invocation): Promise<any> {
  return run(invocation, (code, rt) => code.site(rt, site, asOf));
}

/**
 * The Own price of a product at a site cell's site at a moment: =A1.PriceAt("Diesel", DATE(2025,1,31)).
 * @customfunction PRICEAT
 * @capturesCallingObject
 * @excludeFromAutoComplete
 * @requiresAddress
 * @helpurl https://localhost:3000/help.html#site
 * @param site The KALIBRATE.SITE cell the method is called on (Excel passes it).
 * @param product A global product's name or import code (Diesel, Unleaded…).
 * @param [asOf] When: an Excel date and time, or text such as 2024-01-31T08:00 (UTC). Empty: now.
 * @param [invocation] Invocation
 * @returns The price.
 */
export function priceat(site: any, product: string, asOf?: any, invocation?: CustomFunctions.Invocation): Promise<any> {
  return run(invocation, async (code, rt) =>
    code.typedNumber(await code.sitePriceAt(rt, site, product, asOf), code.PRICE_FORMAT),
  );
}
