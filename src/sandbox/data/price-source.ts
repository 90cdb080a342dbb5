// The Price collection's seeded rows: Own, Proposed, Competitor and Cost prices (reference §6, §7).

import { ColumnarSource, isoOrNull, orNull, type Series } from "./columnar";
import { isoSeconds } from "./documents";
import { mix32 } from "./random";
import type { Column } from "./sources";

export interface PriceSeries extends Series {
  origin: string;
  source: string;
  /** Who keys the price in; competitor surveys are entered by people, the rest by systems. */
  users: readonly string[];
  /** The channel the price arrived through (the dm page's DataChannelID). */
  dataChannel: number;
}

/** Row flag bits. */
export const EXPORTED = 1;
export const CHECKED_FOR_PG = 2;

const PRICE_STATUS_PENDING = 1;
const PRICE_STATUS_EXPORTED = 2;

export class PriceSource extends ColumnarSource<PriceSeries> {
  private user(row: number): string {
    const { users } = this.seriesOf(row);
    return users[mix32(row) % users.length];
  }

  /** A surveyor's price is sometimes amended after entry; the time before the amendment is kept. */
  private originalEffectiveTime(row: number): number {
    const time = this.rows.time[row];
    return this.seriesOf(row).variant === "Competitor" && mix32(row ^ 0x68e31da4) % 20 === 0 ? time - 600_000 : time;
  }

  protected override updatedOn(row: number): number {
    return orNull(this.rows.aux[row]) ?? this.createdOn(row);
  }

  protected dataColumns(): Record<string, Column> {
    const { rows } = this;
    const flag = (bit: number) => (row: number) => (rows.flag[row] & bit) !== 0;
    return {
      "data.priceId": { kind: "number", get: (row) => row + 1 },
      "data.price": { kind: "number", get: (row) => rows.value[row] },
      ...this.commonColumns("effectiveTime", "exportedTime"),
      "data.status": { kind: "object", get: (row) => ({ exported: flag(EXPORTED)(row) }) },
      "data.status.exported": { kind: "boolean", get: flag(EXPORTED) },
      "data.status.statusId": { kind: "number", get: (row) => this.statusId(row) },
      "data.statusId": { kind: "number", get: (row) => this.statusId(row) },
      "data.originalEffectiveTime": { kind: "date", get: (row) => this.originalEffectiveTime(row) },
      "data.dataChannelId": { kind: "number", get: (row) => this.seriesOf(row).dataChannel },
      "data.origin": { kind: "text", get: (row) => this.seriesOf(row).origin },
      "data.source": { kind: "text", get: (row) => this.seriesOf(row).source },
      "data.user": { kind: "text", get: (row) => this.user(row) },
      "data.checkedForPG": { kind: "boolean", get: flag(CHECKED_FOR_PG) },
      "data.currencyUnit": { kind: "text", get: () => "GBP" },
    };
  }

  private statusId(row: number): number {
    return (this.rows.flag[row] & EXPORTED) !== 0 ? PRICE_STATUS_EXPORTED : PRICE_STATUS_PENDING;
  }

  /** Every field of the Price entry in fields.ts. */
  protected data(row: number): Record<string, unknown> {
    const { rows } = this;
    const series = this.seriesOf(row);
    const exported = (rows.flag[row] & EXPORTED) !== 0;
    const statusId = exported ? PRICE_STATUS_EXPORTED : PRICE_STATUS_PENDING;
    return {
      priceId: row + 1,
      price: rows.value[row],
      effectiveTime: isoSeconds(rows.time[row]),
      originalEffectiveTime: isoSeconds(this.originalEffectiveTime(row)),
      exportedTime: isoOrNull(rows.aux[row]),
      status: { exported, statusId },
      statusId,
      dataChannelId: series.dataChannel,
      product: { entityId: series.product },
      site: { entityId: series.site },
      origin: series.origin,
      source: series.source,
      user: this.user(row),
      checkedForPG: (rows.flag[row] & CHECKED_FOR_PG) !== 0,
      currencyUnit: "GBP",
    };
  }
}
