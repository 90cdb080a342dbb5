// The relay as an attacker on the open internet meets it, over real loopback sockets against a scripted upstream
// (a tiny node:http server here): each test first mounts the attack that broke an earlier relay, then checks the
// relay holds. Loops are bounded; waits end on an event or a bounded deadline, never on a duration being short.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { startRelay, type RunningRelay } from "../../src/relay/server";
import type { RelayConfig } from "../../src/relay/config";
import { json, request as call } from "../support/raw-http";

type Script = (request: IncomingMessage, response: ServerResponse) => void;

const CLIENT = {
  environment: "up",
  clientId: "client-1",
  clientSecret: "Right-Secret-Value!",
  scope: "api://x/.default",
};
const tokenBody = (overrides: Record<string, string> = {}) => JSON.stringify({ ...CLIENT, ...overrides });
const JSON_HEADERS = { "content-type": "application/json" };

/** Resolves when `check` holds, polling every 20 ms; fails after `limitMs` (a bound, not a speed claim). */
async function eventually(check: () => boolean, limitMs: number, what: string) {
  const giveUp = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > giveUp) assert.fail(`${what} did not happen within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("relay under attack", () => {
  let upstream: http.Server;
  let upstreamUrl: string;
  let script: Script;
  let tokenCalls = 0;
  let relay: RunningRelay;
  let logs = "";
  const sockets = new Set<net.Socket>();

  // The token endpoint: the right secret gets a fresh token, anything else is invalid_client.
  let tokenLatencyMs = 0;
  let issued = 0;
  function tokenEndpoint(request: IncomingMessage, response: ServerResponse) {
    tokenCalls++;
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      setTimeout(() => {
        response.setHeader("content-type", "application/json");
        if (form.get("client_secret") === CLIENT.clientSecret) {
          response.end(JSON.stringify({ access_token: `token-${++issued}`, token_type: "Bearer", expires_in: 3600 }));
        } else {
          response.statusCode = 401;
          response.end(
            JSON.stringify({
              error: "invalid_client",
              error_description: "AADSTS7000215: Invalid client secret provided.",
            }),
          );
        }
      }, tokenLatencyMs);
    });
  }

  before(async () => {
    upstream = http.createServer((request, response) => {
      if (request.url?.includes("/oauth2/")) return tokenEndpoint(request, response);
      script(request, response);
    });
    upstream.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const config: RelayConfig = {
      environments: [
        {
          id: "up",
          label: "Scripted",
          production: false,
          tokenUrl: `${upstreamUrl}/tenant/oauth2/v2.0/token`,
          dataApiUrl: `${upstreamUrl}/base/api`,
        },
      ],
      allowedOrigins: ["https://addin.example.com"],
      requestTimeoutMs: 1500,
      importBodyLimitBytes: 64 * 1024,
    };
    const logStream = new PassThrough();
    logStream.on("data", (chunk: Buffer) => (logs += chunk.toString("utf8")));
    relay = await startRelay({ config, port: 0, logStream, upstreamTimeoutMs: 2000 });
  });

  after(async () => {
    await relay?.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  beforeEach(() => {
    tokenLatencyMs = 0;
    script = (request, response) => {
      request.resume();
      request.on("end", () => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end("[]");
      });
    };
  });

  const relayPort = () => Number(new URL(relay.url).port);

  /** Opens a raw connection, writes `head`, and resolves with everything the relay sends until it closes. */
  function rawExchange(head: string, options: { keepWriting?: (socket: net.Socket) => void } = {}) {
    return new Promise<{ text: string; closed: true }>((resolve, reject) => {
      const socket = net.connect(relayPort(), "127.0.0.1");
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString("latin1")));
      socket.on("error", () => undefined);
      socket.on("close", () => resolve({ text, closed: true }));
      socket.on("connect", () => {
        socket.write(head);
        options.keepWriting?.(socket);
      });
      setTimeout(() => {
        socket.destroy();
        reject(new Error("the relay kept the connection open"));
      }, 15_000).unref();
    });
  }

  test("an import without a bearer token is refused before a byte of its body is read (O(1) for junk)", async () => {
    let upstreamHits = 0;
    script = (_request, response) => {
      upstreamHits++;
      response.end();
    };
    // Declares 60 KB but sends none of it: a relay that reads the body first would wait for the request timeout.
    const reply = await rawExchange(
      "POST /api/data/up/import/ownPrice HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n",
    );
    assert.match(reply.text, /^HTTP\/1\.1 401 /);
    assert.match(reply.text, /missing_token/);
    assert.equal(upstreamHits, 0);
  });

  test("an import is streamed, not buffered: the Data API's early refusal comes back before the body is complete", async () => {
    let received = 0;
    script = (request, response) => {
      request.once("data", (chunk: Buffer) => {
        received += chunk.length;
        response.writeHead(401, { "content-type": "application/json" });
        response.end('{"message":"token refused"}');
      });
    };
    // 1 KB of a 50 KB body, then nothing: only a streaming relay can answer now.
    const first = `[${"{},".repeat(340)}`;
    const reply = await rawExchange(
      `POST /api/data/up/import/ownPrice HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\nContent-Type: application/json\r\nContent-Length: 50000\r\n\r\n${first}`,
    );
    assert.match(reply.text, /^HTTP\/1\.1 401 /);
    assert.match(reply.text, /token refused/);
    assert.ok(received > 0 && received <= first.length, `upstream saw ${received} bytes`);
  });

  test("imports over the per-batch cap are refused: by Content-Length at once, when chunked as soon as the cap passes", async () => {
    let upstreamBytes = 0;
    script = (request, response) => {
      request.on("data", (chunk: Buffer) => (upstreamBytes += chunk.length));
      request.on("end", () => response.end("{}"));
      request.on("error", () => undefined);
    };
    const declared = await rawExchange(
      `POST /api/data/up/import/ownPrice HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\nContent-Type: application/json\r\nContent-Length: ${200 * 1024}\r\n\r\n[`,
    );
    assert.match(declared.text, /^HTTP\/1\.1 413 /);
    assert.match(declared.text, /body_too_large/);
    assert.equal(upstreamBytes, 0);
    // Chunked, no length: the relay forwards up to the cap, then cuts the upstream request and answers 413.
    const chunk = `${"{},".repeat(3000)}`;
    const chunked = await rawExchange(
      "POST /api/data/up/import/ownPrice HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
      {
        keepWriting: (socket) => {
          socket.write(`1\r\n[\r\n`);
          for (let i = 0; i < 10; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
        },
      },
    );
    assert.match(chunked.text, /^HTTP\/1\.1 413 /);
    assert.ok(upstreamBytes <= 64 * 1024, `upstream saw ${upstreamBytes} bytes`);
  });

  test("a body that does not start like JSON records is refused from its first bytes", async () => {
    for (const body of ["{nope", "hello", "   ", "<html>"]) {
      const reply = await call(relay.url, "/api/data/up/import/ownPrice", {
        method: "POST",
        headers: { authorization: "Bearer t", ...JSON_HEADERS },
        body,
      });
      assert.equal(reply.status, 400, body);
    }
  });

  test("100 concurrent wrong guesses with 200 ms token-endpoint latency: at most 10 reach the token endpoint", async () => {
    tokenLatencyMs = 200;
    const before = tokenCalls;
    const clientId = "guessed-client";
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call(relay.url, "/api/token", {
          method: "POST",
          headers: JSON_HEADERS,
          body: tokenBody({ clientId, clientSecret: `guess-${i}` }),
        }),
      ),
    );
    assert.ok(tokenCalls - before <= 10, `${tokenCalls - before} guesses reached the token endpoint`);
    assert.equal(replies.filter((reply) => reply.status === 200).length, 0);
    assert.ok(replies.filter((reply) => reply.status === 429).length >= 90);
    // The right secret, tried now, is refused too: the budget is spent and no token was cached before.
    const right = await call(relay.url, "/api/token", {
      method: "POST",
      headers: JSON_HEADERS,
      body: tokenBody({ clientId }),
    });
    assert.equal(right.status, 429);
  });

  test("the owner of a cached token keeps getting it while a guesser who knows the client id is refused", async () => {
    const clientId = "owned-client";
    const owner = await call(relay.url, "/api/token", {
      method: "POST",
      headers: JSON_HEADERS,
      body: tokenBody({ clientId }),
    });
    assert.equal(owner.status, 200);
    const before = tokenCalls;
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(relay.url, "/api/token", {
          method: "POST",
          headers: JSON_HEADERS,
          body: tokenBody({ clientId: clientId.toUpperCase(), clientSecret: `guess-${i}` }),
        }),
      ),
    );
    assert.ok(tokenCalls - before <= 10);
    assert.ok(guesses.every((reply) => reply.status === 401 || reply.status === 429));
    // No lock-out: the owner's secret still opens its cached token. No oracle: a guess is answered alike either way.
    const again = await call(relay.url, "/api/token", {
      method: "POST",
      headers: JSON_HEADERS,
      body: tokenBody({ clientId }),
    });
    assert.equal(again.status, 200);
    assert.equal(json(again).accessToken, json(owner).accessToken);
    const guess = await call(relay.url, "/api/token", {
      method: "POST",
      headers: JSON_HEADERS,
      body: tokenBody({ clientId, clientSecret: "one-more-guess" }),
    });
    assert.equal(guess.status, 429);
  });

  test("a blocked client id stays blocked after 10,000 other client ids have failed", async () => {
    const blocked = "blocked-client";
    for (let i = 0; i < 10; i++) {
      const reply = await call(relay.url, "/api/token", {
        method: "POST",
        headers: JSON_HEADERS,
        body: tokenBody({ clientId: blocked, clientSecret: `guess-${i}` }),
      });
      assert.equal(reply.status, 401);
    }
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    let next = 0;
    const flood = async () => {
      while (next < 10_000) {
        const id = next++;
        await new Promise<void>((resolve, reject) => {
          const body = tokenBody({ clientId: `junk-${id}`, clientSecret: "x" });
          const outgoing = http.request(
            `${relay.url}/api/token`,
            { method: "POST", agent, headers: { ...JSON_HEADERS, "content-length": Buffer.byteLength(body) } },
            (response) => response.resume().on("end", resolve),
          );
          outgoing.on("error", reject);
          outgoing.end(body);
        });
      }
    };
    await Promise.all(Array.from({ length: 32 }, flood));
    agent.destroy();
    const after = await call(relay.url, "/api/token", {
      method: "POST",
      headers: JSON_HEADERS,
      body: tokenBody({ clientId: blocked, clientSecret: "guess-after-flood" }),
    });
    assert.equal(after.status, 429);
  });

  test("slow dribble: 50 connections sending a body byte every 300 ms are all closed by the request timeout", async () => {
    const closed: boolean[] = [];
    const timers: NodeJS.Timeout[] = [];
    const connections = Array.from({ length: 50 }, (_, i) => {
      const socket = net.connect(relayPort(), "127.0.0.1");
      socket.on("error", () => undefined);
      socket.on("close", () => (closed[i] = true));
      socket.on("connect", () => {
        const path = i % 2 ? "/api/token" : "/api/data/up/import/ownPrice";
        socket.write(
          `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n[`,
        );
        timers.push(setInterval(() => socket.writable && socket.write(" "), 300));
      });
      return socket;
    });
    try {
      // requestTimeoutMs is 1.5 s here; 15 s bounds the wait generously.
      await eventually(() => closed.filter(Boolean).length === 50, 15_000, "closing all 50 dribbling connections");
    } finally {
      for (const timer of timers) clearInterval(timer);
      for (const socket of connections) socket.destroy();
    }
  });

  test("the Origin gate holds against /%61pi/… and absolute-form request lines", async () => {
    const evil = "https://evil.example";
    const encoded = await call(relay.url, "/%61pi/environments", { headers: { origin: evil } });
    assert.equal(encoded.status, 403);
    assert.equal(json(encoded).error, "origin_not_allowed");
    const encodedToken = await call(relay.url, "/%61pi/token", {
      method: "POST",
      headers: { origin: evil, ...JSON_HEADERS },
      body: tokenBody(),
    });
    assert.equal(encodedToken.status, 403);
    const preflight = await call(relay.url, "/%61pi/token", {
      method: "OPTIONS",
      headers: { origin: evil, "access-control-request-method": "POST" },
    });
    assert.equal(preflight.headers["access-control-allow-origin"], undefined);
    const absolute = await rawExchange(
      `GET http://127.0.0.1:${relayPort()}/api/environments HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${evil}\r\nConnection: close\r\n\r\n`,
    );
    assert.doesNotMatch(absolute.text, /^HTTP\/1\.1 200 /);
    assert.doesNotMatch(absolute.text, /"production"/);
  });

  test("same origin means the listening scheme, loopback name and port, not whatever Host says (DNS rebinding)", async () => {
    const port = relayPort();
    const rebound = await call(relay.url, "/api/environments", {
      headers: { host: `rebind.evil.example:${port}`, origin: `http://rebind.evil.example:${port}` },
    });
    assert.equal(rebound.status, 403);
    for (const origin of [`https://localhost:${port}`, `http://localhost:${port + 1}`]) {
      const wrong = await call(relay.url, "/api/environments", { headers: { host: `localhost:${port}`, origin } });
      assert.equal(wrong.status, 403, origin);
    }
    const own = await call(relay.url, "/api/environments", {
      headers: { host: `localhost:${port}`, origin: `http://localhost:${port}` },
    });
    assert.equal(own.status, 200);
  });

  test("an answer that breaks before its first byte is a 502 in the relay's JSON shape, not gzip-labelled, one log line", async () => {
    script = (request, response) => {
      request.resume();
      // Headers out, then the connection dies before any body byte.
      response.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
      response.flushHeaders();
      setTimeout(() => response.socket?.destroy(), 20);
    };
    const marker = `before-first-byte-${Date.now()}`;
    const reply = await call(relay.url, "/api/data/up/price", {
      headers: { authorization: "Bearer t", "accept-encoding": "gzip", "x-correlation-id": marker },
    });
    assert.equal(reply.headers["content-encoding"], undefined);
    if (reply.status !== 200) {
      assert.ok(reply.status === 502 || reply.status === 504, `status ${reply.status}`);
      assert.deepEqual(Object.keys(json(reply)), ["error", "message"]);
    }
    await eventually(() => logs.includes(reply.headers["x-request-id"] as string), 5000, "the log line");
    const lines = logs.split("\n").filter((line) => line.includes(reply.headers["x-request-id"] as string));
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.doesNotMatch(logs, /"stack"|\n\s+at /);
  });

  test("a small answer cut short before the relay sent a byte is a 502 in the relay's JSON shape for a browser", async () => {
    script = (request, response) => {
      request.resume();
      // Declares 5000 bytes, sends 100, dies: the relay reads small answers whole for compression, so nothing went out.
      response.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
      response.write(`[${" ".repeat(99)}`);
      setTimeout(() => response.socket?.destroy(), 20);
    };
    const reply = await call(relay.url, "/api/data/up/price", {
      headers: { authorization: "Bearer t", "accept-encoding": "gzip, deflate, br" },
    });
    assert.equal(reply.status, 502);
    assert.equal(reply.headers["content-encoding"], undefined);
    assert.equal(json(reply).error, "upstream_unreachable");
    assert.match(String(json(reply).message), /cut off/);
  });

  test("an answer that breaks after bytes went out is cut off for the caller, never completed, one log line", async () => {
    script = (request, response) => {
      request.resume();
      response.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
      response.write(`[${'{"a":1},'.repeat(2000)}`);
      setTimeout(() => response.socket?.destroy(), 50);
    };
    const outcome = await new Promise<{ aborted: boolean; encoding?: string; id?: string }>((resolve) => {
      const outgoing = http.get(
        `${relay.url}/api/data/up/price`,
        { headers: { authorization: "Bearer t", "accept-encoding": "gzip" }, agent: false },
        (response) => {
          const id = response.headers["x-request-id"] as string;
          response.on("data", () => undefined);
          response.on("aborted", () => resolve({ aborted: true, id }));
          response.on("error", () => resolve({ aborted: true, id }));
          response.on("end", () => resolve({ aborted: false, id }));
        },
      );
      outgoing.on("error", () => resolve({ aborted: true }));
    });
    assert.equal(outcome.aborted, true);
    await eventually(() => logs.includes(String(outcome.id)), 5000, "the log line");
    assert.equal(logs.split("\n").filter((line) => line.includes(String(outcome.id))).length, 1);
  });

  test("a token the Data API refuses (401) is evicted, so the add-in's retry gets a new one; other entries stay", async () => {
    const clientId = "evicted-client";
    const get = (secret = CLIENT.clientSecret) =>
      call(relay.url, "/api/token", {
        method: "POST",
        headers: JSON_HEADERS,
        body: tokenBody({ clientId, clientSecret: secret }),
      });
    const other = json(
      await call(relay.url, "/api/token", {
        method: "POST",
        headers: JSON_HEADERS,
        body: tokenBody({ clientId, scope: "api://other/.default" }),
      }),
    ).accessToken;
    const first = String(json(await get()).accessToken);
    assert.equal(json(await get()).accessToken, first);
    script = (request, response) => {
      request.resume();
      const refused = request.headers.authorization === `Bearer ${first}`;
      response.writeHead(refused ? 401 : 200, { "content-type": "application/json" });
      response.end(refused ? '{"message":"token revoked"}' : "[]");
    };
    const before = tokenCalls;
    const data = await call(relay.url, "/api/data/up/price", { headers: { authorization: `Bearer ${first}` } });
    assert.equal(data.status, 401);
    const renewed = String(json(await get()).accessToken);
    assert.notEqual(renewed, first);
    assert.equal(tokenCalls, before + 1);
    // The other scope's entry (another key) was not touched.
    const otherAgain = json(
      await call(relay.url, "/api/token", {
        method: "POST",
        headers: JSON_HEADERS,
        body: tokenBody({ clientId, scope: "api://other/.default" }),
      }),
    ).accessToken;
    assert.equal(otherAgain, other);
  });
});
