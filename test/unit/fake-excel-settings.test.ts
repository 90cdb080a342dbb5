// Document settings and custom XML parts in the fake Excel host.
/* eslint-disable office-addins/load-object-before-read, office-addins/no-context-sync-in-loop --
   ClientResult values (getXml, getCount) need a sync, not a load; the loop runs one separate batch per bad input. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createFakeExcel } from "../../src/workbench/fake-excel";

describe("fake Excel settings", () => {
  it("stores JSON-serialisable values, returns copies, and keeps dates as dates", async () => {
    const { Excel, workbook } = createFakeExcel();
    const when = new Date("2024-05-01T10:00:00Z");
    const value = { env: "sandbox", scopes: ["a"], when };
    await Excel.run(async (context) => {
      context.workbook.settings.add("conn", value);
      await context.sync();
    });
    value.scopes.push("mutated after add");
    await Excel.run(async (context) => {
      const setting = context.workbook.settings.getItem("conn").load("key, value");
      await context.sync();
      assert.equal(setting.key, "conn");
      assert.deepEqual(setting.value, { env: "sandbox", scopes: ["a"], when });
      assert.ok((setting.value as { when: unknown }).when instanceof Date);
    });
    assert.deepEqual(Object.keys(workbook.settings()), ["conn"]);
  });

  it("drops what JSON cannot carry, as the wire does", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      context.workbook.settings.add("s", { keep: 1, fn: () => 1, missing: undefined });
      const setting = context.workbook.settings.getItem("s").load("value");
      await context.sync();
      assert.deepEqual(setting.value, { keep: 1 });
    });
  });

  it("lists, replaces and deletes settings; a missing key is ItemNotFound or a null object", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      context.workbook.settings.add("a", 1);
      context.workbook.settings.add("b", 2);
      context.workbook.settings.add("a", 3);
      const all = context.workbook.settings.load("items");
      await context.sync();
      assert.deepEqual(
        all.items.map((s) => [s.key, s.value]),
        [
          ["a", 3],
          ["b", 2],
        ],
      );
      context.workbook.settings.getItem("a").delete();
      const gone = context.workbook.settings.getItemOrNullObject("a");
      await context.sync();
      assert.equal(gone.isNullObject, true);
    });
    await assert.rejects(
      Excel.run(async (context) => {
        context.workbook.settings.getItem("a").load("value");
        await context.sync();
      }),
      { code: "ItemNotFound" },
    );
  });
});

describe("fake Excel custom XML parts", () => {
  const NS = "urn:kalibrate:report";
  const XML = `<?xml version="1.0"?><report xmlns="${NS}"><query>prices</query></report>`;

  it("adds a part, finds it by id and namespace, and reads its XML", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      const part = context.workbook.customXmlParts.add(XML).load("id, namespaceUri");
      await context.sync();
      assert.match(part.id, /^\{[0-9A-F-]{36}\}$/);
      assert.equal(part.namespaceUri, NS);
      const byId = context.workbook.customXmlParts.getItem(part.id);
      const xml = byId.getXml();
      const scoped = context.workbook.customXmlParts.getByNamespace(NS);
      const count = scoped.getCount();
      const only = scoped.getOnlyItem().load("id");
      await context.sync();
      assert.equal(xml.value, XML);
      assert.equal(count.value, 1);
      assert.equal(only.id, part.id);
    });
  });

  it("replaces a part's XML and deletes parts", async () => {
    const { Excel } = createFakeExcel();
    await Excel.run(async (context) => {
      const part = context.workbook.customXmlParts.add(XML).load("id");
      await context.sync();
      part.setXml(`<report xmlns="${NS}"><query>sites</query></report>`);
      const xml = part.getXml();
      await context.sync();
      assert.match(xml.value, /sites/);
      part.delete();
      const missing = context.workbook.customXmlParts.getItemOrNullObject(part.id);
      const none = context.workbook.customXmlParts.getByNamespace(NS).getOnlyItemOrNullObject();
      await context.sync();
      assert.equal(missing.isNullObject, true);
      assert.equal(none.isNullObject, true);
    });
  });

  it("refuses XML that is not well-formed", async () => {
    const { Excel } = createFakeExcel();
    for (const bad of ["<a><b></a>", "no markup", "<a/><b/>"]) {
      await assert.rejects(
        Excel.run(async (context) => {
          context.workbook.customXmlParts.add(bad);
          await context.sync();
        }),
        { code: "InvalidArgument" },
        bad,
      );
    }
  });
});
