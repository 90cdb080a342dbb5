// KALIBRATE.SITE and typed values through the fake host's calc engine, the relay and the sandbox: the site entity
// with its prices and competitors, =A1.Brand / =A1.Diesel / FIELDVALUE / =A1.PriceAt, a 200-cell SITE column within
// one request per page of each list, formatted dates and prices in QUERY and PRICEHISTORY (and QUERY's plain
// option), and the errors.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { FakeExcelHandle, RichValue } from "../../src/workbench/fake-excel";
import type { Stack } from "../support/stack";
import type { Runtime } from "../../src/runtime";
import { startFunctionsHost, type FunctionsHost } from "../support/functions-host";

let started: FunctionsHost;
let stack: Stack;
let host: FakeExcelHandle;
let rt: Runtime;
const wb = () => host.workbook;
const type = (address: string, formula: string) => started.type(address, formula);

const state = (address: string) => wb().getCellState(address);
const json = (address: string) => state(address).valueJson as RichValue | undefined;
const props = (entity: RichValue | undefined) => (entity?.properties ?? {}) as Record<string, RichValue>;

before(async () => {
  started = await startFunctionsHost();
  ({ stack, host, rt } = started);
});
after(() => started?.close());

test("before connecting, SITE says to connect in the pane", async () => {
  await type("A1", '=KALIBRATE.SITE("Bristol High Street")');
  assert.equal(state("A1").error?.code, "#N/A");
  assert.match(state("A1").error?.message ?? "", /Connect in the Kalibrate pane/);
});

describe("connected", () => {
  before(async () => {
    await rt.tokens.connect(stack.reader);
  });

  test("SITE returns the own site as an entity with its prices, location, competitors and provenance", async () => {
    await type("A1", '=KALIBRATE.SITE("Bristol High Street")');
    const site = stack.sandbox.data.ownSites.find((s) => s.data.name === "Bristol High Street")!;
    assert.ok(site, "the sandbox has an own site called Bristol High Street");
    assert.equal(state("A1").value, "Bristol High Street");
    const entity = json("A1")!;
    assert.equal(entity.type, "Entity");
    assert.equal((entity.layouts as { compact: { icon: string } }).compact.icon, "GasPump");
    const p = props(entity);
    assert.equal(p["Entity ID"].basicValue, site.id.entityId);
    assert.deepEqual(p["Entity ID"].propertyMetadata, { excludeFrom: { cardView: true } });
    assert.equal(p.Diesel.type, "FormattedNumber");
    assert.equal(p.Diesel.numberFormat, "0.000");
    assert.equal(p["Price as of"].numberFormat, "yyyy-mm-dd hh:mm");
    assert.equal(p.Environment.basicValue, "sandbox");
    assert.equal(p.Latitude.basicValue, site.data.latitude);
    const address = (p.Address.elements as RichValue[][]).map((row) => row[0].basicValue);
    assert.equal(address.at(-1), site.data.postCode);
    assert.equal(address[0], site.data.address);
    const competitors = (p.Competitors.elements as RichValue[][]).map((row) => row[0]);
    const watched = (site.data.competitorSites as Array<{ entityId: string }>).map(
      (ref) => stack.sandbox.data.competitorSites.find((c) => c.id.entityId === ref.entityId)!.data.name,
    );
    assert.deepEqual(
      competitors.map((c) => c.text),
      watched,
    );
    assert.equal(props(competitors[0]).Diesel.type, "FormattedNumber", "a competitor carries its own prices");
    assert.equal(competitors[0].referencedValues, undefined, "nested entities carry no referencedValues");
    const sections = (entity.layouts as { card: { sections: Array<{ title: string }> } }).card.sections;
    assert.deepEqual(
      sections.map((s) => s.title),
      ["Prices", "Location", "Competitors", "Provenance"],
    );
    assert.ok(JSON.stringify(entity).length < 20_000, "the entity stays small");
  });

  test("=A1.Brand, =A1.Diesel and FIELDVALUE read the entity; the price is PRICE's", async () => {
    await type("A1", '=KALIBRATE.SITE("Bristol High Street")');
    await type("B1", "=A1.Brand");
    await type("C1", "=A1.Diesel");
    await type("D1", '=FIELDVALUE(A1,"Unleaded")');
    await type("E1", '=KALIBRATE.PRICE("Bristol High Street","Diesel")');
    const site = stack.sandbox.data.ownSites.find((s) => s.data.name === "Bristol High Street")!;
    const brandId = (site.data.brand as { entityId: string }).entityId;
    const brand = stack.sandbox.data.brands.find((b) => b.id.entityId === brandId)!;
    assert.equal(state("B1").value, brand.data.name);
    assert.equal(typeof state("C1").value, "number");
    assert.equal(state("C1").value, state("E1").value, "the card's Diesel is the price PRICE gives");
    assert.equal(typeof state("D1").value, "number");
    assert.equal(json("E1")?.numberFormat, "0.000", "PRICE is a formatted price too");
  });

  test("=A1.PriceAt(product, DATE(…)) gives the site's price at that date, as PRICE does", async () => {
    await type("A1", '=KALIBRATE.SITE("Bristol High Street")');
    await type("B2", '=A1.PriceAt("Diesel", DATE(2025,6,1))');
    await type("C2", '=KALIBRATE.PRICE("Bristol High Street","Diesel","2025-06-01")');
    assert.equal(typeof state("B2").value, "number");
    assert.equal(state("B2").value, state("C2").value);
  });

  test("an unknown site is #N/A saying so; a missing site argument is #VALUE!", async () => {
    await type("A3", '=KALIBRATE.SITE("Atlantis Forecourt")');
    assert.equal(state("A3").error?.code, "#N/A");
    assert.match(state("A3").error?.message ?? "", /No site has .*"Atlantis Forecourt"/);
    await type("A4", "=KALIBRATE.SITE()");
    assert.equal(state("A4").error?.code, "#VALUE!");
    assert.match(state("A4").error?.message ?? "", /site is required/);
  });

  test("200 SITE cells cost one request per page of each list, and none on recalculation", async () => {
    wb().clearContents("A1:G10"); // only the SITE column below is calculated
    await wb().idle();
    rt.data.clearCache();
    const before = rt.requestCount();
    const names = [...stack.sandbox.data.ownSites, ...stack.sandbox.data.competitorSites].map((s) => s.data.name);
    const column = Array.from({ length: 200 }, (_, i) => [`=KALIBRATE.SITE("${names[i % names.length]}")`]);
    wb().setValues("H1", column);
    await wb().idle();
    await rt.idle();
    const values = wb()
      .getValues("H1:H200")
      .map((row) => row[0]);
    assert.ok(
      values.every((v, i) => v === names[i % names.length]),
      "every cell shows its site",
    );
    const urls = rt.requests.slice(-(rt.requestCount() - before)).map((r) => r.url);
    assert.equal(new Set(urls).size, urls.length, `no page asked for twice: ${urls.join("\n")}`);
    const lists = new Set(urls.map((url) => url.replace(/(%2B|\+)?\(offset(=|%3D)\d+\)/i, "")));
    assert.ok(
      lists.size <= 5,
      `at most five lists (sites, products, brands, Own and Competitor prices): ${[...lists].join(", ")}`,
    );
    assert.ok(urls.length >= 5);
    const afterFirst = rt.requestCount();
    wb().recalc();
    await wb().idle();
    await rt.idle();
    assert.equal(rt.requestCount(), afterFirst, "recalculating costs nothing until Refresh");
  });

  test("QUERY dates arrive as formatted date-times (UTC) and prices as formatted prices; plain=TRUE as bare numbers", async () => {
    const q = '"Price","(entityVariant=Own)+(limit=3)","data.effectiveTime,data.price"';
    await type("J1", `=KALIBRATE.QUERY(${q})`);
    assert.equal(json("J2")?.type, "FormattedNumber");
    assert.equal(json("J2")?.numberFormat, "yyyy-mm-dd hh:mm");
    assert.equal(json("K2")?.numberFormat, "0.000");
    assert.equal(typeof state("J2").value, "number");
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getActiveWorksheet().getRange("J2");
      // "2025-06-29 08:00" is 16 characters: wider than Excel's default column, where it would show ####.
      range.format.columnWidth = 90;
      range.load("text");
      await context.sync();
      assert.match(range.text[0][0], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    });
    await type("M1", `=KALIBRATE.QUERY(${q},TRUE,TRUE)`);
    assert.equal(json("M2"), undefined);
    assert.equal(state("M2").value, state("J2").value);
  });

  test("PRICEHISTORY gives formatted effective times and prices", async () => {
    await type("P1", '=KALIBRATE.PRICEHISTORY("Bristol High Street","Diesel","2025-05-01","2025-06-30")');
    assert.deepEqual(wb().getValues("P1:Q1"), [["Effective time", "Price"]]);
    assert.equal(json("P2")?.numberFormat, "yyyy-mm-dd hh:mm");
    assert.equal(json("Q2")?.numberFormat, "0.000");
  });

  test("LOOKUP gives a date field as a formatted date-time", async () => {
    await type("S1", '=KALIBRATE.LOOKUP("Site","Bristol High Street","id.createdOn")');
    assert.equal(json("S1")?.numberFormat, "yyyy-mm-dd hh:mm");
    assert.equal(typeof state("S1").value, "number");
  });
});
