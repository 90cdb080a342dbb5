// Compact storage for the big collections (prices, volumes): one typed-array slot per row and column, per-series
// facts (variant, site, product) kept once per series. About 30 bytes a row, against ~1 KB for a document object.

import { isoSeconds, type DocumentId, type KalibrateDocument } from "./documents";
import { mix32, type GuidSpace } from "./random";
import type { Column, RowSource } from "./sources";

/** Facts shared by every row of one series: one site's price history for one product, say. */
export interface Series {
  variant: string;
  site: string;
  product: string;
}

export interface Rows {
  length: number;
  series: Int32Array;
  value: Float64Array;
  /** The row's main time (effectiveTime), epoch ms. */
  time: Float64Array;
  /** A second time (exportedTime, endTime), epoch ms, NaN for none. */
  aux: Float64Array;
  flag: Uint8Array;
}

export class RowsBuilder {
  private rows: Rows;

  constructor(capacity = 1024) {
    this.rows = RowsBuilder.allocate(Math.max(capacity, 16));
  }

  private static allocate(capacity: number): Rows {
    return {
      length: 0,
      series: new Int32Array(capacity),
      value: new Float64Array(capacity),
      time: new Float64Array(capacity),
      aux: new Float64Array(capacity),
      flag: new Uint8Array(capacity),
    };
  }

  add(series: number, value: number, time: number, aux: number, flag: number): void {
    let rows = this.rows;
    if (rows.length === rows.series.length) {
      const grown = RowsBuilder.allocate(rows.length * 2);
      grown.series.set(rows.series);
      grown.value.set(rows.value);
      grown.time.set(rows.time);
      grown.aux.set(rows.aux);
      grown.flag.set(rows.flag);
      grown.length = rows.length;
      this.rows = rows = grown;
    }
    const i = rows.length++;
    rows.series[i] = series;
    rows.value[i] = value;
    rows.time[i] = time;
    rows.aux[i] = aux;
    rows.flag[i] = flag;
  }

  /** Exact-size copies, so a million-row table does not keep up to twice its memory. */
  finish(): Rows {
    const { length } = this.rows;
    return {
      length,
      series: this.rows.series.slice(0, length),
      value: this.rows.value.slice(0, length),
      time: this.rows.time.slice(0, length),
      aux: this.rows.aux.slice(0, length),
      flag: this.rows.flag.slice(0, length),
    };
  }
}

export interface TableIdentity {
  tenantId: string;
  collection: string;
  entityType: string;
  entityOrigin: string;
  guidKind: number;
  guids: GuidSpace;
}

export const orNull = (ms: number) => (Number.isNaN(ms) ? null : ms);

/** A RowSource over Rows: the id block is common, subclasses say what `data` holds. */
export abstract class ColumnarSource<S extends Series> implements RowSource {
  private columnMap: Map<string, Column> | undefined;

  constructor(
    protected readonly rows: Rows,
    protected readonly seriesList: readonly S[],
    protected readonly identity: TableIdentity,
  ) {}

  /** Built on first use: subclasses' own fields are not yet set while this constructor runs. */
  private get columns(): Map<string, Column> {
    this.columnMap ??= this.buildColumns();
    return this.columnMap;
  }

  private buildColumns(): Map<string, Column> {
    const { rows, seriesList, identity } = this;
    const idColumns: Record<string, Column> = {
      "id.entityId": { kind: "text", get: (row) => this.entityId(row) },
      "id.entityVersion": { kind: "number", get: () => 1 },
      "id.tenantId": { kind: "text", get: () => identity.tenantId },
      "id.collection": { kind: "text", get: () => identity.collection },
      "id.entityType": { kind: "text", get: () => identity.entityType },
      "id.entityVariant": { kind: "text", get: (row) => seriesList[rows.series[row]].variant },
      "id.entityOrigin": { kind: "text", get: () => identity.entityOrigin },
      "id.createdOn": { kind: "date", get: (row) => this.createdOn(row) },
      "id.updatedOn": { kind: "date", get: (row) => this.updatedOn(row) },
    };
    return new Map(Object.entries({ ...idColumns, ...this.dataColumns() }));
  }

  get length(): number {
    return this.rows.length;
  }

  /** Paths under `data` (written with the `data.` prefix) and how to read them. */
  protected abstract dataColumns(): Record<string, Column>;
  protected abstract data(row: number): Record<string, unknown>;

  /** Entry happens some minutes before the price or volume takes effect; derived, not stored. */
  protected createdOn(row: number): number {
    return this.rows.time[row] - (20 + (mix32(row ^ 0x5bd1e995) % 160)) * 60_000;
  }

  protected updatedOn(row: number): number {
    return this.createdOn(row);
  }

  protected seriesOf(row: number): S {
    return this.seriesList[this.rows.series[row]];
  }

  column(path: string): Column | undefined {
    return this.columns.get(path);
  }

  paths(): Iterable<string> {
    return this.columns.keys();
  }

  entityId(row: number): string {
    return this.identity.guids.guid(this.identity.guidKind, row);
  }

  document(row: number): KalibrateDocument {
    const id: DocumentId = {
      entityId: this.entityId(row),
      entityVersion: 1,
      tenantId: this.identity.tenantId,
      collection: this.identity.collection,
      entityType: this.identity.entityType,
      entityVariant: this.seriesOf(row).variant,
      entityOrigin: this.identity.entityOrigin,
      createdOn: isoSeconds(this.createdOn(row)),
      updatedOn: isoSeconds(this.updatedOn(row)),
    };
    return { id, data: this.data(row) };
  }

  /** Columns most subclasses share: the time columns and the site/product references. */
  protected commonColumns(timeName: string, auxName: string | undefined): Record<string, Column> {
    const { rows } = this;
    const columns: Record<string, Column> = {
      [`data.${timeName}`]: { kind: "date", get: (row) => rows.time[row] },
      "data.site": { kind: "reference", get: (row) => ({ entityId: this.seriesOf(row).site }) },
      "data.site.entityId": { kind: "text", get: (row) => this.seriesOf(row).site },
      "data.product": { kind: "reference", get: (row) => ({ entityId: this.seriesOf(row).product }) },
      "data.product.entityId": { kind: "text", get: (row) => this.seriesOf(row).product },
    };
    if (auxName) columns[`data.${auxName}`] = { kind: "date", get: (row) => orNull(rows.aux[row]) };
    return columns;
  }
}

export function isoOrNull(ms: number): string | null {
  return Number.isNaN(ms) ? null : isoSeconds(ms);
}
