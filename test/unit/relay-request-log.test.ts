// The relay's request line and request ids, through Fastify's inject(): the line is hand-built (not JSON.stringify of
// an object), so it must stay valid JSON whatever a note holds, and ids must stay unique and UUID-shaped.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import Fastify from "fastify";
import { noteForLog, requestIds, requestLog } from "../../src/relay/request-log";

async function appWithLog() {
  const lines: string[] = [];
  const app = Fastify({ logger: false, genReqId: requestIds() });
  await app.register(requestLog, { destination: { write: (line: string) => void lines.push(line) } });
  app.get("/noted", async (request) => {
    noteForLog(request, { environment: "sandpit", upstreamPath: '/price"\\\n' });
    noteForLog(request, { error: "upstream_502", detail: 'a "quoted"\nmessage' });
    return { ok: true };
  });
  await app.ready();
  return { app, lines };
}

describe("the request line", () => {
  test("is one JSON line per request with every note, escaped where a note needs it", async () => {
    const { app, lines } = await appWithLog();
    const reply = await app.inject({ method: "GET", url: "/noted" });
    assert.equal(reply.statusCode, 200);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(lines.length, 1);
    assert.ok(lines[0].endsWith("}\n") && !lines[0].slice(0, -1).includes("\n"), "one line");
    const line = JSON.parse(lines[0]);
    assert.equal(line.msg, "request");
    assert.equal(line.level, 30);
    assert.equal(line.route, "/noted");
    assert.equal(line.status, 200);
    assert.equal(line.environment, "sandpit");
    assert.equal(line.upstreamPath, '/price"\\\n');
    assert.equal(line.error, "upstream_502");
    assert.equal(line.detail, 'a "quoted"\nmessage');
    assert.equal(line.reqId, reply.headers["x-request-id"]);
    assert.equal(typeof line.durationMs, "number");
    await app.close();
  });

  test("names a request without a route and notes nothing it was not told", async () => {
    const { app, lines } = await appWithLog();
    await app.inject({ method: "GET", url: "/nowhere" });
    await new Promise((resolve) => setImmediate(resolve));
    const line = JSON.parse(lines[0]);
    assert.equal(line.status, 404);
    assert.equal(line.environment, undefined);
    assert.equal(line.error, undefined);
    await app.close();
  });
});

describe("request ids", () => {
  test("are UUID-shaped, unique within a process and differ between processes' generators", () => {
    const next = requestIds();
    const ids = Array.from({ length: 10_000 }, next);
    for (const id of [ids[0], ids[9_999]])
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new Set(ids).size, ids.length);
    const other = requestIds();
    assert.notEqual(other().slice(0, 24), ids[0].slice(0, 24), "each generator draws its own random prefix");
  });
});
