// Finding one entity the way an analyst names it: by entityId, import code or name (case-insensitive), as the
// Sandpit template's joins do.
import { ArgumentError } from "./arguments";

export interface Entity {
  id: { entityId: string; entityVariant?: string };
  data: Record<string, unknown>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/**
 * The entities of one list by entityId and by import code or name (case-insensitive), built once per list: a sheet
 * of 8,000 PRICE cells names its sites and products 8,000 times, and a scan per cell would cost more than the data.
 */
export class KeyIndex {
  readonly #byId = new Map<string, Entity>();
  readonly #byKey = new Map<string, Entity[]>();

  constructor(entities: readonly Entity[]) {
    for (const entity of entities) {
      const id = entity.id.entityId.toLowerCase();
      if (!this.#byId.has(id)) this.#byId.set(id, entity);
      const { importCode, name } = entity.data ?? {};
      const keys = new Set([importCode, name].filter((k): k is string => typeof k === "string").map(lower));
      for (const key of keys) {
        const named = this.#byKey.get(key);
        if (named) named.push(entity);
        else this.#byKey.set(key, [entity]);
      }
    }
  }

  /** The one entity that `key` names; a clear #VALUE! reason when none or several do. */
  find(key: string, what: string): Entity {
    const wanted = lower(key);
    const byId = this.#byId.get(wanted);
    if (byId) return byId;
    const found = this.#byKey.get(wanted) ?? [];
    if (found.length === 1) return found[0];
    if (found.length === 0) throw new ArgumentError(`No ${what} has the entityId, import code or name "${key}".`);
    throw new ArgumentError(`"${key}" names ${found.length} ${what}s; use its entityId or import code instead.`);
  }

  /** Whether `key` names any entity (find then says which, or that it names several). */
  has(key: string): boolean {
    const wanted = lower(key);
    return this.#byId.has(wanted) || this.#byKey.has(wanted);
  }

  /** The entity with this entityId (any letter case), or undefined. */
  byId(id: string): Entity | undefined {
    return this.#byId.get(lower(id));
  }
}

const lower = (text: string) => text.toLowerCase();
const indexes = new WeakMap<readonly Entity[], KeyIndex>();

/** The KeyIndex of a list, built on first use and kept as long as the list (a cached result's documents) lives. */
export function keyIndex(entities: readonly Entity[]): KeyIndex {
  let index = indexes.get(entities);
  if (!index) {
    index = new KeyIndex(entities);
    indexes.set(entities, index);
  }
  return index;
}

/** The one entity among `entities` that `key` names; a clear #VALUE! reason when none or several do. */
export function findByKey(entities: readonly Entity[], key: string, what: string): Entity {
  return keyIndex(entities).find(key, what);
}

/** Anything that runs a query as the data client does (a function's context, the import panel's API). */
export interface QueryRunner {
  query(collection: string, query: string): Promise<{ documents: readonly unknown[] }>;
}

export async function allOf(rt: { data: QueryRunner }, collection: string): Promise<Entity[]> {
  const { documents } = await rt.data.query(collection, "(limit=0)");
  return documents as Entity[];
}

export function refId(entity: Entity, field: string): string | undefined {
  const ref = entity.data?.[field] as { entityId?: unknown } | undefined;
  return typeof ref?.entityId === "string" ? ref.entityId : undefined;
}
