// Import records (reference §8): the API mirrors Kalibrate's SFTP import formats, whose exact JSON schemas were not
// available; the fields below are the sandbox's decision (see README), using the documented length limits.

import { randomUUID } from "node:crypto";
import { MS_PER_DAY, parseIsoDate } from "../core/dates";
import { isoSeconds, ref, type KalibrateDocument } from "./data/documents";
import type { SeededData } from "./data/store";
import { documentsChanged } from "./query-engine";

import { IMPORT_LENGTH_LIMITS, type ImportKind } from "../core/catalogue";

/** Documented maximum lengths, in characters (shared with the add-in's validation). */
export const LENGTH_LIMITS = IMPORT_LENGTH_LIMITS;

type FieldRule = { type: "text" | "number" | "date" | "breakdown"; required: boolean; min?: number };

const COMMON: Record<string, FieldRule> = {
  siteID: { type: "text", required: true },
  productCode: { type: "text", required: true },
  effectiveTime: { type: "date", required: true },
  source: { type: "text", required: false },
  origin: { type: "text", required: false },
};

export const RECORD_FIELDS: Record<ImportKind, Record<string, FieldRule>> = {
  competitorPrice: {
    ...COMMON,
    price: { type: "number", required: true, min: 0.001 },
    brand: { type: "text", required: false },
    currencyUnit: { type: "text", required: false },
  },
  ownPrice: {
    ...COMMON,
    price: { type: "number", required: true, min: 0.001 },
    currencyUnit: { type: "text", required: false },
  },
  salesVolume: { ...COMMON, volume: { type: "number", required: true, min: 0 } },
  costBreakdown: {
    ...COMMON,
    cost: { type: "number", required: true, min: 0 },
    currencyUnit: { type: "text", required: false },
    breakdown: { type: "breakdown", required: false },
  },
};

export interface ImportContext {
  data: SeededData;
  now: () => number;
  operationId: string;
}

export type RecordOutcome =
  { ok: true; document: KalibrateDocument; apply?: () => void } | { ok: false; reasons: string[] };

function checkFields(kind: ImportKind, record: Record<string, unknown>): string[] {
  const rules = RECORD_FIELDS[kind];
  const reasons: string[] = [];
  for (const key of Object.keys(record)) {
    if (!rules[key]) reasons.push(`unknown field "${key}"; ${kind} records have ${Object.keys(rules).join(", ")}`);
  }
  for (const [name, rule] of Object.entries(rules)) {
    const value = record[name];
    if (value === undefined || value === null || value === "") {
      if (rule.required) reasons.push(`"${name}" is required`);
      continue;
    }
    if (rule.type === "text") {
      if (typeof value !== "string") reasons.push(`"${name}" must be text`);
      else if (LENGTH_LIMITS[name] !== undefined && value.length > LENGTH_LIMITS[name]) {
        reasons.push(`"${name}" is ${value.length} characters long; the limit is ${LENGTH_LIMITS[name]}`);
      }
    } else if (rule.type === "number") {
      if (typeof value !== "number" || !Number.isFinite(value)) reasons.push(`"${name}" must be a number`);
      else if (rule.min !== undefined && value < rule.min) reasons.push(`"${name}" must be ${rule.min} or more`);
    } else if (rule.type === "date") {
      if (typeof value !== "string" || parseIsoDate(value) === undefined) {
        reasons.push(`"${name}" must be an ISO date or date-time such as "2025-06-01T10:00:00Z"`);
      }
    } else if (
      !Array.isArray(value) ||
      !value.every(
        (part) =>
          typeof part === "object" &&
          part !== null &&
          typeof part.name === "string" &&
          part.name.length > 0 &&
          part.name.length <= 50 &&
          typeof part.value === "number" &&
          Number.isFinite(part.value),
      )
    ) {
      reasons.push(`"${name}" must be a list of {"name": text up to 50 characters, "value": number}`);
    }
  }
  if (
    typeof record.currencyUnit === "string" &&
    record.currencyUnit.length <= 3 &&
    !/^[A-Z]{3}$/.test(record.currencyUnit)
  ) {
    reasons.push(`"currencyUnit" must be a three-letter ISO currency code such as "GBP"`);
  }
  if (kind === "costBreakdown" && Array.isArray(record.breakdown) && reasons.length === 0) {
    const sum = (record.breakdown as { value: number }[]).reduce((total, part) => total + part.value, 0);
    if (Math.abs(sum - (record.cost as number)) > 0.0005) {
      reasons.push(`the breakdown adds up to ${Math.round(sum * 10000) / 10000}, not the cost ${record.cost}`);
    }
  }
  return reasons;
}

function findByImportCode(documents: KalibrateDocument[], code: string): KalibrateDocument | undefined {
  const wanted = code.toLowerCase();
  return documents.find((document) => String(document.data.importCode).toLowerCase() === wanted);
}

function document(
  context: ImportContext,
  collection: string,
  variant: string,
  data: Record<string, unknown>,
): KalibrateDocument {
  const now = isoSeconds(context.now());
  return {
    id: {
      entityId: randomUUID(),
      entityVersion: 1,
      tenantId: context.data.tenantId,
      collection,
      entityType: collection,
      entityVariant: variant,
      entityOrigin: "Import",
      createdOn: now,
      updatedOn: now,
    },
    data: { ...data, importOperationId: context.operationId },
  };
}

/** Validates one record and builds the document it becomes; nothing is stored until the caller applies it. */
export function processRecord(kind: ImportKind, record: unknown, context: ImportContext): RecordOutcome {
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    return { ok: false, reasons: ["a record must be a JSON object"] };
  }
  const fields = record as Record<string, unknown>;
  const reasons = checkFields(kind, fields);
  if (reasons.length > 0) return { ok: false, reasons };
  const { data } = context;
  const siteID = fields.siteID as string;
  const productCode = fields.productCode as string;
  const competitor = kind === "competitorPrice";
  const site = findByImportCode(competitor ? data.competitorSites : data.ownSites, siteID);
  const product = findByImportCode(data.globalProducts, productCode);
  if (!site) {
    const which = competitor ? "competitor" : "own";
    reasons.push(`siteID "${siteID}" is not the importCode of any ${which} site`);
  }
  if (!product) reasons.push(`productCode "${productCode}" is not the importCode of any global product`);
  if (!site || !product) return { ok: false, reasons };
  const offers = competitor ? data.competitorProducts : data.ownProducts;
  const offer = offers.find(
    (candidate) =>
      (candidate.data.site as { entityId: string }).entityId === site.id.entityId &&
      (candidate.data.product as { entityId: string }).entityId === product.id.entityId,
  );
  if (!offer) return { ok: false, reasons: [`site "${siteID}" does not sell ${product.data.name} (${productCode})`] };

  const effectiveMs = parseIsoDate(fields.effectiveTime as string)!;
  const effectiveTime = isoSeconds(effectiveMs);
  const links = { product: ref(offer.id.entityId), site: ref(site.id.entityId) };
  const provenance = { source: (fields.source as string) ?? "Import", origin: (fields.origin as string) ?? "Import" };
  switch (kind) {
    case "salesVolume":
      return {
        ok: true,
        document: document(context, "Volume", "Sales", {
          volume: fields.volume,
          effectiveTime,
          startTime: effectiveTime,
          endTime: isoSeconds(effectiveMs + MS_PER_DAY),
          ...links,
          ...provenance,
        }),
      };
    case "costBreakdown":
      return {
        ok: true,
        document: document(context, "Price", "Cost", {
          price: fields.cost,
          effectiveTime,
          ...links,
          ...provenance,
          currencyUnit: fields.currencyUnit ?? "GBP",
          breakdown: fields.breakdown ?? [],
        }),
      };
    default: {
      const price = fields.price as number;
      const created = document(context, "Price", competitor ? "Competitor" : "Own", {
        price,
        effectiveTime,
        exportedTime: null,
        status: { exported: false, statusId: 1 },
        ...links,
        ...provenance,
        user: "import",
        checkedForPG: false,
        currencyUnit: fields.currencyUnit ?? "GBP",
        ...(fields.brand !== undefined ? { brandName: fields.brand } : {}),
      });
      // The product's current price follows the newest imported price, as the product tables document it.
      const apply = () => {
        const current = offer.data.currentPriceEffectiveTime as string | undefined;
        if (current && parseIsoDate(current)! > effectiveMs) return;
        offer.data.currentPrice = price;
        offer.data.currentPriceEffectiveTime = effectiveTime;
        offer.data.currentPriceCreated = created.id.createdOn;
        offer.id.entityVersion += 1;
        offer.id.updatedOn = created.id.createdOn;
        documentsChanged();
      };
      return { ok: true, document: created, apply };
    }
  }
}
