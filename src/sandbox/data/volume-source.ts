// The Volume collection's seeded rows: Sales, Delivery, Forecast and Plan volumes (reference §6, §7).

import { ColumnarSource, isoOrNull, type Series } from "./columnar";
import { isoSeconds } from "./documents";
import { mix32 } from "./random";
import type { Column } from "./sources";

/** Forecast ids come from their own GUID space, next to the volumes' entity ids. */
const FORECAST_UID_KIND_OFFSET = 50;

export interface VolumeSeries extends Series {
  source: string;
  /** Pence-level cost per litre for deliveries, undefined for the other variants. */
  unitCostPrice?: number;
}

export class VolumeSource extends ColumnarSource<VolumeSeries> {
  private unitCostPrice(row: number): number | null {
    const base = this.seriesOf(row).unitCostPrice;
    if (base === undefined) return null;
    return Math.round(base * 1000 + (mix32(row ^ 0x2545f491) % 41) - 20) / 1000;
  }

  private deliveryVolumeId(row: number): number | null {
    return this.seriesOf(row).variant === "Delivery" ? row + 1 : null;
  }

  private forecastVolumeUid(row: number): string | null {
    if (this.seriesOf(row).variant !== "Forecast") return null;
    return this.identity.guids.guid(this.identity.guidKind + FORECAST_UID_KIND_OFFSET, row);
  }

  protected dataColumns(): Record<string, Column> {
    const { rows } = this;
    return {
      "data.volumeId": { kind: "number", get: (row) => row + 1 },
      "data.volume": { kind: "number", get: (row) => rows.value[row] },
      ...this.commonColumns("effectiveTime", "endTime"),
      "data.ownProduct": { kind: "reference", get: (row) => ({ entityId: this.seriesOf(row).product }) },
      "data.ownProduct.entityId": { kind: "text", get: (row) => this.seriesOf(row).product },
      "data.deliveryVolumeId": { kind: "number", get: (row) => this.deliveryVolumeId(row) },
      "data.forecastVolumeUid": { kind: "text", get: (row) => this.forecastVolumeUid(row) },
      "data.startTime": { kind: "date", get: (row) => rows.time[row] },
      "data.source": { kind: "text", get: (row) => this.seriesOf(row).source },
      "data.unitCostPrice": { kind: "number", get: (row) => this.unitCostPrice(row) },
      "data.checkedForPG": { kind: "boolean", get: (row) => rows.flag[row] !== 0 },
    };
  }

  /** Every field of the Volume entry in fields.ts. */
  protected data(row: number): Record<string, unknown> {
    const { rows } = this;
    const series = this.seriesOf(row);
    return {
      volumeId: row + 1,
      volume: rows.value[row],
      effectiveTime: isoSeconds(rows.time[row]),
      startTime: isoSeconds(rows.time[row]),
      endTime: isoOrNull(rows.aux[row]),
      product: { entityId: series.product },
      ownProduct: { entityId: series.product },
      deliveryVolumeId: this.deliveryVolumeId(row),
      forecastVolumeUid: this.forecastVolumeUid(row),
      site: { entityId: series.site },
      source: series.source,
      unitCostPrice: this.unitCostPrice(row),
      checkedForPG: rows.flag[row] !== 0,
    };
  }
}
