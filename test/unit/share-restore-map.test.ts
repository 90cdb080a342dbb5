// The restore map: a round trip through its custom XML part text (CDATA-safe), damaged parts refused with a
// sentence, report definitions reduced to their known fields, and the sheet stamp naming environment and queries.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { rootNamespace } from "../../src/workbench/fake-excel/custom-xml";
import {
  readRestoreMap,
  restoreMapXml,
  RESTORE_NAMESPACE,
  stampText,
  type RestoreMap,
} from "../../src/share/restore-map";
import type { ReportDefinition } from "../../src/reports/definition";

const report: ReportDefinition = {
  version: 1,
  id: "r1",
  tableName: "KalibrateProduct",
  tableId: "3",
  sheet: "Kalibrate Product",
  collection: "Product",
  query: "(entityVariant=Own)+(limit=10)",
  columns: ["id.entityId", "data.currentPrice"],
  environment: "sandbox",
  createdAt: "2026-01-01T00:00:00.000Z",
  status: "ok",
  lastResult: { environment: "sandbox", retrievedAt: "2026-01-02T06:00:00.000Z", durationMs: 5, rows: 10, requests: 1 },
};

const map: RestoreMap = {
  v: 1,
  sharedAt: "2026-01-02T07:00:00.000Z",
  scope: "workbook",
  formulas: [
    { sheet: "Prices", row: 1, column: 1, formula: '=KALIBRATE.PRICE("OWN0001","Diesel")', rows: 1, columns: 1 },
    { sheet: "Brands", row: 0, column: 0, formula: '=KALIBRATE.QUERY("Site","(name=a]]>b)")', rows: 5, columns: 2 },
  ],
  reports: [report],
  stamped: ["Prices", "Brands", "Kalibrate Product"],
};

describe("the restore map", () => {
  it("round-trips through well-formed XML in its namespace, even with ]]> in a formula", () => {
    const xml = restoreMapXml(map);
    assert.equal(rootNamespace(xml), RESTORE_NAMESPACE);
    assert.deepEqual(readRestoreMap(xml), map);
  });

  it("a damaged part is refused with a sentence, never half read", () => {
    assert.match(String(readRestoreMap("<kalibrateRestore><![CDATA[{not json]]></kalibrateRestore>")), /damaged/);
    const bad = { ...map, formulas: [{ ...map.formulas[0], formula: "1+1" }] };
    assert.match(String(readRestoreMap(restoreMapXml(bad))), /damaged/);
    const badReport = { ...map, reports: [{ ...report, status: "weird" }] } as unknown as RestoreMap;
    assert.match(String(readRestoreMap(restoreMapXml(badReport))), /damaged.*status/);
  });

  it("keeps only the known fields of a report definition (nothing pasted in survives)", () => {
    const withExtra = { ...map, reports: [{ ...report, clientSecret: "s3cret" }] } as unknown as RestoreMap;
    const read = readRestoreMap(restoreMapXml(withExtra)) as RestoreMap;
    assert.equal(JSON.stringify(read).includes("s3cret"), false);
  });
});

describe("the sheet stamp", () => {
  it("names the environment, the formulas and the report queries with when they were retrieved", () => {
    const prices = stampText("Prices", map, "sandbox");
    assert.match(prices, /^Kalibrate share: /);
    assert.match(prices, /Environment: sandbox\./);
    assert.match(prices, /1 × KALIBRATE\.PRICE .*values as shown at 2026-01-02T07:00:00\.000Z/);
    const product = stampText("Kalibrate Product", map, undefined);
    assert.match(product, /Environment: sandbox\./);
    assert.match(
      product,
      /Report KalibrateProduct: Product \(entityVariant=Own\)\+\(limit=10\), retrieved 2026-01-02T06:00:00\.000Z/,
    );
  });
});
