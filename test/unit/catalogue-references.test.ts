// The reference types agree across the add-in: the shared catalogue (src/core/catalogue.ts), what the query builder
// offers, where reference expansion points (src/core/table/references.ts), and what the sandbox serves and links to.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { REFERENCE_TYPES } from "../../src/core/catalogue";
import { REFERENCE_TARGETS } from "../../src/core/table";
import { REFERENCE_TYPES as BUILDER_TYPES, referenceColumns } from "../../src/taskpane/builder/catalog";
import { buildSandbox } from "../../src/sandbox/server";
import { generateData } from "../../src/sandbox/data/seed";
import type { KalibrateDocument } from "../../src/sandbox/data/documents";
import { loadConfig } from "../../src/sandbox/config";

const data = generateData({ seed: "catalogue", size: 3000 });
const COLLECTIONS = [
  "Price",
  "Product",
  "Site",
  "Reference",
  "Volume",
  "SurveyHistory",
  "PriceRequest",
  "ProductGroup",
];

/** The documents a reference target names, as the Data API would answer `target.collection` for that variant. */
function targetDocuments(collection: string, variant?: string): KalibrateDocument[] {
  const [name, type] = collection.split("/");
  const all = [...data.documents(name, type)];
  return variant ? all.filter((d) => d.id.entityVariant === variant) : all;
}

describe("reference types: catalogue, builder, expansion and sandbox agree", () => {
  it("the builder offers exactly the catalogue's reference types", () => {
    assert.deepEqual([...BUILDER_TYPES], [...REFERENCE_TYPES]);
  });

  it("every reference/<type> that expansion points at is a catalogue type", () => {
    const pointed = Object.values(REFERENCE_TARGETS)
      .map((t) => /^reference\/(.+)$/.exec(t.collection)?.[1])
      .filter((t): t is string => t !== undefined);
    assert.ok(pointed.includes("terminal") && pointed.includes("brand") && pointed.includes("area"));
    for (const type of pointed) assert.ok((REFERENCE_TYPES as readonly string[]).includes(type), type);
  });

  it("the sandbox holds every catalogue type in its Reference collection, and no other", () => {
    const served = data.referenceTypes().map((t) => t[0].toLowerCase() + t.slice(1));
    assert.deepEqual([...served].sort(), [...REFERENCE_TYPES].sort());
  });

  it("GET /api/reference/<type> answers each catalogue type with documents over HTTP inject", async () => {
    const app = await buildSandbox({ size: 1000 });
    try {
      const config = loadConfig();
      const [client] = config.clients;
      const issued = await app.inject({
        method: "POST",
        url: `/${config.tenantId}/oauth2/v2.0/token`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          client_id: client.clientId,
          client_secret: client.clientSecret,
          grant_type: "client_credentials",
          scope: client.scopes[0],
        }).toString(),
      });
      const token = (issued.json() as { access_token: string }).access_token;
      for (const type of REFERENCE_TYPES) {
        const response = await app.inject({
          url: `/api/reference/${type}?query=(limit=0)`,
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(response.statusCode, 200, `reference/${type}: ${response.body.slice(0, 200)}`);
        const documents = response.json() as KalibrateDocument[];
        assert.ok(documents.length > 0, `reference/${type} has documents`);
        assert.ok(documents.every((d) => d.id.entityType.toLowerCase() === type.toLowerCase()));
      }
    } finally {
      await app.close();
    }
  });

  it("every reference field the sandbox's documents carry resolves where expansion looks for it", () => {
    // Decision in references.ts: `product` means a Global product; a Price's or Volume's product is an Own or
    // Competitor product, which expansion does not look up.
    const notExpanded = new Set(["Price.product", "Volume.product"]);
    const indexes = new Map<string, Set<string>>();
    const unresolved: string[] = [];
    const seen = new Set<string>();
    for (const collection of COLLECTIONS) {
      for (const document of data.documents(collection)) {
        for (const [field, value] of Object.entries(document.data)) {
          if (value === null || typeof value !== "object" || Array.isArray(value) || !("entityId" in value)) continue;
          if (notExpanded.has(`${collection}.${field}`)) continue;
          const target = REFERENCE_TARGETS[field];
          if (!target) {
            unresolved.push(`${collection}.${field}: no entry in REFERENCE_TARGETS`);
            continue;
          }
          seen.add(field);
          const key = `${target.collection}|${target.variant ?? ""}`;
          let ids = indexes.get(key);
          if (!ids) {
            ids = new Set(targetDocuments(target.collection, target.variant).map((d) => d.id.entityId));
            indexes.set(key, ids);
          }
          if (!ids.has(value.entityId as string)) {
            unresolved.push(`${collection}.${field} ${value.entityId as string} not in ${key}`);
          }
        }
      }
    }
    assert.deepEqual([...new Set(unresolved)].slice(0, 10), []);
    for (const field of ["brand", "terminal", "area", "product", "site", "competitorSite", "ownSite"]) {
      assert.ok(seen.has(field), `some sandbox document references a ${field}`);
    }
  });

  it("the builder offers name and importCode through every reference field", () => {
    for (const field of Object.keys(REFERENCE_TARGETS)) {
      assert.deepEqual(referenceColumns(`data.${field}.entityId`), [`data.${field}.name`, `data.${field}.importCode`]);
    }
  });
});
