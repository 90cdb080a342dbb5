// The README's tutorial queries, exactly as the README writes them, typed into the fake host's calc engine and
// answered through the relay by the sandbox: every column they show has data (the Sandpit template's own queries
// show data in each one), so the sandbox's documents are whole enough for a first impression.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { installFakeOffice, type FakeExcelHandle } from "../../src/workbench/fake-excel";
import { startStack, type Stack } from "../support/stack";
import type { Runtime } from "../../src/runtime";

let stack: Stack;
let host: FakeExcelHandle;
let rt: Runtime;

/** The formulas in the README's "tutorial queries become one cell each" block. */
function tutorialFormulas(): string[] {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const at = readme.indexOf("tutorial queries become one cell each");
  assert.ok(at >= 0, "the README has the tutorial queries");
  const block = readme.slice(readme.indexOf("```", at) + 3, readme.indexOf("```", readme.indexOf("```", at) + 3));
  return block
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("=KALIBRATE.QUERY("));
}

before(async () => {
  stack = await startStack();
  await import("../../src/runtime").then(({ createRuntime, setRuntime }) => setRuntime(createRuntime(stack.relayUrl)));
  host = installFakeOffice(globalThis);
  const fns = await import("../../src/functions/functions");
  host.registerFunctions({ QUERY: fns.query });
  rt = (await import("../../src/runtime")).runtime();
  await rt.tokens.connect(stack.reader);
});
after(async () => {
  await stack?.close();
});

const empty = (value: unknown) => value === "" || value === null || value === undefined;

describe("the README's tutorial queries", () => {
  const formulas = tutorialFormulas();

  test("there are three, the Sandpit template's own product, own site and brand queries", () => {
    assert.equal(formulas.length, 3);
  });

  for (const formula of formulas) {
    test(`${formula} shows data in every column`, async () => {
      const wb = host.workbook;
      wb.setCell("A1", formula);
      await wb.idle();
      await rt.idle();
      assert.equal(wb.getCellState("A1").error, undefined, JSON.stringify(wb.getCellState("A1").error));
      const values = wb.getValues("A1:ZZ2000");
      const headers = values[0].filter((h) => !empty(h));
      const rows = values.slice(1).filter((row) => !empty(row[0]) || row.some((v) => !empty(v)));
      assert.ok(rows.length > 5, `${rows.length} rows`);
      const allEmpty = headers.filter((_, c) => rows.every((row) => empty(row[c])));
      assert.deepEqual(allEmpty, [], "no column is empty on every row");
      // The columns the query names are the point of the query: every row has them, except a site without a brand.
      if (/"id\.entityId,data\.name,data\.product\.name"/.test(formula)) {
        for (const row of rows)
          assert.ok(
            row.slice(0, 3).every((v) => !empty(v)),
            JSON.stringify(row.slice(0, 3)),
          );
      }
      if (/"data\.name,data\.brand\.name"/.test(formula)) {
        const branded = rows.filter((row) => !empty(row[1])).length;
        assert.ok(branded >= rows.length * 0.9, `${branded} of ${rows.length} sites show a brand`);
      }
      wb.setCell("A1", "");
      await wb.idle();
    });
  }
});
