// The sandbox's data set: every collection as a list of row sources (seeded tables first, then what imports added),
// plus the seeded facts tests look up instead of hard-coding generated values.

import { COLLECTIONS, type KalibrateDocument } from "./documents";
import { ObjectSource, type RowSource } from "./sources";

export interface SeededEntities {
  brands: KalibrateDocument[];
  areas: KalibrateDocument[];
  alternateImportCodes: KalibrateDocument[];
  terminals: KalibrateDocument[];
  globalProducts: KalibrateDocument[];
  ownSites: KalibrateDocument[];
  competitorSites: KalibrateDocument[];
  ownProducts: KalibrateDocument[];
  competitorProducts: KalibrateDocument[];
  productGroups: KalibrateDocument[];
  priceRequests: KalibrateDocument[];
  surveyHistory: KalibrateDocument[];
}

export interface SeededTables {
  prices: RowSource;
  volumes: RowSource;
}

export class SeededData implements SeededEntities {
  readonly brands: KalibrateDocument[];
  readonly areas: KalibrateDocument[];
  readonly alternateImportCodes: KalibrateDocument[];
  readonly terminals: KalibrateDocument[];
  readonly globalProducts: KalibrateDocument[];
  readonly ownSites: KalibrateDocument[];
  readonly competitorSites: KalibrateDocument[];
  readonly ownProducts: KalibrateDocument[];
  readonly competitorProducts: KalibrateDocument[];
  readonly productGroups: KalibrateDocument[];
  readonly priceRequests: KalibrateDocument[];
  readonly surveyHistory: KalibrateDocument[];
  private readonly collections = new Map<string, RowSource[]>();
  private readonly imported = new Map<string, ObjectSource>();

  constructor(
    readonly seed: string,
    /** The --size asked for: roughly how many seeded price records. */
    readonly size: number,
    /** The Kalibrate tenant written into every document's `id.tenantId`. */
    readonly tenantId: string,
    /** The latest effective time in the price history. */
    readonly dataEnd: string,
    entities: SeededEntities,
    readonly tables: SeededTables,
  ) {
    this.brands = entities.brands;
    this.areas = entities.areas;
    this.alternateImportCodes = entities.alternateImportCodes;
    this.terminals = entities.terminals;
    this.globalProducts = entities.globalProducts;
    this.ownSites = entities.ownSites;
    this.competitorSites = entities.competitorSites;
    this.ownProducts = entities.ownProducts;
    this.competitorProducts = entities.competitorProducts;
    this.productGroups = entities.productGroups;
    this.priceRequests = entities.priceRequests;
    this.surveyHistory = entities.surveyHistory;
    const objects = (...lists: KalibrateDocument[][]) => new ObjectSource(lists.flat());
    this.collections.set("Price", [tables.prices]);
    this.collections.set("Volume", [tables.volumes]);
    this.collections.set("Product", [objects(this.globalProducts, this.ownProducts, this.competitorProducts)]);
    this.collections.set("Site", [objects(this.ownSites, this.competitorSites)]);
    // One source per entity type, so /api/reference/brand reads only brands.
    this.collections.set("Reference", [
      objects(this.brands),
      objects(this.areas),
      objects(this.alternateImportCodes),
      objects(this.terminals),
    ]);
    this.collections.set("ProductGroup", [objects(this.productGroups)]);
    this.collections.set("PriceRequest", [objects(this.priceRequests)]);
    this.collections.set("SurveyHistory", [objects(this.surveyHistory)]);
    for (const name of COLLECTIONS.values()) {
      const source = new ObjectSource([]);
      this.imported.set(name, source);
      this.collections.get(name)?.push(source);
    }
  }

  /** Canonical collection name for a path segment in any letter case, or undefined. */
  static collectionName(segment: string): string | undefined {
    return COLLECTIONS.get(segment.toLowerCase());
  }

  /**
   * The sources to query, in storage order; for Reference, optionally only those holding one entity type
   * (case-insensitive, e.g. `brand`). Empty when the collection or entity type is unknown.
   */
  sources(collection: string, entityType?: string): RowSource[] {
    const name = SeededData.collectionName(collection);
    const sources = name ? (this.collections.get(name) ?? []) : [];
    if (entityType === undefined) return sources;
    const wanted = entityType.toLowerCase();
    return sources.filter((source) => {
      const types = source.column("id.entityType");
      return source.length > 0 && types !== undefined && String(types.get(0)).toLowerCase() === wanted;
    });
  }

  /** Entity types the Reference collection holds, for messages. */
  referenceTypes(): string[] {
    return this.sources("Reference")
      .filter((source) => source.length > 0)
      .map((source) => String(source.column("id.entityType")?.get(0)));
  }

  /** Adds an imported document; it is visible to the next query. */
  append(document: KalibrateDocument): void {
    const source = this.imported.get(document.id.collection);
    if (!source) throw new Error(`No collection named ${document.id.collection}`);
    source.documents.push(document);
  }

  /** Every document of a collection (seeded, then imported), built one at a time. */
  *documents(collection: string, entityType?: string): Generator<KalibrateDocument> {
    for (const source of this.sources(collection, entityType)) {
      for (let row = 0; row < source.length; row++) yield source.document(row);
    }
  }

  count(collection: string, predicate?: (document: KalibrateDocument) => boolean): number {
    if (!predicate) return this.sources(collection).reduce((sum, source) => sum + source.length, 0);
    let count = 0;
    for (const document of this.documents(collection)) if (predicate(document)) count++;
    return count;
  }

  /** Price documents per variant (Own, Proposed, Competitor, Cost), imports included. */
  priceCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const source of this.sources("Price")) {
      const variant = source.column("id.entityVariant");
      if (!variant) continue;
      for (let row = 0; row < source.length; row++) {
        const name = String(variant.get(row));
        counts[name] = (counts[name] ?? 0) + 1;
      }
    }
    return counts;
  }
}
