// The builder's suggestions (src/taskpane/builder/catalog.ts) agree with the one table of fields the sandbox
// generates and checks against Kalibrate's reference (src/sandbox/data/fields.ts): every data property the builder
// offers for a collection is a field its documents have, and every collection the builder offers has documents.
import assert from "node:assert/strict";
import { test } from "node:test";
import { COLLECTIONS } from "../../src/core/catalogue";
import { ID_FIELDS } from "../../src/core/table";
import { propertiesOf } from "../../src/taskpane/builder/catalog";
import { FIELDS } from "../../src/sandbox/data/fields";

/** The fields of every document kind of a collection (all its variants or entity types). */
function sandboxFields(collection: string): Set<string> {
  const tables = Object.entries(FIELDS).filter(
    ([key]) =>
      key.toLowerCase() === collection.toLowerCase() || key.toLowerCase().startsWith(`${collection.toLowerCase()}/`),
  );
  return new Set(tables.flatMap(([, table]) => Object.keys(table)));
}

test("every collection the builder offers is one the sandbox serves", () => {
  for (const collection of COLLECTIONS) assert.ok(sandboxFields(collection).size > 0, collection);
});

test("every data property the builder suggests is a field of that collection's documents", () => {
  const ids = new Set<string>(ID_FIELDS);
  const unknown: string[] = [];
  for (const collection of COLLECTIONS) {
    const fields = sandboxFields(collection);
    for (const property of propertiesOf(collection)) {
      if (ids.has(property)) continue;
      // "product.entityId" is the reference field `product`; "status.exported" a part of the object `status`.
      const head = property.split(".")[0];
      if (!fields.has(head)) unknown.push(`${collection}: ${property}`);
    }
  }
  assert.deepEqual(unknown, []);
});

test("the check fails on a property no document has", () => {
  assert.ok(!sandboxFields("Price").has("pumpColour"));
  assert.ok(sandboxFields("Price").has("price"));
});
