// Fault injection and the request log over real HTTP: each fault kind, prefix matching, counts, the token-endpoint
// outage shape, and a log that never holds a secret.

import { after, afterEach, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/server";
import { sandboxToken } from "../support/sandbox-token";

let sandbox: RunningSandbox;
let bearer: string;
let secret: string;

async function token(): Promise<string> {
  const client = sandbox.config.clients[0];
  secret = client.clientSecret;
  return sandboxToken(sandbox.tokenUrl, client);
}

before(async () => {
  sandbox = await startSandbox({ port: 0, size: 2000 });
  bearer = await token();
});

afterEach(async () => {
  await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});

after(() => sandbox.close());

async function addFault(fault: Record<string, unknown>) {
  const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function priceQuery(): Promise<Response> {
  return fetch(`${sandbox.apiUrl}/price?query=(limit=5)`, { headers: { authorization: `Bearer ${bearer}` } });
}

interface Logged {
  method: string;
  url: string;
  status: number | null;
  time: string;
  fault?: string;
}

async function requestLog(): Promise<Logged[]> {
  return (await (await fetch(`${sandbox.url}/_sandbox/requests`)).json()) as Logged[];
}

describe("status faults", () => {
  it("answers the given status with Retry-After for `times` requests, then recovers", async () => {
    const added = await addFault({ path: "/api/price", kind: "status", status: 429, retryAfter: 1, times: 2 });
    assert.equal(added.status, 201);
    assert.equal(added.body.remaining, 2);
    for (let i = 0; i < 2; i++) {
      const response = await priceQuery();
      assert.equal(response.status, 429);
      assert.equal(response.headers.get("retry-after"), "1");
      assert.match(response.headers.get("x-correlation-id") ?? "", /^[0-9a-f-]{36}$/);
      const body = (await response.json()) as { error: string; message: string };
      assert.equal(body.error, "TooManyRequests");
      assert.match(body.message, /retry after 1 s/);
    }
    assert.equal((await priceQuery()).status, 200);
  });

  it("matches the path as a case-insensitive prefix, and only that prefix", async () => {
    await addFault({ path: "/API/PRICE", kind: "status", status: 503 });
    assert.equal((await priceQuery()).status, 503);
    const other = await fetch(`${sandbox.apiUrl}/PriceRequest?query=(limit=1)`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(other.status, 503, "/api/price is a prefix of /api/pricerequest");
    const site = await fetch(`${sandbox.apiUrl}/site?query=(limit=1)`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(site.status, 200);
  });

  it("without `times` lasts until cleared", async () => {
    await addFault({ path: "/api/price", kind: "status", status: 500 });
    for (let i = 0; i < 3; i++) assert.equal((await priceQuery()).status, 500);
    const listed = (await (await fetch(`${sandbox.url}/_sandbox/faults`)).json()) as {
      hits: number;
      remaining: null;
    }[];
    assert.equal(listed.length, 1);
    assert.equal(listed[0].hits, 3);
    assert.equal(listed[0].remaining, null);
    assert.equal((await fetch(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" })).status, 204);
    assert.equal((await priceQuery()).status, 200);
  });

  it("with `after` lets that many matching requests through first, then fails (a paged read failing halfway)", async () => {
    const added = await addFault({ path: "/api/price", kind: "status", status: 500, after: 2, times: 1 });
    assert.equal(added.status, 201);
    assert.equal(added.body.after, 2);
    assert.equal(added.body.waiting, 2);
    const site = await fetch(`${sandbox.apiUrl}/site?query=(limit=1)`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(site.status, 200, "requests that do not match do not count");
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await priceQuery()).status);
    assert.deepEqual(statuses, [200, 200, 500, 200]);
    const rejected = await addFault({ path: "/api/price", kind: "status", after: -1 });
    assert.equal(rejected.status, 400);
  });

  it("on the token path models an outage in Azure AD's error shape", async () => {
    await addFault({ path: new URL(sandbox.tokenUrl).pathname, kind: "status", status: 503, retryAfter: 2, times: 1 });
    const client = sandbox.config.clients[0];
    const form = new URLSearchParams({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      grant_type: "client_credentials",
      scope: client.scopes[0],
    });
    const down = await fetch(sandbox.tokenUrl, { method: "POST", body: form });
    assert.equal(down.status, 503);
    assert.equal(down.headers.get("retry-after"), "2");
    const body = (await down.json()) as { error: string; error_codes: number[]; error_description: string };
    assert.equal(body.error, "temporarily_unavailable");
    assert.match(body.error_description, /^AADSTS\d+: .*\r\nTrace ID: /s);
    assert.equal((await fetch(sandbox.tokenUrl, { method: "POST", body: form })).status, 200);
  });
});

describe("latency, drop and truncate faults", () => {
  it("latency delays the answer by at least latencyMs, which is otherwise normal", async () => {
    await addFault({ path: "/api/price", kind: "latency", latencyMs: 300, times: 1 });
    const started = performance.now();
    const response = await priceQuery();
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as unknown[]).length, 5);
    assert.ok(performance.now() - started >= 295, "the answer came before the injected delay");
  });

  it("latency can precede a status fault", async () => {
    await addFault({ path: "/api/price", kind: "status", status: 502, latencyMs: 200, times: 1 });
    const started = performance.now();
    assert.equal((await priceQuery()).status, 502);
    assert.ok(performance.now() - started >= 195);
  });

  it("drop destroys the connection without an answer", async () => {
    await addFault({ path: "/api/price", kind: "drop", times: 1 });
    await assert.rejects(priceQuery(), TypeError);
    assert.equal((await priceQuery()).status, 200);
    const dropped = (await requestLog()).filter((entry) => entry.fault === "drop");
    assert.equal(dropped.length, 1);
    assert.equal(dropped[0].status, null);
  });

  it("truncate sends the real headers and half the body, then closes", async () => {
    await addFault({ path: "/api/price", kind: "truncate", times: 1 });
    const url = new URL(`${sandbox.apiUrl}/price?query=(limit=5)`);
    const result = await new Promise<{ status: number; length: number; received: number; aborted: boolean }>(
      (resolve, reject) => {
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname + url.search,
            headers: { authorization: `Bearer ${bearer}` },
          },
          (res) => {
            let received = 0;
            let aborted = false;
            res.on("data", (chunk: Buffer) => (received += chunk.length));
            res.on("aborted", () => (aborted = true));
            res.on("error", () => (aborted = true));
            res.on("close", () =>
              resolve({
                status: res.statusCode ?? 0,
                length: Number(res.headers["content-length"]),
                received,
                aborted,
              }),
            );
          },
        );
        req.on("error", reject);
        req.end();
      },
    );
    assert.equal(result.status, 200);
    assert.ok(result.length > 100);
    assert.equal(result.received, Math.floor(result.length / 2));
    assert.ok(result.aborted, "the client should see the connection end early");
    await assert.rejects(async () => {
      await addFault({ path: "/api/price", kind: "truncate", times: 1 });
      const response = await priceQuery();
      await response.json();
    });
    assert.equal((await priceQuery()).status, 200);
  });
});

describe("the fault API", () => {
  it("rejects unknown kinds, unknown fields, relative paths and latency without a delay", async () => {
    assert.equal((await addFault({ path: "/api", kind: "explode" })).status, 400);
    const unknown = await addFault({ path: "/api", kind: "status", time: 3 });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message as string, /Unknown field "time"/);
    assert.equal((await addFault({ path: "api/price", kind: "drop" })).status, 400);
    assert.equal((await addFault({ path: "/api", kind: "latency" })).status, 400);
    assert.equal((await addFault({ kind: "drop" })).status, 400);
  });
});

describe("the request log", () => {
  it("records method, raw URL, status and time; never the bearer or the client secret", async () => {
    await fetch(`${sandbox.url}/_sandbox/requests`, { method: "DELETE" });
    await token();
    await fetch(`${sandbox.apiUrl}/site?query=(entityVariant=Own)+(limit=2)`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    await fetch(`${sandbox.apiUrl}/site?query=(limit=abc)`, { headers: { authorization: `Bearer ${bearer}` } });
    await fetch(`${sandbox.apiUrl}/status?client_secret=leaked&x=1`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    const log = await requestLog();
    assert.deepEqual(
      log.map((entry) => [entry.method, entry.url, entry.status]),
      [
        ["POST", new URL(sandbox.tokenUrl).pathname, 200],
        ["GET", "/api/site?query=(entityVariant=Own)+(limit=2)", 200],
        ["GET", "/api/site?query=(limit=abc)", 400],
        ["GET", "/api/status?client_secret=***&x=1", 200],
      ],
    );
    for (const entry of log) assert.ok(!Number.isNaN(Date.parse(entry.time)));
    const text = JSON.stringify(log);
    assert.ok(!text.includes(secret), "the client secret must not be logged");
    assert.ok(!text.includes(bearer.split(".")[2]), "the bearer token must not be logged");
    assert.ok(!text.includes("leaked"));
    assert.ok(!text.includes("_sandbox"), "admin calls are not logged");
  });

  it("marks answers shaped by a fault, and DELETE empties it", async () => {
    await addFault({ path: "/api/price", kind: "status", status: 429, times: 1 });
    await priceQuery();
    const last = (await requestLog()).at(-1)!;
    assert.equal(last.status, 429);
    assert.equal(last.fault, "status");
    assert.equal((await fetch(`${sandbox.url}/_sandbox/requests`, { method: "DELETE" })).status, 204);
    assert.deepEqual(await requestLog(), []);
  });
});
