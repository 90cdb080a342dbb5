// The columns of the 10-column table of prices that the functions bench (QUERY-sized reads) and the report-insert
// bench both build, kept in one place so their figures stay about the same table. Not a bench itself (run.ts runs
// *.bench.ts only).
export const PRICE_TABLE_COLUMNS = [
  "id.entityId",
  "id.entityVariant",
  "id.createdOn",
  "data.price",
  "data.effectiveTime",
  "data.exportedTime",
  "data.site.entityId",
  "data.product.entityId",
  "data.status.exported",
  "data.currencyUnit",
];
