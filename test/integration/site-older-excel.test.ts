// KALIBRATE functions on an Excel without CustomFunctionsRuntime 1.4 (Excel 2021, iPad): the fake host reports 1.3,
// so entities and formatted numbers would show #VALUE!. Every function falls back to plain values, and SITE spills
// the site's name and why there is no card, instead of #VALUE!.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { FakeExcelHandle } from "../../src/workbench/fake-excel";
import type { Stack } from "../support/stack";
import type { Runtime } from "../../src/runtime";
import { startFunctionsHost, type FunctionsHost } from "../support/functions-host";

let started: FunctionsHost;
let stack: Stack;
let host: FakeExcelHandle;
let rt: Runtime;
const wb = () => host.workbook;
const type = (address: string, formula: string) => started.type(address, formula);

before(async () => {
  started = await startFunctionsHost({ sandbox: { size: 3000 } }, { customFunctionsRuntime: "1.3" });
  ({ stack, host, rt } = started);
  await rt.tokens.connect(stack.reader);
});
after(() => started?.close());

test("the host says CustomFunctionsRuntime 1.4 is not there", () => {
  assert.equal(Office.context.requirements.isSetSupported("CustomFunctionsRuntime", "1.4"), false);
});

test("SITE gives the site's name and a message, not #VALUE!", async () => {
  await type("A1", '=KALIBRATE.SITE("Bristol High Street")');
  const [[name, message]] = wb().getValues("A1:B1");
  assert.equal(name, "Bristol High Street");
  assert.match(String(message), /CustomFunctionsRuntime 1\.4/);
  assert.equal(wb().getCellState("A1").valueJson, undefined);
});

test("an unknown site is still #N/A with the reason", async () => {
  await type("A3", '=KALIBRATE.SITE("Atlantis Forecourt")');
  assert.equal(wb().getCellState("A3").error?.code, "#N/A");
});

test("PRICE, PRICEHISTORY, QUERY and LOOKUP return plain numbers", async () => {
  await type("D1", '=KALIBRATE.PRICE("Bristol High Street","Diesel")');
  await type("E1", '=KALIBRATE.PRICEHISTORY("Bristol High Street","Diesel","2025-05-01")');
  await type("H1", '=KALIBRATE.QUERY("Price","(entityVariant=Own)+(limit=2)","data.effectiveTime,data.price")');
  await type("K1", '=KALIBRATE.LOOKUP("Site","Bristol High Street","id.createdOn")');
  for (const address of ["D1", "E2", "F2", "H2", "I2", "K1"]) {
    const state = wb().getCellState(address);
    assert.equal(state.error, undefined, `${address} is not an error`);
    assert.equal(typeof state.value, "number", `${address} is a number`);
    assert.equal(state.valueJson, undefined, `${address} is a plain value`);
  }
});
