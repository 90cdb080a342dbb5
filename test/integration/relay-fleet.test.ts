// Three relay instances sharing one real redis-server, requests spread over them round-robin, against a scripted
// token endpoint and Data API: the fleet behaves as one relay (one token call per client, one attempt budget), fails
// closed on the token route when Redis goes away while the data route keeps forwarding, and recovers when it returns.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { PassThrough } from "node:stream";
import { Redis } from "ioredis";
import { startRelay, type RunningRelay } from "../../src/relay/server";
import type { RelayConfig } from "../../src/relay/config";
import { json, request as call } from "../support/raw-http";
import { startRedis, type TestRedis } from "../support/redis-server";

const CACHE_KEY = "fleet-test-cache-key-made-up-for-tests-0123456789";
const CLIENT = {
  environment: "up",
  clientId: "fleet-client",
  clientSecret: "Fleet-Secret-Value!",
  scope: "api://x/.default",
};
const JSON_HEADERS = { "content-type": "application/json" };

async function eventually<T>(attempt: () => Promise<T | undefined>, limitMs: number, what: string): Promise<T> {
  const giveUp = Date.now() + limitMs;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > giveUp) assert.fail(`${what} did not happen within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a fleet of three relays sharing Redis", () => {
  let redis: TestRedis;
  let upstream: http.Server;
  const sockets = new Set<Socket>();
  const relays: RunningRelay[] = [];
  let tokenCalls = 0;
  let tokenLatencyMs = 0;
  let issued = 0;
  let turn = 0;
  const refused = new Set<string>();
  const nextRelay = () => relays[turn++ % relays.length].url;

  function tokenEndpoint(request: IncomingMessage, response: ServerResponse) {
    tokenCalls++;
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      setTimeout(() => {
        response.setHeader("content-type", "application/json");
        if (form.get("client_secret") === CLIENT.clientSecret) {
          response.end(
            JSON.stringify({ access_token: `fleet-token-${++issued}`, token_type: "Bearer", expires_in: 3600 }),
          );
        } else {
          response.statusCode = 401;
          response.end(
            JSON.stringify({ error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret." }),
          );
        }
      }, tokenLatencyMs);
    });
  }

  const token = (url: string, overrides: Record<string, string> = {}) =>
    call(url, "/api/token", {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ ...CLIENT, ...overrides }),
    });

  before(async () => {
    redis = await startRedis();
    upstream = http.createServer((request, response) => {
      if (request.url?.includes("/oauth2/")) return tokenEndpoint(request, response);
      request.resume();
      if (refused.has(String(request.headers.authorization).replace(/^Bearer /, ""))) {
        response.writeHead(401, { "content-type": "application/json" });
        return response.end('{"message":"token refused"}');
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end('[{"siteID":"S1"}]');
    });
    upstream.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const config: RelayConfig = {
      environments: [
        {
          id: "up",
          label: "Up",
          production: false,
          tokenUrl: `${base}/t/oauth2/v2.0/token`,
          dataApiUrl: `${base}/api`,
        },
      ],
      allowedOrigins: [],
    };
    for (let i = 0; i < 3; i++) {
      relays.push(
        await startRelay({
          config,
          port: 0,
          logStream: new PassThrough().resume(),
          redisUrl: redis.url,
          cacheKey: CACHE_KEY,
          upstreamTimeoutMs: 5000,
        }),
      );
    }
    // Every instance connected before the first test.
    for (const relay of relays) {
      await eventually(
        async () => ((await token(relay.url, { environment: "nope" })).status === 400 ? true : undefined),
        5000,
        "relay up",
      );
    }
  });

  after(async () => {
    for (const relay of relays) await relay.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => upstream?.close(resolve));
    await redis?.stop();
  });

  test("10,000 token requests for one client, round-robin over three instances, cost 1 upstream token call", async () => {
    tokenLatencyMs = 50;
    const before = tokenCalls;
    const agents = relays.map(() => new http.Agent({ keepAlive: true, maxSockets: 16 }));
    const body = JSON.stringify(CLIENT);
    const tokens = new Set<string>();
    let next = 0;
    let failures = 0;
    const worker = async () => {
      while (next < 10_000) {
        const index = next++ % relays.length;
        const url = new URL(`${relays[index].url}/api/token`);
        await new Promise<void>((resolve, reject) => {
          const outgoing = http.request(
            url,
            {
              method: "POST",
              agent: agents[index],
              headers: { ...JSON_HEADERS, "content-length": Buffer.byteLength(body) },
            },
            (response) => {
              const chunks: Buffer[] = [];
              response.on("data", (chunk: Buffer) => chunks.push(chunk));
              response.on("end", () => {
                if (response.statusCode === 200) tokens.add(JSON.parse(Buffer.concat(chunks).toString()).accessToken);
                else failures++;
                resolve();
              });
            },
          );
          outgoing.on("error", reject);
          outgoing.end(body);
        });
      }
    };
    await Promise.all(Array.from({ length: 48 }, worker));
    for (const agent of agents) agent.destroy();
    assert.equal(failures, 0);
    assert.equal(tokenCalls - before, 1);
    assert.equal(tokens.size, 1);
  });

  test("Redis holds the token encrypted and keyed by keyed hashes: no token, secret or client id in clear", async () => {
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys("*");
      assert.ok(keys.length > 0);
      for (const key of keys) {
        const type = await client.type(key);
        const value =
          type === "string" ? String(await client.get(key)) : JSON.stringify(await client.zrange(key, "0", "-1"));
        for (const secret of [CLIENT.clientSecret, CLIENT.clientId, "fleet-token-"]) {
          assert.ok(!key.includes(secret) && !value.includes(secret), `${key} reveals ${secret}`);
        }
      }
    } finally {
      client.disconnect();
    }
  });

  test("100 concurrent wrong guesses spread over the three instances: at most 10 reach the token endpoint", async () => {
    tokenLatencyMs = 200;
    const before = tokenCalls;
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        token(nextRelay(), { clientId: "guessed-fleet-client", clientSecret: `guess-${i}` }),
      ),
    );
    assert.ok(tokenCalls - before <= 10, `${tokenCalls - before} guesses reached the token endpoint`);
    assert.equal(replies.filter((reply) => reply.status === 200).length, 0);
    // Still within the minute: the next guess on any instance is refused without a token call.
    for (const relay of relays) {
      const reply = await token(relay.url, { clientId: "guessed-fleet-client", clientSecret: "again" });
      assert.equal(reply.status, 429);
    }
    assert.ok(tokenCalls - before <= 10);
  });

  test("a token the Data API refuses on one instance is handed out by none: every instance's near copy is dropped", async () => {
    tokenLatencyMs = 0;
    // Every instance holds the current token in its near copy.
    const held = new Set<string>();
    for (const relay of relays) held.add(String(json(await token(relay.url)).accessToken));
    assert.equal(held.size, 1);
    const [refusedToken] = held;
    refused.add(refusedToken);
    const answer = await call(relays[0].url, "/api/data/up/price", {
      headers: { authorization: `Bearer ${refusedToken}` },
    });
    assert.equal(answer.status, 401);
    // The add-in's one retry, on whichever instance it lands, gets a new token at once.
    for (const relay of relays) {
      const renewed = String(json(await token(relay.url)).accessToken);
      assert.notEqual(renewed, refusedToken);
    }
    refused.clear();
  });

  test("Redis stopped: the token route answers 503 with a message, the data route keeps forwarding; Redis back: recovers", async () => {
    tokenLatencyMs = 0;
    await redis.stop();
    for (const relay of relays) {
      const refused = await eventually(
        async () => {
          const reply = await token(relay.url);
          return reply.status === 503 ? reply : undefined;
        },
        10_000,
        "the token route failing closed",
      );
      assert.equal(json(refused).error, "token_store_unavailable");
      assert.match(String(json(refused).message), /Redis/);
      const data = await call(relay.url, "/api/data/up/price", { headers: { authorization: "Bearer fleet-token-1" } });
      assert.equal(data.status, 200);
      assert.equal(data.body.toString("utf8"), '[{"siteID":"S1"}]');
    }
    await redis.start();
    for (const relay of relays) {
      const back = await eventually(
        async () => {
          const reply = await token(relay.url);
          return reply.status === 200 ? reply : undefined;
        },
        15_000,
        "the token route recovering",
      );
      assert.match(String(json(back).accessToken), /^fleet-token-/);
    }
  });
});
