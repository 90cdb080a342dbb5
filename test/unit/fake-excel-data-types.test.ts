// Data types in the fake Excel host: entity and formatted-number results, =A1.Field, FIELDVALUE, reference methods,
// valuesAsJson, and the hosts that have none of it (CustomFunctionsRuntime below 1.4, ExcelApi below 1.19).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel, type FakeExcelOptions } from "../../src/workbench/fake-excel";

const station = {
  type: "Entity",
  text: "Bristol High Street",
  properties: {
    Brand: { type: "String", basicValue: "Fuelwise" },
    Diesel: { type: "FormattedNumber", basicValue: 1.4567, numberFormat: "0.000" },
    "Price as of": { type: "FormattedNumber", basicValue: 45688.5, numberFormat: "yyyy-mm-dd hh:mm" },
    Address: {
      type: "Array",
      elements: [[{ type: "String", basicValue: "12 High Street" }], [{ type: "String", basicValue: "BS1 4DJ" }]],
    },
    Competitors: {
      type: "Array",
      elements: [
        [
          {
            type: "Entity",
            text: "Rival Bristol South",
            properties: { Brand: { type: "String", basicValue: "Rival" } },
          },
        ],
      ],
    },
    PriceAt: { type: "Function", functionType: "JavaScriptReference", namespace: "KALIBRATE", id: "SITE.PRICEAT" },
  },
  layouts: { compact: { icon: "GasPump" } },
};

function host(options: FakeExcelOptions = {}, calls: unknown[][] = []) {
  return createFakeExcel({
    ...options,
    functions: {
      "KALIBRATE.STATION": () => station,
      "KALIBRATE.PLAIN": () => ({ ...station, properties: { Brand: station.properties.Brand } }),
      "KALIBRATE.PRICE": () => ({ type: "FormattedNumber", basicValue: 1.5, numberFormat: "0.000" }),
      "KALIBRATE.SITE.PRICEAT": (entity: unknown, product: unknown, asOf: unknown) => {
        calls.push([entity, product, asOf]);
        return 1.2345;
      },
      "KALIBRATE.NESTED": () => ({
        type: "Entity",
        text: "x",
        properties: { Inner: { type: "Entity", text: "y", properties: {}, referencedValues: [] } },
      }),
    },
  });
}

describe("fake Excel data types", () => {
  it("an entity shows its text, reads as #VALUE! through values, and comes back whole through valuesAsJson", async () => {
    const fake = host();
    fake.workbook.setCell("A1", "=KALIBRATE.STATION()");
    assert.equal(fake.workbook.getCellState("A1").value, "Bristol High Street");
    assert.equal(fake.workbook.getCellState("A1").valueJson?.type, "Entity");
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getActiveWorksheet().getRange("A1");
      // eslint-disable-next-line office-addins/no-navigational-load -- valuesAsJson is a scalar property (cell value JSON), not a navigation
      range.load(["values", "text", "valuesAsJson", "valueTypes"]);
      await context.sync();
      assert.deepEqual(range.values, [["#VALUE!"]]);
      assert.deepEqual(range.text, [["Bristol High Street"]]);
      assert.deepEqual(range.valueTypes, [["Error"]]);
      const json = range.valuesAsJson[0][0] as { type: string; text: string; basicValue: string };
      assert.equal(json.type, "Entity");
      assert.equal(json.text, "Bristol High Street");
      assert.equal(json.basicValue, "#VALUE!");
    });
  });

  it("a formatted number keeps its value and shows in its own format", async () => {
    const fake = host();
    fake.workbook.setCell("B1", "=KALIBRATE.PRICE()");
    assert.equal(fake.workbook.getCellState("B1").value, 1.5);
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getActiveWorksheet().getRange("B1");
      // eslint-disable-next-line office-addins/no-navigational-load -- valuesAsJson is a scalar property (cell value JSON), not a navigation
      range.load(["values", "text", "valuesAsJson"]);
      await context.sync();
      assert.deepEqual(range.values, [[1.5]]);
      assert.deepEqual(range.text, [["1.500"]]);
      assert.deepEqual(range.valuesAsJson, [
        [{ type: "FormattedNumber", basicValue: 1.5, numberFormat: "0.000", basicType: "Double" }],
      ]);
    });
  });

  it("=A1.Field, =A1.[Field with spaces] and FIELDVALUE read properties; an array spills; a missing field is #FIELD!", () => {
    const { workbook } = host();
    workbook.setCell("A1", "=KALIBRATE.STATION()");
    workbook.setCell("B1", "=A1.Brand");
    workbook.setCell("C1", '=FIELDVALUE(A1,"diesel")');
    workbook.setCell("D1", "=A1.[Price as of]");
    workbook.setCell("E1", "=A1.Address");
    workbook.setCell("F1", "=A1.Competitors");
    workbook.setCell("G1", "=A1.Colour");
    workbook.setCell("H1", "=G5.Brand");
    assert.deepEqual(workbook.getValues("B1:F1"), [
      ["Fuelwise", 1.4567, 45688.5, "12 High Street", "Rival Bristol South"],
    ]);
    assert.equal(workbook.getValues("E2")[0][0], "BS1 4DJ");
    assert.equal(workbook.getCellState("C1").valueJson?.numberFormat, "0.000");
    assert.equal(workbook.getCellState("F1").valueJson?.type, "Entity", "a nested entity stays an entity");
    assert.equal(workbook.getCellState("G1").error?.code, "#FIELD!");
    assert.equal(workbook.getCellState("H1").error?.code, "#FIELD!");
  });

  it("a field formula follows its entity cell", () => {
    const { workbook } = host();
    workbook.setCell("A1", "=KALIBRATE.STATION()");
    workbook.setCell("B1", "=A1.Brand");
    workbook.setCell("A1", "=KALIBRATE.PLAIN()");
    assert.equal(workbook.getValues("B1")[0][0], "Fuelwise");
    workbook.setCell("A1", "plain text");
    assert.equal(workbook.getCellState("B1").error?.code, "#FIELD!");
  });

  it("=A1.Method(…) calls the referenced function with the entity first, DATE(…) as a serial", () => {
    const calls: unknown[][] = [];
    const { workbook } = host({}, calls);
    workbook.setCell("A1", "=KALIBRATE.STATION()");
    workbook.setCell("B1", '=A1.PriceAt("Diesel", DATE(2025,1,31))');
    assert.equal(workbook.getValues("B1")[0][0], 1.2345);
    assert.equal((calls[0][0] as { text: string }).text, "Bristol High Street");
    assert.deepEqual(calls[0].slice(1), ["Diesel", 45688]);
  });

  it("refuses a nested entity with referencedValues (only the root may have them) with #VALUE!", () => {
    const { workbook } = host();
    workbook.setCell("A1", "=KALIBRATE.NESTED()");
    assert.equal(workbook.getCellState("A1").error?.code, "#VALUE!");
  });

  it("without CustomFunctionsRuntime 1.4 an entity result is #VALUE! and isSetSupported says so", () => {
    const fake = host({ customFunctionsRuntime: "1.3" });
    fake.workbook.setCell("A1", "=KALIBRATE.PLAIN()");
    fake.workbook.setCell("B1", "=KALIBRATE.PRICE()");
    assert.equal(fake.workbook.getCellState("A1").error?.code, "#VALUE!");
    assert.equal(fake.workbook.getCellState("B1").error?.code, "#VALUE!");
    assert.equal(fake.Office.context.requirements.isSetSupported("CustomFunctionsRuntime", "1.4"), false);
    assert.equal(fake.Office.context.requirements.isSetSupported("CustomFunctionsRuntime", "1.3"), true);
  });

  it("below ExcelApi 1.19 an entity carrying a reference method is refused, one without is shown", () => {
    const { workbook } = host({ excelApi: "1.18" });
    workbook.setCell("A1", "=KALIBRATE.STATION()");
    workbook.setCell("A2", "=KALIBRATE.PLAIN()");
    assert.equal(workbook.getCellState("A1").error?.code, "#VALUE!");
    assert.equal(workbook.getValues("A2")[0][0], "Bristol High Street");
  });

  it("valuesAsJson is ExcelApi 1.16: an older host fails the sync with ApiNotFound", async () => {
    const fake = host({ excelApi: "1.15" });
    await assert.rejects(
      fake.Excel.run(async (context) => {
        const range = context.workbook.worksheets.getActiveWorksheet().getRange("A1");
        // eslint-disable-next-line office-addins/no-navigational-load -- valuesAsJson is a scalar property (cell value JSON), not a navigation
        range.load("valuesAsJson");
        await context.sync();
      }),
      (error: { code?: string }) => error.code === "ApiNotFound",
    );
  });
});
