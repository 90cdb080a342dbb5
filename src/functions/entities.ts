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

function matchesKey(entity: Entity, key: string): boolean {
  const wanted = key.toLowerCase();
  const { importCode, name } = entity.data ?? {};
  return (
    entity.id.entityId.toLowerCase() === wanted ||
    (typeof importCode === "string" && importCode.toLowerCase() === wanted) ||
    (typeof name === "string" && name.toLowerCase() === wanted)
  );
}

/** The one entity among `entities` that `key` names; a clear #VALUE! reason when none or several do. */
export function findByKey(entities: readonly Entity[], key: string, what: string): Entity {
  const byId = entities.find((e) => e.id.entityId.toLowerCase() === key.toLowerCase());
  if (byId) return byId;
  const found = entities.filter((e) => matchesKey(e, key));
  if (found.length === 1) return found[0];
  if (found.length === 0) throw new ArgumentError(`No ${what} has the entityId, import code or name "${key}".`);
  throw new ArgumentError(`"${key}" names ${found.length} ${what}s; use its entityId or import code instead.`);
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
