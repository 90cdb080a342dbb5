import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseDataRequest } from "../../src/relay/data-paths";

describe("which Data API calls the relay forwards", () => {
  test("documented collections, case-insensitive, with the raw query kept byte for byte", () => {
    const target = parseDataRequest("GET", "/api/data/sandbox/Price?query=(entityVariant=Own)+(limit=5)");
    assert.deepEqual(target, {
      environment: "sandbox",
      path: "/price",
      query: "query=(entityVariant=Own)+(limit=5)",
      kind: "query",
    });
    for (const collection of [
      "price",
      "pricerequest",
      "product",
      "productgroup",
      "reference",
      "site",
      "surveyhistory",
      "volume",
    ]) {
      assert.equal(parseDataRequest("GET", `/api/data/e/${collection.toUpperCase()}`)?.path, `/${collection}`);
    }
    assert.equal(
      parseDataRequest("GET", "/api/data/e/site?query=(name@=Shell%27s)+(x!=1)")?.query,
      "query=(name@=Shell%27s)+(x!=1)",
    );
  });

  test("reference types, status and import operations", () => {
    assert.equal(parseDataRequest("GET", "/api/data/e/reference/brand?query=(limit=0)")?.path, "/reference/brand");
    assert.equal(parseDataRequest("GET", "/api/data/e/Status")?.kind, "status");
    assert.deepEqual(parseDataRequest("GET", "/api/data/e/import/operations/3f0c-12ab"), {
      environment: "e",
      path: "/import/operations/3f0c-12ab",
      query: "",
      kind: "operation",
    });
  });

  test("the four import kinds, by POST only, under their documented names", () => {
    for (const kind of ["competitorPrice", "ownPrice", "salesVolume", "costBreakdown"]) {
      assert.equal(parseDataRequest("POST", `/api/data/e/import/${kind.toLowerCase()}`)?.path, `/import/${kind}`);
      assert.equal(parseDataRequest("GET", `/api/data/e/import/${kind}`), undefined);
    }
    assert.equal(parseDataRequest("POST", "/api/data/e/price"), undefined);
    assert.equal(parseDataRequest("POST", "/api/data/e/import/everything"), undefined);
  });

  test("every other path form is refused", () => {
    const refused = [
      "/api/data/e/prices",
      "/api/data/e/price/",
      "/api/data/e/reference%2Fbrand",
      "/api/data/e/reference%2fbrand",
      "/api/data/e/price%5C..",
      "/api/data/e/reference/../status",
      "/api/data/e/..",
      "/api/data/e/reference/brand1",
      "/api/data/e/reference/",
      "/api/data/e/@evil.example/price",
      "/api/data/e/price@evil.example",
      "/api/data/e/reference\\brand",
      "/api/data/e//price",
      "/api/data//price",
      "/api/data/e/http://evil.example/price",
      "http://evil.example/api/data/e/price",
      "//evil.example/api/data/e/price",
      "/api/data/e/import/operations/../../x",
      "/api/data/../token",
      "/api/data/e%2Fx/price",
    ];
    for (const url of refused) assert.equal(parseDataRequest("GET", url), undefined, url);
  });

  test("a query with a fragment, spaces or non-ASCII bytes is refused", () => {
    assert.equal(parseDataRequest("GET", "/api/data/e/price?query=(a=1)#x"), undefined);
    assert.equal(parseDataRequest("GET", "/api/data/e/price?query=(a= 1)"), undefined);
    assert.equal(parseDataRequest("GET", "/api/data/e/price?query=(a=é)"), undefined);
    assert.equal(parseDataRequest("GET", `/api/data/e/price?query=${"x".repeat(9000)}`), undefined);
  });
});
