// Column paths: `id.<field>` and `data.<field>[.<nested>…]`, the names Kalibrate's Excel template gives its expanded
// columns (kalibrate-data-api §9).

/** The general properties every document has under `id`, in the documented order (kalibrate-data-api §5). */
export const ID_FIELDS = [
  "entityId",
  "entityVersion",
  "tenantId",
  "collection",
  "entityType",
  "entityVariant",
  "entityOrigin",
  "createdOn",
  "updatedOn",
] as const;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at a dotted path, or undefined when any step is missing. */
export function valueAt(document: unknown, path: string): unknown {
  return valueAtKeys(document, path.split("."));
}

export function valueAtKeys(document: unknown, keys: readonly string[]): unknown {
  let current: unknown = document;
  for (const key of keys) {
    if (!isRecord(current) || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * Where a name without prefix lives, resolved like the Data API resolves a property in a query: over `id` first,
 * then `data`. `known` says which full paths exist.
 */
export function resolveName(name: string, known: (path: string) => boolean): string | undefined {
  if (name.startsWith("id.") || name.startsWith("data.")) return known(name) ? name : undefined;
  const first = name.split(".")[0];
  if ((ID_FIELDS as readonly string[]).includes(first) || known(`id.${name}`)) {
    return known(`id.${name}`) ? `id.${name}` : undefined;
  }
  return known(`data.${name}`) ? `data.${name}` : undefined;
}
