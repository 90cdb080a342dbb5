// OfficeRuntime.storage in the fake host: async string storage with the 10 MB per-domain quota.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel, installFakeOffice, StorageQuotaError } from "../../src/workbench/fake-excel";

describe("fake OfficeRuntime.storage", () => {
  it("stores, lists and removes string items", async () => {
    const { storage } = createFakeExcel().OfficeRuntime;
    await storage.setItem("a", "1");
    await storage.setItems({ b: "2", c: "3" });
    assert.equal(await storage.getItem("a"), "1");
    assert.equal(await storage.getItem("missing"), null);
    assert.deepEqual(await storage.getItems(["b", "missing"]), { b: "2", missing: null });
    await storage.removeItem("a");
    await storage.removeItems(["b"]);
    assert.deepEqual(await storage.getKeys(), ["c"]);
  });

  it("rejects non-string values instead of storing something else", async () => {
    const { storage } = createFakeExcel().OfficeRuntime;
    await assert.rejects(storage.setItem("n", 5 as unknown as string), TypeError);
    assert.deepEqual(await storage.getKeys(), []);
  });

  it("refuses writes past 10 MB and keeps what was there", async () => {
    const { storage } = createFakeExcel().OfficeRuntime;
    const fiveMb = "x".repeat(5 * 1024 * 1024);
    await storage.setItem("one", fiveMb);
    await assert.rejects(
      storage.setItems({ two: fiveMb, three: "y" }),
      (error: unknown) => error instanceof StorageQuotaError && /10485760 bytes/.test((error as Error).message),
    );
    assert.deepEqual(await storage.getKeys(), ["one"]);
    await storage.setItem("one", "small");
    await storage.setItem("two", fiveMb);
    assert.equal((await storage.getItem("two"))?.length, fiveMb.length);
  });

  it("is installed on a target with the Excel and CustomFunctions globals", () => {
    const target: Record<string, unknown> = {};
    const handle = installFakeOffice(target, { storageLimitBytes: 10 });
    assert.equal(target.OfficeRuntime, handle.OfficeRuntime);
    assert.equal(target.Excel, handle.Excel);
    assert.equal(target.CustomFunctions, handle.CustomFunctions);
    assert.equal(target.OfficeExtension, handle.OfficeExtension);
    assert.equal(handle.OfficeRuntime.storage.limitBytes, 10);
  });
});
