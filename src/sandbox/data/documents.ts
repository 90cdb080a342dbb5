// The document shape the Data API returns (reference §5): general properties under `id`, the rest under `data`.

export interface DocumentId {
  entityId: string;
  entityVersion: number;
  tenantId: string;
  collection: string;
  entityType: string;
  entityVariant: string;
  entityOrigin: string;
  createdOn: string;
  updatedOn: string;
}

export interface KalibrateDocument {
  id: DocumentId;
  data: Record<string, unknown>;
}

import { COLLECTIONS as CATALOGUE_COLLECTIONS } from "../../core/catalogue";

/** A link to another entity, as the API embeds it. */
export interface EntityRef {
  entityId: string;
}

/** Canonical collection names (reference §3), keyed by their lower-case path segment. */
export const COLLECTIONS = new Map<string, string>(CATALOGUE_COLLECTIONS.map((name) => [name.toLowerCase(), name]));

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const dayPrefixes = new Map<number, string>();

/**
 * ISO-8601 to the second with `Z`, the form the samples show (`2021-02-24T11:00:00Z`). Called four times per
 * price document, so the date part is cached per day and the time part built from a table.
 */
export function isoSeconds(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const day = Math.floor(seconds / 86_400);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    if (dayPrefixes.size < 50_000) dayPrefixes.set(day, prefix);
  }
  const rest = seconds - day * 86_400;
  return `${prefix}${TWO_DIGITS[Math.floor(rest / 3600)]}:${TWO_DIGITS[Math.floor(rest / 60) % 60]}:${TWO_DIGITS[rest % 60]}Z`;
}

export function ref(entityId: string): EntityRef {
  return { entityId };
}
