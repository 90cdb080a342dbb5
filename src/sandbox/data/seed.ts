// Generates the sandbox data set from a seed and a size: a network of own sites with brands, the products they
// sell, competitor sites near them, and months of price history with pence-level moves a few times a week.
// The same (seed, size) always gives the same documents, GUIDs included.

import { RowsBuilder, type TableIdentity } from "./columnar";
import {
  AREA_TERMINAL,
  AREAS,
  BRANDS,
  CHANNELS_OF_TRADE,
  CONTRACT_TYPES,
  GLOBAL_PRODUCTS,
  NETWORKS,
  OWN_BRAND_COUNT,
  PEOPLE,
  PRODUCT_GROUPS,
  SITE_SUFFIXES,
  STREETS,
  SURVEYORS,
  TERMINALS,
  TOWNS,
} from "./catalogue";
import { isoSeconds, ref, type KalibrateDocument } from "./documents";
import { FieldFiller } from "./field-values";
import { CHECKED_FOR_PG, EXPORTED, PriceSource, type PriceSeries } from "./price-source";
import { GuidSpace, Random } from "./random";
import { SeededData, type SeededEntities } from "./store";
import { VolumeSource, type VolumeSeries } from "./volume-source";

export const DEFAULT_SEED = "kalibrate-sandbox";
export const DEFAULT_SIZE = 40_000;
/** The history ends here rather than "now", so the same seed gives the same documents on any day. */
export const DATA_END = Date.UTC(2025, 5, 30);
export const SANDBOX_TENANT = "kalibrate-sandbox";
const DAY = 86_400_000;
const MINUTE = 60_000;

/** GUID kinds: each entity kind draws its ids from its own space. */
const enum Kind {
  Brand = 1,
  Area,
  AlternateImportCode,
  GlobalProduct,
  OwnSite,
  CompetitorSite,
  OwnProduct,
  CompetitorProduct,
  Price,
  Volume,
  ProductGroup,
  PriceRequest,
  SurveyHistory,
  Terminal,
}

/** Price moves per day for each kind of series: a few a week, costs on weekdays. */
const RATE = { Own: 3 / 7, Proposed: 3 / 7, Competitor: 3 / 7, Cost: 5 / 7 };
const MAX_STEP = 30; // tenths of a penny: a move is 1p to 3p
const VOLUME_WINDOW_DAYS = 28;

export interface GenerateOptions {
  seed?: string | number;
  size?: number;
}

interface SeriesState {
  series: PriceSeries;
  kind: keyof typeof RATE;
  product: number; // global product index
  offset: number; // tenths of a penny relative to the market
  current: number;
  last?: { value: number; time: number };
  previous?: { value: number; time: number };
}

class Generator {
  readonly random: Random;
  readonly guids: GuidSpace;
  /** Fills every field of the table (fields.ts) the generator does not compute, from its own random stream. */
  readonly fields: FieldFiller;
  readonly ownSiteCount: number;
  readonly competitorSiteCount: number;
  readonly days: number;
  readonly start: number;

  constructor(
    readonly seed: string,
    readonly size: number,
  ) {
    this.random = new Random(seed);
    this.guids = new GuidSpace(seed);
    this.fields = new FieldFiller(seed, DATA_END);
    // Dozens of sites by default; bigger data sets get more sites as well as a longer history.
    this.ownSiteCount = Math.max(40, Math.ceil(size / 2500));
    this.competitorSiteCount = Math.ceil(this.ownSiteCount * 1.5);
    const productsPerSite = GLOBAL_PRODUCTS.filter((p) => p.main).length + 0.2;
    const ratePerDay =
      this.ownSiteCount * productsPerSite * (RATE.Own + RATE.Proposed + RATE.Cost) +
      this.competitorSiteCount * 4 * RATE.Competitor;
    this.days = Math.max(1, Math.round(size / ratePerDay));
    this.start = DATA_END - this.days * DAY;
  }

  document(
    kind: Kind,
    n: number,
    collection: string,
    entityType: string,
    entityVariant: string,
    createdOn: number,
    data: Record<string, unknown>,
  ): KalibrateDocument {
    const updatedOn = Math.max(createdOn, DATA_END - this.random.int(1, 60) * DAY);
    return {
      id: {
        entityId: this.guids.guid(kind, n),
        entityVersion: this.random.int(1, 6),
        tenantId: SANDBOX_TENANT,
        collection,
        entityType,
        entityVariant,
        entityOrigin: "Sandbox",
        createdOn: isoSeconds(createdOn),
        updatedOn: isoSeconds(updatedOn),
      },
      data,
    };
  }

  /** Some time in the years before the history starts: when master data was set up. */
  setUpTime(): number {
    return this.start - this.random.int(30, 2500) * DAY - this.random.int(0, 86_399) * 1000;
  }

  identity(kind: Kind, collection: string, entityType: string): TableIdentity {
    return {
      tenantId: SANDBOX_TENANT,
      collection,
      entityType,
      entityOrigin: "Sandbox",
      guidKind: kind,
      guids: this.guids,
    };
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function postCode(g: Generator, area: string): string {
  const letters = "ABDEFGHJLNPQRSTUWXYZ";
  return `${area}${g.random.int(1, 29)} ${g.random.int(1, 9)}${g.random.pick([...letters])}${g.random.pick([...letters])}`;
}

function jitter(g: Generator, value: number, spread: number): number {
  return Math.round((value + (g.random.next() - 0.5) * spread) * 1e6) / 1e6;
}

/** A wholesale-driven market price per product per day: a slow random walk around the base. */
function marketCurves(g: Generator): number[][] {
  return GLOBAL_PRODUCTS.map((product) => {
    const curve: number[] = [];
    let price = product.basePrice;
    for (let day = 0; day <= g.days + 1; day++) {
      price += Math.round((product.basePrice - price) * 0.03) + g.random.int(-6, 6);
      curve.push(price);
    }
    return curve;
  });
}

function endingInNine(tenths: number): number {
  return Math.floor(tenths / 10) * 10 + 9;
}

function target(state: SeriesState, market: number[][], day: number): number {
  const base = market[state.product][Math.min(day, market[state.product].length - 1)] + state.offset;
  return state.kind === "Cost" ? base : endingInNine(base);
}

interface Point {
  value: number;
  time: number;
}

const money = (value: number) => Math.round(value * 1000) / 1000;
/** UK VAT on road fuel has been 20% since 4 January 2011. */
const VAT_SINCE = Date.UTC(2011, 0, 4);

/**
 * A product's price-derived fields (the Sandpit list's current, previous, pump, list, published, cost and limit
 * prices) from the last two prices and costs of its history. `currentPrice` itself is the Own list's alone.
 */
function pricing(current: Point, previous?: Point, cost?: Point, previousCost?: Point, proposed?: Point) {
  const at = (point: Point | undefined, minutes = 0) => (point ? isoSeconds(point.time + minutes * MINUTE) : null);
  const costValue = cost?.value ?? money(current.value * 0.75);
  return {
    currentPriceEffectiveTime: at(current),
    currentPriceCreated: at(current, -30),
    currentPriceStartTime: at(current),
    currentPriceDiscount: 0,
    currentPumpPrice: current.value,
    currentPumpPriceEffectiveTime: at(current, 2),
    previousPrice: previous?.value ?? null,
    previousPriceEffectiveTime: at(previous),
    previousChangedPrice: previous?.value ?? null,
    previousChangedPriceEffectiveTime: at(previous),
    previousChangedPumpPrice: previous?.value ?? null,
    previousChangedPumpPriceEffectiveTime: at(previous, 2),
    publishedPrice: current.value,
    publishedPriceEffectiveTime: at(current),
    listPrice: money(current.value + 0.02),
    currentCost: cost?.value ?? null,
    currentCostEffectiveTime: at(cost),
    currentDeliveryCost: cost ? money(cost.value + 0.012) : null,
    currentDeliveryCostEffectiveTime: at(cost),
    previousChangedCost: previousCost?.value ?? null,
    previousChangedCostEffectiveTime: at(previousCost),
    timeWeightedCost: cost ? money((cost.value + (previousCost?.value ?? cost.value)) / 2) : null,
    timeWeightedCostCalculated: at(cost, 60),
    currentMargin: cost ? money(current.value / 1.2 - cost.value) : null,
    minCost: money(costValue - 0.05),
    maxCost: money(costValue + 0.05),
    lastProposedEffectiveTime: at(proposed),
    minPrice: money(current.value - 0.15),
    maxPrice: money(current.value + 0.15),
    pgMinPrice: money(current.value - 0.1),
    pgMaxPrice: money(current.value + 0.1),
    maxPriceIncrement: 0.05,
    maxPriceDecrement: 0.05,
    taxRate: 20,
    taxRateEffectiveTime: isoSeconds(VAT_SINCE),
  };
}

const PRICING_FIELDS = Object.keys(pricing({ value: 1, time: 0 }));

export function generateData(options: GenerateOptions = {}): SeededData {
  const seed = String(options.seed ?? DEFAULT_SEED);
  const size = Math.max(0, Math.floor(options.size ?? DEFAULT_SIZE));
  const g = new Generator(seed, size);
  const { random } = g;

  const f = g.fields;
  const extra = f.random;
  const brands = BRANDS.map((name, i) =>
    g.document(
      Kind.Brand,
      i,
      "Reference",
      "Brand",
      "Common",
      g.setUpTime(),
      f.fill("Reference/Brand", { brandId: i + 1, name, importCode: `BR${pad(i + 1, 3)}`, displayOrder: i + 1 }),
    ),
  );
  const areas = AREAS.map((name, i) =>
    g.document(
      Kind.Area,
      i,
      "Reference",
      "Area",
      "Common",
      g.setUpTime(),
      f.fill("Reference/Area", {
        areaId: i + 1,
        name,
        importCode: `AREA${pad(i + 1, 2)}`,
        exportSubject: `Price export ${name}`,
        // The dm page's ExtendedPropertiesname/value/importcode columns: site properties embedded in the area.
        extendedProperties: [
          { name: "Regional manager", value: PEOPLE[i % PEOPLE.length], importCode: `RM${pad(i + 1, 2)}` },
          { name: "Price zone", value: `Zone ${String.fromCharCode(65 + (i % 4))}`, importCode: `PZ${pad(i + 1, 2)}` },
        ],
      }),
    ),
  );
  const terminals = TERMINALS.map((terminal, i) =>
    g.document(
      Kind.Terminal,
      i,
      "Reference",
      "Terminal",
      "Common",
      g.setUpTime(),
      f.fill("Reference/Terminal", {
        terminalId: i + 1,
        name: terminal.name,
        importCode: `TRM${pad(i + 1, 2)}`,
        operator: terminal.operator,
        postCode: terminal.postCode,
        latitude: terminal.latitude,
        longitude: terminal.longitude,
      }),
    ),
  );
  const globalProducts = GLOBAL_PRODUCTS.map((product, i) =>
    g.document(
      Kind.GlobalProduct,
      i,
      "Product",
      "Product",
      "Global",
      g.setUpTime(),
      f.fill("Product/Global", {
        globalProductId: i + 1,
        name: product.name,
        importCode: product.importCode,
        alternateImportCodes: `${product.importCode}-ALT`,
        active: true,
        displayOrder: i + 1,
        phHProductCode: `PHH-${product.importCode}`,
        // Filled from the market's last day once the history is generated.
        ...Object.fromEntries(PRICING_FIELDS.map((field) => [field, null])),
      }),
    ),
  );
  const alternateImportCodes = GLOBAL_PRODUCTS.map((product, i) =>
    g.document(
      Kind.AlternateImportCode,
      i,
      "Reference",
      "AlternateImportCode",
      "Common",
      g.setUpTime(),
      f.fill("Reference/AlternateImportCode", {
        alternateImportCodeId: i + 1,
        entityUid: globalProducts[i].id.entityId,
        entityTypeId: "Product",
        systemTypeUid: g.guids.guid(Kind.AlternateImportCode, 1000),
        importCode: `${product.importCode}-ALT`,
      }),
    ),
  );

  // Sites.
  const siteTown = (i: number) => TOWNS[i % TOWNS.length];
  const ownSites = Array.from({ length: g.ownSiteCount }, (_, i) => {
    const town = siteTown(i);
    const round = Math.floor(i / TOWNS.length);
    const suffix = SITE_SUFFIXES[(i + round) % SITE_SUFFIXES.length];
    const code = pad(i + 1, 4);
    // Nearly every own site carries one of the network's brands; a few unbranded sites keep joins honest.
    const brand = i % 20 === 7 ? null : ref(brands[i % OWN_BRAND_COUNT].id.entityId);
    const motorway = suffix === "Bypass" && i % 3 === 0;
    const computed = {
      name: `${town.name} ${suffix}${round > 0 ? ` ${round + 1}` : ""}`,
      importCode: `OWN${code}`,
      brand,
      area: ref(areas[town.area].id.entityId),
      address: `${random.int(1, 300)} ${random.pick(STREETS)}`,
      address2: town.name,
      postCode: postCode(g, town.postCodeArea),
      country: "United Kingdom",
      latitude: jitter(g, town.latitude, 0.08),
      longitude: jitter(g, town.longitude, 0.12),
      active: true,
      siteOperational: true,
      siteSystemActive: true,
      isDealer: random.chance(0.1),
      inStrategy: true,
      priority: random.int(1, 5),
      targetMargin: Math.round(random.next() * 40 + 80) / 10,
      managerName: random.pick(PEOPLE),
      managerEmail: `manager.own${code}@sandbox.invalid`,
      timeZoneId: "GMT Standard Time",
      competitorSites: [] as { entityId: string }[],
      // Set below, once the competitor sites exist.
      listPriceCompetitor: null as { entityId: string } | null,
      definedOffsetCompetitor: null as { entityId: string } | null,
      terminal: ref(terminals[AREA_TERMINAL[town.area]].id.entityId),
      address3: i % 4 === 1 ? `Unit ${extra.int(1, 12)}` : null,
      address4: i % 9 === 2 ? `${town.name} Business Park` : null,
      address5: i % 18 === 2 ? "Forecourt entrance off the roundabout" : null,
      alternateImportCodes: `POS${code}`,
      channelOfTrade: CHANNELS_OF_TRADE[i % 10 === 3 ? 2 : i % 4 === 1 ? 1 : 0],
      contractType: CONTRACT_TYPES[i % 10 === 3 ? 2 : i % 4 === 1 ? 1 : 0],
      licenseKey: `KPL-${code}-${g.guids
        .guid(Kind.OwnSite, i + 100_000)
        .slice(0, 8)
        .toUpperCase()}`,
      managerPhone: `01632 ${960000 + ((i * 37) % 1000)}`,
      managerFax: i % 3 === 0 ? `01632 ${961000 + ((i * 53) % 1000)}` : null,
      managerSms: i % 2 === 0 ? `07700 ${900000 + ((i * 71) % 1000)}` : null,
      motorway,
      network: motorway ? NETWORKS[2] : NETWORKS[i % 7 === 5 ? 1 : i % 11 === 6 ? 3 : 0],
      phhSiteCode: i % 5 === 4 ? null : `PHH${code}`,
      pnwLastUser: i % 4 === 3 ? null : `${PEOPLE[(i + 2) % PEOPLE.length].toLowerCase().replace(" ", ".")}`,
      user: "system",
    };
    return g.document(Kind.OwnSite, i, "Site", "Site", "Own", g.setUpTime(), f.fill("Site/Own", computed));
  });
  const homeOf = (j: number) => Math.floor((j * g.ownSiteCount) / g.competitorSiteCount);
  const competitorSites = Array.from({ length: g.competitorSiteCount }, (_, j) => {
    const town = siteTown(homeOf(j));
    const brand = brands[OWN_BRAND_COUNT + (j % (BRANDS.length - OWN_BRAND_COUNT))];
    return g.document(
      Kind.CompetitorSite,
      j,
      "Site",
      "Site",
      "Competitor",
      g.setUpTime(),
      f.fill("Site/Competitor", {
        name: `${brand.data.name} ${town.name}${j % 2 ? " North" : " South"}`,
        importCode: `CMP${pad(j + 1, 4)}`,
        brand: ref(brand.id.entityId),
        address: `${random.int(1, 300)} ${random.pick(STREETS)}`,
        address2: town.name,
        postCode: postCode(g, town.postCodeArea),
        country: "United Kingdom",
        latitude: jitter(g, town.latitude, 0.08),
        longitude: jitter(g, town.longitude, 0.12),
        active: true,
        siteOperational: random.chance(0.97),
      }),
    );
  });
  // Each own site watches three competitors near it; the first sets its list price, the second a defined offset.
  ownSites.forEach((site, i) => {
    const first = Math.floor((i * g.competitorSiteCount) / g.ownSiteCount);
    const watched = [0, 1, 2].map((k) => ref(competitorSites[(first + k) % g.competitorSiteCount].id.entityId));
    site.data.competitorSites = watched;
    site.data.listPriceCompetitor = i % 3 === 2 ? null : watched[0];
    site.data.definedOffsetCompetitor = i % 2 === 0 ? watched[1] : null;
  });

  // Products: every own site sells the main fuels, some LPG; competitor sites sell the main fuels.
  const ownOffers: { site: number; product: number }[] = [];
  ownSites.forEach((_, site) =>
    GLOBAL_PRODUCTS.forEach((product, p) => {
      if (product.main || site % 5 === 0) ownOffers.push({ site, product: p });
    }),
  );
  const competitorOffers: { site: number; product: number }[] = [];
  competitorSites.forEach((_, site) =>
    GLOBAL_PRODUCTS.forEach((product, p) => {
      if (product.main) competitorOffers.push({ site, product: p });
    }),
  );

  // Price history, generated day by day so storage order follows time as in an append-only store.
  const market = marketCurves(g);
  const priceSeries: PriceSeries[] = [];
  const states: SeriesState[] = [];
  const addSeries = (kind: SeriesState["kind"], site: string, product: string, p: number, offset: number) => {
    const series: PriceSeries = {
      variant: kind,
      site,
      product,
      origin: { Own: "Pump", Proposed: "Kalibrate", Competitor: "PNWeb", Cost: "CostImport" }[kind],
      source: { Own: "POS", Proposed: "PriceGeneration", Competitor: "Survey", Cost: "Supplier" }[kind],
      users: kind === "Competitor" ? SURVEYORS : ["system"],
      dataChannel: { Own: 1, Proposed: 2, Competitor: 3, Cost: 4 }[kind],
    };
    priceSeries.push(series);
    const state: SeriesState = { series, kind, product: p, offset, current: 0 };
    state.current = target(state, market, 0) + random.int(-2, 2) * 10;
    states.push(state);
    return state;
  };
  const ownStates = ownOffers.map((offer, k) => {
    const site = ownSites[offer.site].id.entityId;
    const product = g.guids.guid(Kind.OwnProduct, k);
    const siteOffset = ((offer.site * 7) % 9) * 10 - 40;
    return {
      own: addSeries("Own", site, product, offer.product, siteOffset),
      proposed: addSeries("Proposed", site, product, offer.product, siteOffset),
      cost: addSeries("Cost", site, product, offer.product, -GLOBAL_PRODUCTS[offer.product].basePrice * 0.1 - 60),
    };
  });
  const competitorStates = competitorOffers.map((offer, k) =>
    addSeries(
      "Competitor",
      competitorSites[offer.site].id.entityId,
      g.guids.guid(Kind.CompetitorProduct, k),
      offer.product,
      random.int(-5, 5) * 10,
    ),
  );

  const prices = new RowsBuilder(Math.ceil(size * 1.1) + 1024);
  const seriesIndex = new Map(states.map((state, i) => [state, i]));
  for (let day = 0; day < g.days; day++) {
    const dayStart = g.start + day * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const recent = day >= g.days - 2;
    for (const state of states) {
      if (state.kind === "Cost" && (weekday === 0 || weekday === 6)) continue;
      const rate = state.kind === "Cost" ? 1 : RATE[state.kind];
      // Every own and competitor series has a price from day one, so every product has a current price.
      const mustPrice = day === 0 && (state.kind === "Own" || state.kind === "Competitor");
      const moves = Math.max(mustPrice ? 1 : 0, random.poisson(rate));
      if (moves === 0) continue;
      const times = Array.from({ length: moves }, () => dayStart + (6 * 60 + random.int(0, 16 * 60 - 1)) * MINUTE);
      times.sort((a, b) => a - b);
      for (const time of times) {
        const wanted = target(state, market, day);
        let step = Math.max(-MAX_STEP, Math.min(MAX_STEP, Math.round((wanted - state.current) / 10) * 10));
        if (step === 0 && state.kind !== "Cost") step = random.chance(0.5) ? 10 : -10;
        if (state.kind === "Cost") step = wanted - state.current + random.int(-4, 4);
        state.current += step;
        let flag = CHECKED_FOR_PG;
        let exportedTime = NaN;
        if (state.kind === "Own" || (state.kind === "Proposed" && !(recent && random.chance(0.5)))) {
          flag |= EXPORTED;
          exportedTime = time - random.int(5, 15) * MINUTE;
        }
        if (state.kind === "Competitor" && recent && random.chance(0.3)) flag &= ~CHECKED_FOR_PG;
        prices.add(seriesIndex.get(state)!, state.current / 1000, time, exportedTime, flag);
        state.previous = state.last;
        state.last = { value: state.current / 1000, time };
      }
    }
  }
  const priceTable = new PriceSource(prices.finish(), priceSeries, g.identity(Kind.Price, "Price", "Price"));

  // Own and competitor products, their current prices taken from the end of the history.
  const ownProducts = ownOffers.map((offer, k) => {
    const { own, proposed, cost } = ownStates[k];
    const global = globalProducts[offer.product];
    const doc = g.document(
      Kind.OwnProduct,
      k,
      "Product",
      "Product",
      "Own",
      g.setUpTime(),
      f.fill("Product/Own", {
        name: global.data.name,
        ownProductId: k + 1,
        globalProductId: offer.product + 1,
        product: ref(global.id.entityId),
        site: ref(ownSites[offer.site].id.entityId),
        nearestOwnSite: ref(ownSites[(offer.site + 1) % ownSites.length].id.entityId),
        active: true,
        inStock: true,
        displayOrder: offer.product + 1,
        numberOfHoses: random.int(2, 8),
        competitorProductId:
          k % 3 === 0 ? null : competitorStates.length > 0 ? (k % competitorStates.length) + 1 : null,
        currentPumpPriceSource: "Pump",
        currentSource: "POS",
        phHProductCode:
          k % 6 === 5 ? null : `PHH-${GLOBAL_PRODUCTS[offer.product].importCode}-${pad(offer.site + 1, 4)}`,
        currentPrice: own.last!.value,
        ...pricing(own.last!, own.previous, cost.last, cost.previous, proposed.last),
      }),
    );
    doc.id.entityId = own.series.product;
    return doc;
  });
  // A global product's prices are the market's: its last day's pump price and cost.
  globalProducts.forEach((global, p) => {
    const curve = market[p];
    const point = (day: number, cost: boolean) => {
      const tenths = curve[Math.max(0, curve.length - 1 - day)];
      return { value: (cost ? tenths * 0.7 : endingInNine(tenths)) / 1000, time: DATA_END - (day + 1) * DAY };
    };
    Object.assign(
      global.data,
      pricing(point(0, false), point(3, false), point(0, true), point(1, true), point(0, false)),
    );
  });
  const competitorProducts = competitorOffers.map((offer, k) => {
    const state = competitorStates[k];
    const created = g.setUpTime();
    const site = ref(competitorSites[offer.site].id.entityId);
    const doc = g.document(
      Kind.CompetitorProduct,
      k,
      "Product",
      "Product",
      "Competitor",
      created,
      f.fill("Product/Competitor", {
        competitorProductId: k + 1,
        name: globalProducts[offer.product].data.name,
        product: ref(globalProducts[offer.product].id.entityId),
        site,
        competitorSite: site,
        active: true,
        allowOpisCopy: random.chance(0.5),
        cardPriceDiscount: random.chance(0.3) ? 0.02 : 0,
        created: isoSeconds(created),
        currentPrice: state.last!.value,
        currentPriceCreated: isoSeconds(state.last!.time),
        currentPriceDiscount: 0,
      }),
    );
    doc.id.entityId = state.series.product;
    return doc;
  });

  const volumeTable = generateVolumes(g, ownOffers, ownProducts, ownSites, ownStates);
  const productGroups = PRODUCT_GROUPS.map((group, i) => {
    const members = group.products.map((code) => GLOBAL_PRODUCTS.findIndex((p) => p.importCode === code));
    return g.document(
      Kind.ProductGroup,
      i,
      "ProductGroup",
      "ProductGroup",
      "Global",
      g.setUpTime(),
      g.fields.fill("ProductGroup/Global", {
        globalProductGroupId: i + 1,
        importCode: group.importCode,
        name: group.name,
        alias: group.alias,
        active: true,
        includeInOptimise: i > 0,
        primaryProduct: ref(globalProducts[members[0]].id.entityId),
        products: members.map((p) => ref(globalProducts[p].id.entityId)),
      }),
    );
  });
  const priceRequests = generatePriceRequests(g, ownSites);
  const surveyHistory = generateSurveyHistory(g, ownSites);

  const entities: SeededEntities = {
    brands,
    areas,
    alternateImportCodes,
    terminals,
    globalProducts,
    ownSites,
    competitorSites,
    ownProducts,
    competitorProducts,
    productGroups,
    priceRequests,
    surveyHistory,
  };
  return new SeededData(seed, size, SANDBOX_TENANT, isoSeconds(DATA_END), entities, {
    prices: priceTable,
    volumes: volumeTable,
  });
}

function generateVolumes(
  g: Generator,
  offers: { site: number; product: number }[],
  ownProducts: KalibrateDocument[],
  ownSites: KalibrateDocument[],
  states: { cost: SeriesState }[],
): VolumeSource {
  const { random } = g;
  const series: VolumeSeries[] = [];
  const rows = new RowsBuilder(offers.length * 45);
  const windowStart = DATA_END - Math.min(VOLUME_WINDOW_DAYS, g.days) * DAY;
  offers.forEach((offer, k) => {
    const site = ownSites[offer.site].id.entityId;
    const product = ownProducts[k].id.entityId;
    const daily = GLOBAL_PRODUCTS[offer.product].dailyLitres * (0.6 + random.next() * 0.8);
    const add = (variant: string, source: string, unitCostPrice?: number) => {
      series.push({ variant, site, product, source, unitCostPrice });
      return series.length - 1;
    };
    const sales = add("Sales", "POS");
    const delivery = add("Delivery", "Delivery", states[k].cost.last?.value ?? 1.2);
    const forecast = add("Forecast", "Forecast");
    const plan = add("Plan", "Plan");
    for (let t = windowStart; t < DATA_END; t += DAY) {
      const weekend = [0, 6].includes(new Date(t).getUTCDay()) ? 0.85 : 1;
      rows.add(sales, Math.round(daily * weekend * (0.85 + random.next() * 0.3)), t, t + DAY, 0);
    }
    for (let t = windowStart + random.int(0, 3) * DAY; t < DATA_END; t += 4 * DAY) {
      const time = t + random.int(5, 20) * 60 * MINUTE;
      rows.add(delivery, Math.round((daily * 4) / 1000) * 1000, time, NaN, 1);
    }
    for (let week = 0; week < 4; week++) {
      const startTime = DATA_END + week * 7 * DAY;
      rows.add(forecast, Math.round(daily * 7 * (0.9 + random.next() * 0.2)), startTime, startTime + 7 * DAY, 0);
    }
    for (let month = 0; month < 3; month++) {
      const start = new Date(DATA_END);
      const startTime = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + month, 1);
      const endTime = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + month + 1, 1);
      rows.add(plan, Math.round((daily * (endTime - startTime)) / DAY / 100) * 100, startTime, endTime, 0);
    }
  });
  return new VolumeSource(rows.finish(), series, g.identity(Kind.Volume, "Volume", "Volume"));
}

function generatePriceRequests(g: Generator, ownSites: KalibrateDocument[]): KalibrateDocument[] {
  const { random } = g;
  // At least 12, so every third one recurs and the four periods (daily, weekly, monthly, annual) all occur.
  const count = Math.max(12, Math.ceil(ownSites.length / 5));
  const events: KalibrateDocument[] = [];
  for (let i = 0; i < count; i++) {
    const startTime = DATA_END - random.int(0, Math.max(1, g.days - 1)) * DAY + random.int(7, 18) * 60 * MINUTE;
    const recurring = i % 3 === 0;
    const period = recurring ? (i / 3) % 4 : null; // 0 Daily, 1 Weekly, 2 Monthly, 3 Annually
    const start = new Date(startTime);
    const weekday = ((start.getUTCDay() + 6) % 7) + 1;
    const byWeek = period === 2 && i % 2 === 0; // monthly "2nd Tuesday": MonthWeek set, MonthDay the weekday
    events.push(
      g.document(
        Kind.PriceRequest,
        i,
        "PriceRequest",
        "Event",
        "Common",
        startTime - random.int(1, 48) * 60 * MINUTE,
        g.fields.fill("PriceRequest/Event", {
          eventId: i + 1,
          eventTemplate: random.int(1, 4),
          site: ref(ownSites[(i * 7) % ownSites.length].id.entityId),
          startTime: isoSeconds(startTime),
          endTime: isoSeconds(startTime + random.int(1, 8) * 60 * MINUTE),
          processTime: isoSeconds(startTime + random.int(1, 30) * MINUTE),
          initialEvent: recurring && events.length > 0 ? ref(events[events.length - 1].id.entityId) : null,
          recurring,
          recurringPeriod: period,
          // Weekday bitmask, Monday = 1: weekdays for daily events, the start's weekday for weekly ones.
          recurringDays: period === 0 ? 31 : period === 1 ? 1 << (weekday - 1) : null,
          recurringCount: recurring ? random.int(2, 12) : null,
          recurringMonthDay:
            period === 2 ? (byWeek ? weekday : start.getUTCDate()) : period === 3 ? start.getUTCDate() : null,
          recurringMonthWeek: byWeek ? Math.min(4, Math.ceil(start.getUTCDate() / 7)) : null,
          recurringYearMonth: period === 3 ? start.getUTCMonth() + 1 : null,
        }),
      ),
    );
  }
  return events;
}

function generateSurveyHistory(g: Generator, ownSites: KalibrateDocument[]): KalibrateDocument[] {
  const { random } = g;
  const documents: KalibrateDocument[] = [];
  let n = 0;
  ownSites.forEach((site, i) => {
    if (i % 2 === 0) {
      const startDate = DATA_END - random.int(10, 60) * DAY;
      documents.push(
        g.document(
          Kind.SurveyHistory,
          n++,
          "SurveyHistory",
          "CompetitorSurveyAdjustment",
          "Common",
          startDate,
          g.fields.fill("SurveyHistory/CompetitorSurveyAdjustment", {
            adjustment: random.int(-3, 3),
            site: ref(site.id.entityId),
            startDate: isoSeconds(startDate),
            endDate: isoSeconds(startDate + random.int(7, 28) * DAY),
          }),
        ),
      );
    }
    const competitors = site.data.competitorSites as { entityId: string }[];
    competitors.slice(0, 2).forEach((competitor, k) => {
      const date = DATA_END - (k + 1) * DAY;
      const weekday = ((new Date(date).getUTCDay() + 6) % 7) + 1;
      const period = random.int(1, 24);
      documents.push(
        g.document(
          Kind.SurveyHistory,
          n++,
          "SurveyHistory",
          "CompetitorSurveyTarget",
          "Common",
          date - DAY,
          g.fields.fill("SurveyHistory/CompetitorSurveyTarget", {
            ownSite: ref(site.id.entityId),
            competitorSite: ref(competitor.entityId),
            date: isoSeconds(date),
            weekdaySerialNumber: weekday,
            periodSerialNumber: period,
            startTime: isoSeconds(date + (period - 1) * 60 * MINUTE),
            endTime: isoSeconds(date + period * 60 * MINUTE),
            target: random.chance(0.6),
          }),
        ),
      );
    });
  });
  return documents;
}
