// The import graph of src has no cycle: a module in a cycle may see another's exports before they are initialised,
// and a cycle means two rooms that cannot be understood apart. Type-only imports are erased by the compiler and left
// out (test/support/import-graph.ts says why).
import assert from "node:assert/strict";
import { test } from "node:test";
import { cycles, runtimeImports, srcRoot } from "../support/import-graph";

test("no module in src imports itself through others", () => {
  const graph = runtimeImports(srcRoot);
  assert.ok(graph.size > 100, `the graph covers src (${graph.size} files)`);
  assert.deepEqual(cycles(graph), []);
});

test("the cycle finder finds a planted cycle and ignores type-only imports", () => {
  const graph = new Map([
    ["a.ts", ["b.ts"]],
    ["b.ts", ["c.ts"]],
    ["c.ts", ["a.ts"]],
    ["d.ts", ["a.ts"]],
  ]);
  assert.deepEqual(cycles(graph), [["a.ts", "b.ts", "c.ts"]]);
  // The fake host's worksheet proxy imports the range proxy; range proxies reach worksheets only through the context
  // and name the worksheet type with `import type`, which the graph leaves out.
  const real = runtimeImports(srcRoot);
  assert.ok(real.get("workbench/fake-excel/worksheet-proxy.ts")?.includes("workbench/fake-excel/range-proxy.ts"));
  assert.ok(!real.get("workbench/fake-excel/range-proxy.ts")?.includes("workbench/fake-excel/worksheet-proxy.ts"));
});
