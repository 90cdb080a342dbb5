// Every Office.js API the add-in calls, with the requirement set its @types/office-js declaration names; a use above
// the floor the manifest declares must sit behind an isSetSupported guard (src/dev/api-requirement-sets.ts says
// exactly what counts). The list is printed as test diagnostics.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  addinProgramInputs,
  officeApiUses,
  unguardedAboveFloor,
  withinFloor,
  type ApiUse,
} from "../../src/dev/api-requirement-sets";
import { declaredRequirementSets } from "../../src/dev/manifest-rules";

const floor = declaredRequirementSets(readFileSync("manifest.xml", "utf8"));
const describe = (use: ApiUse) =>
  `${use.api} — ${use.sets.map((s) => `${s.set} ${s.version}`).join(", ")}${use.guard ? ` — guarded (${use.guard})` : ""} — ${use.file}:${use.line}`;

test("every Office.js API the add-in calls is within the manifest's floor or guarded", (t) => {
  const { files, options } = addinProgramInputs();
  const uses = officeApiUses(files, options);
  const apis = new Map(uses.map((use) => [use.api, use]));
  for (const use of apis.values()) t.diagnostic(describe(use));
  assert.ok(apis.size > 30, `only ${apis.size} APIs found: the check is not resolving calls`);
  for (const api of ["Excel.Table.resize", "Excel.Range.getSpillParentOrNullObject"]) {
    const above = uses.filter((use) => use.api === api);
    assert.ok(above.length > 0, `${api} is no longer called: update this test`);
    assert.ok(
      above.every((use) => !withinFloor(use, floor) && use.guard),
      `${api} must be guarded`,
    );
  }
  assert.deepEqual(unguardedAboveFloor(uses, floor).map(describe), []);
});

test("the check catches an unguarded call above the floor and accepts a guarded one", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "api-sets-"));
  const file = path.join(dir, "planted.ts");
  writeFileSync(
    file,
    [
      "declare function isExcelApiSupported(version: string): boolean;",
      "export function grow(table: Excel.Table, range: Excel.Range) {",
      "  table.resize(range);",
      "}",
      "export function guarded(table: Excel.Table, range: Excel.Range) {",
      '  if (isExcelApiSupported("1.13")) table.resize(range);',
      "}",
      "export function tooLowAGuard(table: Excel.Table, range: Excel.Range) {",
      '  if (isExcelApiSupported("1.12")) table.resize(range);',
      "}",
      "export function withinTheFloor(range: Excel.Range) {",
      "  return range.getSpecialCellsOrNullObject(Excel.SpecialCellType.formulas);",
      "}",
    ].join("\n"),
  );
  const uses = officeApiUses([file], {
    strict: true,
    types: ["office-js"],
    typeRoots: [path.resolve("node_modules/@types")],
  });
  const unguarded = unguardedAboveFloor(uses, floor).map((use) => `${use.api}:${use.line}`);
  assert.deepEqual(unguarded, ["Excel.Table.resize:3", "Excel.Table.resize:9"]);
  assert.ok(uses.some((use) => use.api === "Excel.Table.resize" && use.line === 6 && use.guard === "ExcelApi 1.13"));
  assert.ok(uses.some((use) => use.api === "Excel.Range.getSpecialCellsOrNullObject" && withinFloor(use, floor)));
});
