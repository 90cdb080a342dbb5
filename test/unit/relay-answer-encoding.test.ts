import { test } from "node:test";
import assert from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { answerEncoding, compressWhole } from "../../src/relay/answer-encoding";

test("a browser's Accept-Encoding gets brotli; gzip where brotli is not taken", () => {
  assert.equal(answerEncoding("gzip, deflate, br"), "br");
  assert.equal(answerEncoding("gzip, deflate"), "gzip");
  assert.equal(answerEncoding("GZIP"), "gzip");
  assert.equal(answerEncoding("*"), "br");
});

test("q-values decide: a refused encoding (q=0) is never chosen, the higher quality wins", () => {
  assert.equal(answerEncoding("br;q=0, gzip"), "gzip");
  assert.equal(answerEncoding("br;q=0.2, gzip;q=0.9"), "gzip");
  assert.equal(answerEncoding("gzip;q=0, br;q=0"), undefined);
});

test("no header, identity, or only encodings the relay does not make: sent as it came", () => {
  assert.equal(answerEncoding(undefined), undefined);
  assert.equal(answerEncoding(""), undefined);
  assert.equal(answerEncoding("identity"), undefined);
  assert.equal(answerEncoding("deflate, zstd"), undefined);
  assert.equal(answerEncoding(["gzip", "br"]), undefined);
});

test("many distinct headers (a hostile client) are still answered right after the cache is full", () => {
  for (let i = 0; i < 500; i++) answerEncoding(`x-${i}, gzip`);
  assert.equal(answerEncoding("br, gzip"), "br");
});

test("compressWhole round-trips for both encodings", () => {
  const body = Buffer.from(JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ i, price: 1.459 }))));
  assert.deepEqual(brotliDecompressSync(compressWhole(body, "br")), body);
  assert.deepEqual(gunzipSync(compressWhole(body, "gzip")), body);
  assert.ok(compressWhole(body, "br").length < body.length / 4);
});
