// Builds a document's `data` from the field table (fields.ts): the values the generator computes (names, references,
// prices from the history) where it gives them, and a seeded value of the field's kind for the rest. A field the
// table names but the generator must compute and did not is an error, so the table and the documents never drift.

import { isoSeconds } from "./documents";
import { ALWAYS_NULL, FIELDS, type FieldKind } from "./fields";
import { GuidSpace, Random } from "./random";

const DAY = 86_400_000;
/** GUID kind for the table's plain GUID fields (far from the entity kinds in seed.ts). */
const FIELD_GUID_KIND = 900;
const NULL_SHARE = 0.25;

export class FieldFiller {
  /** Its own stream, so adding a field never changes the seeded prices or names; the generator draws on it too. */
  readonly random: Random;
  private readonly guids: GuidSpace;
  private guidCount = 0;

  constructor(
    seed: string,
    /** Generated times fall in the year before this (epoch ms), future ones in the two months after. */
    private readonly end: number,
  ) {
    this.random = new Random(`${seed}/fields`);
    this.guids = new GuidSpace(`${seed}/fields`);
  }

  /** `data` for one document of the table entry `key` ("Site/Own"), every field in the table's order. */
  fill(key: string, computed: Record<string, unknown>): Record<string, unknown> {
    const table = FIELDS[key];
    if (!table) throw new Error(`No field table for ${key}`);
    const alwaysNull = ALWAYS_NULL[key] ?? [];
    const data: Record<string, unknown> = {};
    for (const [field, kind] of Object.entries(table)) {
      if (Object.prototype.hasOwnProperty.call(computed, field)) data[field] = computed[field];
      else if (alwaysNull.includes(field)) data[field] = null;
      else data[field] = this.value(key, field, kind);
    }
    for (const field of Object.keys(computed)) {
      if (!(field in data)) throw new Error(`${key}.${field} is generated but not in the field table (fields.ts)`);
    }
    return data;
  }

  private value(key: string, field: string, kind: FieldKind): unknown {
    const nullable = kind.startsWith("?");
    if (nullable && this.random.chance(NULL_SHARE)) return null;
    const [type, low, high] = (nullable ? kind.slice(1) : kind).split(" ");
    const { random } = this;
    switch (type) {
      case "bool":
        return random.chance(0.5);
      case "bool+":
        return random.chance(0.92);
      case "bool-":
        return random.chance(0.08);
      case "time":
        return isoSeconds(this.end - random.int(1, 365 * 24 * 60) * 60_000);
      case "future":
        return isoSeconds(this.end + random.int(1, 60) * DAY + random.int(6, 20) * 3_600_000);
      case "guid":
        return this.guids.guid(FIELD_GUID_KIND, this.guidCount++);
      case "int":
        if (low !== undefined) return random.int(Number(low), Number(high));
        break;
      case "num":
        if (low !== undefined) {
          const value = Number(low) + random.next() * (Number(high) - Number(low));
          return Math.round(value * 1000) / 1000;
        }
        break;
    }
    throw new Error(`${key}.${field} (${kind}) must be computed by the generator`);
  }
}
