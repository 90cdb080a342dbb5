// How the relay serves the built add-in: content-hashed files as immutable for a year, everything named by a fixed
// URL (the page, functions.js / functions.json the manifest names, the manifest, Office.js) revalidated every time.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { registerStaticFiles } from "../../src/relay/static-files";

describe("static files", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "kalibrate-static-"));
  let app: FastifyInstance;
  before(async () => {
    mkdirSync(path.join(dir, "office-js"));
    for (const file of [
      "taskpane.html",
      "functions.js",
      "functions.json",
      "manifest.xml",
      "vendor.0123456789ab.js",
      "vendor.0123456789ab.js.map",
      "office-js/office.js",
      "not-a-hash.js",
    ]) {
      writeFileSync(path.join(dir, file), `/* ${file} */`);
    }
    app = Fastify();
    await registerStaticFiles(app, dir);
    await app.ready();
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a content-hashed script and its map are cached for a year, immutable", async () => {
    for (const url of ["/vendor.0123456789ab.js", "/vendor.0123456789ab.js.map"]) {
      const reply = await app.inject(url);
      assert.equal(reply.statusCode, 200, url);
      assert.equal(reply.headers["cache-control"], "public, max-age=31536000, immutable", url);
    }
  });

  test("files named by a fixed URL are revalidated every time", async () => {
    for (const url of [
      "/taskpane.html",
      "/functions.js",
      "/functions.json",
      "/manifest.xml",
      "/office-js/office.js",
      "/not-a-hash.js",
    ]) {
      const reply = await app.inject(url);
      assert.equal(reply.statusCode, 200, url);
      assert.equal(reply.headers["cache-control"], "no-cache", url);
    }
    const page = await app.inject("/taskpane.html");
    const again = await app.inject({ url: "/taskpane.html", headers: { "if-none-match": String(page.headers.etag) } });
    assert.equal(again.statusCode, 304);
  });
});
