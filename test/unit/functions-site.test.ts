// KALIBRATE.SITE's entity and the typed values, from documents alone: what Excel is handed.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MAX_COMPETITORS, siteEntity, type SiteData } from "../../src/functions/site";
import { dataTypesSupported, typedRows } from "../../src/functions/typed-values";
import { toExcelTable } from "../../src/core/table";

const ref = (entityId: string) => ({ entityId });
const doc = (entityId: string, entityVariant: string, data: Record<string, unknown>) => ({
  id: { entityId, entityVariant },
  data,
});
const T = (iso: string) => Date.parse(iso);

function data(competitorCount = 2): SiteData {
  const competitors = Array.from({ length: competitorCount }, (_, i) =>
    doc(`c${i}`, "Competitor", { name: `Rival ${i}`, brand: ref("b2") }),
  );
  return {
    sites: [
      doc("s1", "Own", {
        name: "Bristol High Street",
        brand: ref("b1"),
        address: "12 High Street",
        address2: "Bristol",
        address3: null,
        postCode: "BS1 4DJ",
        latitude: 51.45,
        longitude: -2.58,
        competitorSites: competitors.map((c) => ref(c.id.entityId)),
      }),
      ...competitors,
    ],
    products: [
      doc("g1", "Global", { name: "Diesel" }),
      doc("g2", "Global", { name: "Unleaded" }),
      doc("p1", "Own", { site: ref("s1"), product: ref("g1") }),
      doc("p2", "Own", { site: ref("s1"), product: ref("g2") }),
      ...competitors.map((c, i) => doc(`cp${i}`, "Competitor", { site: ref(c.id.entityId), product: ref("g1") })),
    ],
    brands: [doc("b1", "Common", { name: "Fuelwise" }), doc("b2", "Common", { name: "Rival" })],
    own: [
      doc("x1", "Own", { product: ref("p1"), price: 1.419, effectiveTime: "2025-01-01T08:00:00Z" }),
      doc("x2", "Own", { product: ref("p1"), price: 1.459, effectiveTime: "2025-02-01T08:00:00Z" }),
      doc("x3", "Own", { product: ref("p2"), price: 1.399, effectiveTime: "2025-03-01T08:00:00Z" }),
    ],
    competitor: competitors.map((_, i) =>
      doc(`y${i}`, "Competitor", {
        product: ref(`cp${i}`),
        price: 1.5 + i / 100,
        effectiveTime: "2025-01-01T00:00:00Z",
      }),
    ),
    environment: "sandbox",
    retrievedAt: "2025-06-30T12:00:00.000Z",
  };
}

type Value = { type: string; basicValue?: unknown; numberFormat?: string; errorType?: string; elements?: Value[][] };
const props = (entity: object) => (entity as { properties?: unknown }).properties as Record<string, Value>;

describe("the site entity", () => {
  it("has the price in force at asOf per product, #N/A where there is none yet", () => {
    const entity = siteEntity(data(), data().sites[0], T("2025-02-15T00:00:00Z"), false);
    assert.equal(entity.text, "Bristol High Street");
    assert.deepEqual(props(entity).Diesel, { type: "FormattedNumber", basicValue: 1.459, numberFormat: "0.000" });
    assert.deepEqual(props(entity).Unleaded, { type: "Error", errorType: "NotAvailable" });
    assert.equal(props(entity)["Price as of"].numberFormat, "yyyy-mm-dd hh:mm");
    assert.equal(props(entity)["Price as of"].basicValue, 45703);
  });

  it("has brand, address lines with the post code last, position, provenance and a hidden entity id", () => {
    const entity = siteEntity(data(), data().sites[0], T("2025-06-01T00:00:00Z"), false);
    const p = props(entity);
    assert.equal(p.Brand.basicValue, "Fuelwise");
    assert.deepEqual(
      p.Address.elements!.map((row) => row[0].basicValue),
      ["12 High Street", "Bristol", "BS1 4DJ"],
    );
    assert.equal(p.Latitude.basicValue, 51.45);
    assert.equal(p.Environment.basicValue, "sandbox");
    assert.equal(p.Retrieved.numberFormat, "yyyy-mm-dd hh:mm");
    assert.deepEqual((p["Entity ID"] as Record<string, unknown>).propertyMetadata, { excludeFrom: { cardView: true } });
    assert.equal(p.PriceAt, undefined, "no reference method unless asked for");
  });

  it("nests competitors with their own prices and no referencedValues, at most MAX_COMPETITORS", () => {
    const many = data(MAX_COMPETITORS + 5);
    const entity = siteEntity(many, many.sites[0], T("2025-06-01T00:00:00Z"), true);
    const competitors = props(entity).Competitors.elements!.map((row) => row[0] as unknown as Record<string, unknown>);
    assert.equal(competitors.length, MAX_COMPETITORS);
    assert.equal(competitors[0].text, "Rival 0");
    assert.equal(competitors[0].referencedValues, undefined);
    assert.equal(props(competitors[0]).Diesel.basicValue, 1.5);
    assert.equal(props(competitors[0]).Brand.basicValue, "Rival");
    assert.equal(entity.referencedValues, undefined);
    assert.deepEqual(props(entity).PriceAt, {
      type: "Function",
      functionType: "JavaScriptReference",
      namespace: "KALIBRATE",
      id: "PRICEAT",
    });
    assert.ok(JSON.stringify(entity).length < 50_000);
  });

  it("lays out a card: Prices, Location, Competitors, Provenance, each naming only fields it has", () => {
    const entity = siteEntity(data(0), data(0).sites[0], T("2025-06-01T00:00:00Z"), false);
    const layouts = entity.layouts as {
      compact: { icon: string };
      card: { sections: Array<{ title: string; properties: string[] }> };
    };
    assert.equal(layouts.compact.icon, "GasPump");
    assert.deepEqual(
      layouts.card.sections.map((s) => s.title),
      ["Prices", "Location", "Provenance"],
      "no Competitors section for a site without competitors",
    );
    assert.deepEqual(layouts.card.sections[0].properties, ["Diesel", "Unleaded", "Price as of"]);
    for (const section of layouts.card.sections)
      for (const name of section.properties) assert.ok(name in props(entity), `${name} is a field`);
  });
});

describe("typed values", () => {
  it("are plain where Office is absent (the check fails safe)", () => {
    assert.equal(dataTypesSupported(), false);
  });

  it("format date columns as date-times or dates, price columns as prices, and leave the rest", () => {
    const table = toExcelTable({
      headers: ["data.effectiveTime", "data.day", "data.price", "data.name", "data.priceBand"],
      rows: [
        ["2025-01-01T08:00:00Z", "2025-01-01", 1.459, "a", 1],
        ["2025-01-02T09:30:00Z", "2025-01-02", 1.469, "b", "high"],
      ],
    });
    const rows = typedRows(table, true) as Array<Array<Value | string | number>>;
    assert.equal((rows[0][0] as Value).numberFormat, "yyyy-mm-dd hh:mm");
    assert.equal((rows[0][1] as Value).numberFormat, "yyyy-mm-dd");
    assert.deepEqual(rows[1][2], { type: "FormattedNumber", basicValue: 1.469, numberFormat: "0.000" });
    assert.equal(rows[0][3], "a");
    assert.equal(rows[0][4], 1, "a price-named column with text in it stays plain");
    assert.deepEqual(typedRows(table, false), table.rows);
  });
});
