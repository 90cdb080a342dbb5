import { test } from "node:test";
import assert from "node:assert/strict";
import { loadOnce } from "../../src/core/util";

test("every caller waits for the same load", async () => {
  let loads = 0;
  const load = loadOnce(async () => ++loads);
  assert.deepEqual(await Promise.all([load(), load(), load()]), [1, 1, 1]);
  assert.equal(await load(), 1);
  assert.equal(loads, 1);
});

test("a failed load is tried again by the next caller, and its callers all see the failure", async () => {
  let loads = 0;
  const load = loadOnce(async () => {
    loads++;
    if (loads === 1) throw new Error("Loading chunk functions-work failed.");
    return "loaded";
  });
  const first = await Promise.allSettled([load(), load()]);
  assert.deepEqual(
    first.map((outcome) => outcome.status),
    ["rejected", "rejected"],
  );
  assert.equal(await load(), "loaded");
  assert.equal(loads, 2);
});
