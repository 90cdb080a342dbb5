// KALIBRATE.LOOKUP: one field of one entity, by entityId, import code or name.
import { createReferenceLookup, excelSerial, expandReferences, flatten, toExcelValue } from "../core/table";
import type { FunctionContext } from "./provenance";
import { collectionPath, requiredText } from "./arguments";
import { findByKey, isGuid, type Entity } from "./entities";
import { DATE_FORMAT, DATE_TIME_FORMAT, isPriceField, PRICE_FORMAT, typedNumber } from "./typed-values";

/** A key the query language can carry as a value (it has no escape for parentheses or "+"). */
const QUERYABLE = /^[^()+]+$/;

/**
 * The entities that may be the one `key` names, asked of the API as narrowly as it allows: `=` is exact, so a name
 * typed in another letter case is found with `@=` (contains, case-insensitive) and matched exactly by findByKey.
 */
async function candidates(rt: FunctionContext, collection: string, key: string): Promise<Entity[]> {
  if (!QUERYABLE.test(key)) return (await rt.data.query(collection, "(limit=0)")).documents as Entity[];
  const filters = isGuid(key) ? [`(entityId=${key})`] : [`(importCode=${key})`, `(name=${key})`, `(name@=${key})`];
  for (const filter of filters) {
    const { documents } = await rt.data.query(collection, `${filter}+(limit=0)`);
    if (documents.length > 0) return documents as Entity[];
  }
  return [];
}

export async function lookupField(
  rt: FunctionContext,
  collectionArg: unknown,
  keyArg: unknown,
  fieldArg: unknown,
): Promise<unknown> {
  const collection = collectionPath(collectionArg);
  const key = requiredText("key", keyArg, '"Own Site 1", an import code or an entityId');
  const field = requiredText("field", fieldArg, '"data.name" or "data.brand.name"');
  const entity = findByKey(await candidates(rt, collection, key), key, collection);
  const [document] = await expandReferences([entity], [field], createReferenceLookup(rt.data));
  const { rows } = flatten([document], { columns: [field] });
  return typedValue(rows[0][0], field);
}

/** A date as a formatted date, a price-named number as a price, where the host has data types. */
function typedValue(raw: unknown, field: string): unknown {
  const value = toExcelValue(raw);
  if (typeof value !== "number") return value;
  const date = typeof raw === "string" ? excelSerial(raw) : undefined;
  if (date) return typedNumber(value, date.hasTime ? DATE_TIME_FORMAT : DATE_FORMAT);
  return isPriceField(field) ? typedNumber(value, PRICE_FORMAT) : value;
}
