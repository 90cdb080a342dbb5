// The relay over real loopback HTTP against a scripted upstream (a tiny node:http server in this file), for what the
// sandbox cannot show: the exact request line the upstream receives, streaming, hanging or refusing upstreams, the
// exact import bytes, client aborts and graceful shutdown of the CLI.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import { mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import selfsigned from "selfsigned";
import { startRelay, type RunningRelay } from "../../src/relay/server";
import type { RelayConfig } from "../../src/relay/config";
import { json, request as call } from "../support/raw-http";

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type Script = (request: IncomingMessage, response: ServerResponse, body: Buffer) => void;

const TOKEN_REQUEST = {
  environment: "up",
  clientId: "client-1",
  clientSecret: "Sup3r-Secret-Value!",
  scope: "api://x/.default",
};

describe("relay against a scripted upstream", () => {
  let upstream: http.Server;
  let upstreamUrl: string;
  let script: Script;
  let seen: Seen[] = [];
  const upstreamSockets = new Set<import("node:net").Socket>();
  let relay: RunningRelay;
  let config: RelayConfig;
  let logs = "";

  before(async () => {
    upstream = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks);
        seen.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
        script(request, response, body);
      });
    });
    upstream.on("connection", (socket) => {
      upstreamSockets.add(socket);
      socket.on("close", () => upstreamSockets.delete(socket));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    config = {
      environments: [
        {
          id: "up",
          label: "Scripted",
          production: false,
          tokenUrl: `${upstreamUrl}/tenant/oauth2/v2.0/token`,
          dataApiUrl: `${upstreamUrl}/base/api`,
        },
        // Port 9 (discard) is not listening on loopback: connection refused.
        {
          id: "down",
          label: "Down",
          production: false,
          tokenUrl: "http://127.0.0.1:9/t/oauth2/v2.0/token",
          dataApiUrl: "http://127.0.0.1:9/api",
        },
      ],
      allowedOrigins: ["https://localhost:3000"],
    };
    const logStream = new PassThrough();
    logStream.on("data", (chunk: Buffer) => (logs += chunk.toString("utf8")));
    relay = await startRelay({ config, port: 0, logStream, upstreamTimeoutMs: 1000 });
  });

  after(async () => {
    await relay?.close();
    for (const socket of upstreamSockets) socket.destroy();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  beforeEach(() => {
    seen = [];
    script = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end("[]");
    };
  });

  test("the query string reaches the upstream byte for byte, under the configured base path", async () => {
    const query = "query=(entityVariant=Own)+(name@=A%2BB)+(code!=%27x%27)+(createdOn>=2020-06-01)+(limit=5)";
    const reply = await call(relay.url, `/api/data/up/Price?${query}`, {
      headers: { authorization: "Bearer tok-123" },
    });
    assert.equal(reply.status, 200);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].url, `/base/api/price?${query}`);
    assert.equal(seen[0].headers.authorization, "Bearer tok-123");
    assert.equal(seen[0].headers.host, new URL(upstreamUrl).host);
    assert.equal(reply.headers["cache-control"], "no-store");
  });

  test("a call without a bearer token is answered 401 without calling upstream", async () => {
    const reply = await call(relay.url, "/api/data/up/price");
    assert.equal(reply.status, 401);
    assert.equal(json(reply).error, "missing_token");
    assert.equal(seen.length, 0);
  });

  test("the correlation id travels both ways; Retry-After and status come back on 429 and 5xx", async () => {
    script = (request, response) => {
      const status = request.url?.includes("site") ? 503 : 429;
      response.writeHead(status, {
        "content-type": "application/json",
        "retry-after": "3",
        "x-correlation-id": "up-corr-1",
      });
      response.end(JSON.stringify({ error: "busy", message: "Slow down." }));
    };
    const throttled = await call(relay.url, "/api/data/up/price", {
      headers: { authorization: "Bearer t", "x-correlation-id": "mine-42" },
    });
    assert.equal(seen[0].headers["x-correlation-id"], "mine-42");
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers["retry-after"], "3");
    assert.equal(throttled.headers["x-correlation-id"], "up-corr-1");
    assert.deepEqual(json(throttled), { error: "busy", message: "Slow down." });
    const down = await call(relay.url, "/api/data/up/site", { headers: { authorization: "Bearer t" } });
    assert.equal(down.status, 503);
    assert.equal(down.headers["retry-after"], "3");
  });

  test("an HTML error page from a gateway becomes the relay's JSON error with the same status", async () => {
    script = (_request, response) => {
      response.writeHead(502, { "content-type": "text/html" });
      response.end("<html>Bad gateway</html>");
    };
    const reply = await call(relay.url, "/api/data/up/price", { headers: { authorization: "Bearer t" } });
    assert.equal(reply.status, 502);
    assert.equal(json(reply).error, "upstream_error");
    assert.match(String(json(reply).message), /environment "up" answered HTTP 502\. Try again/);
  });

  test("the body streams through: the first bytes arrive before the upstream has finished", async () => {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    script = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('[{"first":true}');
      void finished.then(() => response.end("]"));
    };
    const firstChunk = await new Promise<string>((resolve, reject) => {
      const url = new URL(relay.url);
      const request = http.get(
        {
          host: url.hostname,
          port: url.port,
          path: "/api/data/up/price",
          headers: { authorization: "Bearer t" },
          agent: false,
        },
        (response) => {
          let text = "";
          response.once("data", (chunk: Buffer) => {
            const first = chunk.toString("utf8");
            text += first;
            finish();
            response.on("data", (more: Buffer) => (text += more.toString("utf8")));
            response.on("end", () => {
              assert.equal(text, '[{"first":true}]');
              resolve(first);
            });
          });
        },
      );
      request.on("error", reject);
    });
    assert.equal(firstChunk, '[{"first":true}');
  });

  test("answers are compressed with gzip or brotli when the caller accepts it", async () => {
    const documents = JSON.stringify(
      Array.from({ length: 200 }, (_, i) => ({ id: { entityId: `e${i}` }, data: { price: 1.299 } })),
    );
    script = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      response.end(documents);
    };
    const gzip = await call(relay.url, "/api/data/up/price", {
      headers: { authorization: "Bearer t", "accept-encoding": "gzip" },
    });
    assert.equal(gzip.headers["content-encoding"], "gzip");
    assert.equal(gunzipSync(gzip.body).toString("utf8"), documents);
    const br = await call(relay.url, "/api/data/up/price", {
      headers: { authorization: "Bearer t", "accept-encoding": "br" },
    });
    assert.equal(br.headers["content-encoding"], "br");
    assert.ok(br.body.length < documents.length / 4);
    assert.equal(brotliDecompressSync(br.body).toString("utf8"), documents);
    const plain = await call(relay.url, "/api/data/up/price", { headers: { authorization: "Bearer t" } });
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(plain.body.toString("utf8"), documents);
  });

  test("a small sized answer is compressed in one piece with its compressed length; under 1 KB it goes as it came", async () => {
    const documents = JSON.stringify(Array.from({ length: 30 }, (_, i) => ({ id: { entityId: `e${i}` }, price: 1.2 })));
    let answer = documents;
    script = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) });
      response.end(answer);
    };
    const br = await call(relay.url, "/api/data/up/price", {
      headers: { authorization: "Bearer t", "accept-encoding": "gzip, deflate, br" },
    });
    assert.equal(br.headers["content-encoding"], "br");
    assert.equal(Number(br.headers["content-length"]), br.body.length);
    assert.equal(br.headers.vary, "Origin, Accept-Encoding");
    assert.equal(brotliDecompressSync(br.body).toString("utf8"), documents);
    answer = '[{"id":{"entityId":"e1"}}]';
    const tiny = await call(relay.url, "/api/data/up/price", {
      headers: { authorization: "Bearer t", "accept-encoding": "gzip, deflate, br" },
    });
    assert.equal(tiny.headers["content-encoding"], undefined);
    assert.equal(tiny.headers.vary, "Origin, Accept-Encoding");
    assert.equal(tiny.body.toString("utf8"), answer);
  });

  test("a large or unsized answer streams compressed, without a length, as the caller's q-values choose", async () => {
    const part = JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ id: { entityId: `e${i}` }, price: 1.2 })));
    script = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
      response.write("[");
      for (let i = 0; i < 20; i++) response.write(`${i ? "," : ""}${part.slice(1, -1)}`);
      response.end("]");
    };
    const expected = `[${Array.from({ length: 20 }, () => part.slice(1, -1)).join(",")}]`;
    // br refused by its q-value: gzip.
    const gzip = await call(relay.url, "/api/data/up/price", {
      headers: { authorization: "Bearer t", "accept-encoding": "br;q=0, gzip;q=0.8" },
    });
    assert.equal(gzip.headers["content-encoding"], "gzip");
    assert.equal(gzip.headers["content-length"], undefined);
    assert.equal(gunzipSync(gzip.body).toString("utf8"), expected);
    const identity = await call(relay.url, "/api/data/up/price", {
      headers: { authorization: "Bearer t", "accept-encoding": "identity" },
    });
    assert.equal(identity.headers["content-encoding"], undefined);
    assert.equal(identity.body.toString("utf8"), expected);
  });

  test("a compressed import body is refused with 415 before it reaches the Data API", async () => {
    script = (_request, response) => response.writeHead(202).end();
    const reply = await call(relay.url, "/api/data/up/import/ownprice", {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json", "content-encoding": "gzip" },
      body: '{"records":[]}',
    });
    assert.equal(reply.status, 415);
    assert.equal(json(reply).error, "unsupported_encoding");
    assert.match(String(json(reply).message), /uncompressed/);
    assert.equal(seen.length, 0);
  });

  test("an import body is forwarded as the exact bytes received", async () => {
    const body = '{"records":[{"siteID":"S1","price":1.10,"big":12345678901234567890}]}';
    script = (_request, response) => {
      response.writeHead(202, { "content-type": "application/json" });
      response.end('{"operationId":"op-1"}');
    };
    const reply = await call(relay.url, "/api/data/up/import/ownprice", {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "application/json" },
      body,
    });
    assert.equal(reply.status, 202);
    assert.equal(seen[0].method, "POST");
    assert.equal(seen[0].url, "/base/api/import/ownPrice");
    assert.equal(seen[0].body.toString("utf8"), body);
    assert.equal(seen[0].headers["content-type"], "application/json");
  });

  test("import bodies that are not JSON, not declared JSON, or too large never reach upstream", async () => {
    const headers = { authorization: "Bearer t", "content-type": "application/json" };
    const broken = await call(relay.url, "/api/data/up/import/ownPrice", { method: "POST", headers, body: "{nope" });
    assert.equal(broken.status, 400);
    assert.equal(json(broken).error, "invalid_json");
    const text = await call(relay.url, "/api/data/up/import/ownPrice", {
      method: "POST",
      headers: { authorization: "Bearer t", "content-type": "text/plain" },
      body: "[]",
    });
    assert.equal(text.status, 415);
    const huge = await call(relay.url, "/api/data/up/import/ownPrice", {
      method: "POST",
      headers,
      body: JSON.stringify({ records: "x".repeat(11 * 1024 * 1024) }),
    });
    assert.equal(huge.status, 413);
    assert.equal(json(huge).error, "body_too_large");
    assert.equal(seen.length, 0);
  });

  test(
    "a caller that goes away stops the upstream call: the relay closes its connection to the Data API",
    // Without the stop, only the 60 s upstream timeout would close it: the test fails by its own timeout.
    { timeout: 20_000 },
    async () => {
      const patient = await startRelay({
        config,
        port: 0,
        logStream: new PassThrough().resume(),
        upstreamTimeoutMs: 60_000,
      });
      try {
        let arrived!: () => void;
        const reached = new Promise<void>((resolve) => (arrived = resolve));
        const closed = new Promise<void>((resolve) => {
          script = (request) => {
            request.socket.once("close", () => resolve());
            arrived(); // and never answers
          };
        });
        const caller = http.request(`${patient.url}/api/data/up/price`, { headers: { authorization: "Bearer t" } });
        caller.on("error", () => undefined);
        caller.end();
        await reached;
        caller.destroy();
        await closed;
      } finally {
        await patient.close();
      }
    },
  );

  test("a hanging Data API or token endpoint is answered 504 after the configured timeout", async () => {
    script = () => {
      // Never answers.
    };
    const data = await call(relay.url, "/api/data/up/price", { headers: { authorization: "Bearer t" } });
    assert.equal(data.status, 504);
    assert.equal(json(data).error, "upstream_timeout");
    const token = await call(relay.url, "/api/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(TOKEN_REQUEST),
    });
    assert.equal(token.status, 504);
    assert.equal(json(token).error, "token_endpoint_timeout");
  });

  test("an upstream that refuses connections is answered 502 with a clear message", async () => {
    const data = await call(relay.url, "/api/data/down/price", { headers: { authorization: "Bearer t" } });
    assert.equal(data.status, 502);
    assert.equal(json(data).error, "upstream_unreachable");
    assert.match(
      String(json(data).message),
      /could not reach the Data API of environment "down" \(the connection was refused\)/,
    );
    const token = await call(relay.url, "/api/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...TOKEN_REQUEST, environment: "down" }),
    });
    assert.equal(token.status, 502);
    assert.equal(json(token).error, "token_endpoint_unreachable");
  });

  test("when the caller goes away mid-answer, the upstream request is closed too", async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    script = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write("[");
      response.on("close", () => upstreamClosed());
    };
    await new Promise<void>((resolve, reject) => {
      const url = new URL(relay.url);
      const request = http.get(
        {
          host: url.hostname,
          port: url.port,
          path: "/api/data/up/price",
          headers: { authorization: "Bearer t" },
          agent: false,
        },
        (response) => {
          response.once("data", () => {
            request.destroy();
            resolve();
          });
        },
      );
      request.on("error", (error) => (request.destroyed ? undefined : reject(error)));
    });
    await closed;
  });

  test("a kept-alive upstream socket closed under the relay is retried for reads, never for imports", async () => {
    const served = new WeakSet<import("node:net").Socket>();
    let dropped = 0;
    script = (request, response) => {
      const socket = request.socket;
      if (served.has(socket)) {
        // A second request on a kept-alive socket: behave like a server that had just closed it.
        dropped++;
        socket.destroy();
        return;
      }
      served.add(socket);
      response.writeHead(200, { "content-type": "application/json", connection: "keep-alive" });
      response.end("[1]");
    };
    const headers = { authorization: "Bearer t" };
    assert.equal((await call(relay.url, "/api/data/up/price", { headers })).status, 200);
    const read = await call(relay.url, "/api/data/up/price", { headers });
    assert.equal(read.status, 200);
    assert.equal(read.body.toString("utf8"), "[1]");
    const importReply = await call(relay.url, "/api/data/up/import/ownPrice", {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: "[]",
    });
    assert.equal(importReply.status, 502);
    assert.equal(json(importReply).error, "upstream_unreachable");
    // One drop retried (the read), one not (the import).
    assert.equal(dropped, 2);
  });

  test("the token endpoint gets a client-credentials form; expiry is reported from the relay's clock", async () => {
    script = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: "tok-A" }),
      );
    };
    const reply = await call(relay.url, "/api/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...TOKEN_REQUEST, clientId: "form-check" }),
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.headers["cache-control"], "no-store");
    const body = json(reply);
    assert.equal(body.accessToken, "tok-A");
    assert.equal(body.tokenType, "Bearer");
    assert.ok(Number(body.expiresIn) >= 3597 && Number(body.expiresIn) <= 3599);
    assert.ok(Math.abs(Date.parse(String(body.expiresOn)) - (Date.now() + 3599_000)) < 5_000);
    assert.equal(seen[0].url, "/tenant/oauth2/v2.0/token");
    assert.equal(seen[0].headers["content-type"], "application/x-www-form-urlencoded");
    const form = new URLSearchParams(seen[0].body.toString("utf8"));
    assert.deepEqual(Object.fromEntries(form), {
      client_id: "form-check",
      client_secret: TOKEN_REQUEST.clientSecret,
      grant_type: "client_credentials",
      scope: TOKEN_REQUEST.scope,
    });
  });

  test("every request is one JSON log line with route, status, duration and environment, and no secret", async () => {
    script = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ token_type: "Bearer", expires_in: 3599, access_token: "eyJ.Secret-Access-Token.sig" }),
      );
    };
    logs = "";
    const reply = await call(relay.url, "/api/token", {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-marker": "log-test" },
      body: JSON.stringify({ ...TOKEN_REQUEST, clientId: "log-check" }),
    });
    assert.equal(json(reply).accessToken, "eyJ.Secret-Access-Token.sig");
    await call(relay.url, "/api/data/up/price?query=(limit=1)", {
      headers: { authorization: "Bearer eyJ.Secret-Access-Token.sig" },
    });
    // A careless log call elsewhere is redacted by the logger itself.
    relay.app.relayLog.info(
      { clientSecret: TOKEN_REQUEST.clientSecret, headers: { authorization: "Bearer eyJ.Secret-Access-Token.sig" } },
      "careless",
    );
    await new Promise((resolve) => setImmediate(resolve));
    for (const secret of [TOKEN_REQUEST.clientSecret, "Secret-Access-Token", "eyJ."]) {
      assert.ok(!logs.includes(secret), `the log contains ${secret}`);
    }
    const lines = logs
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const requests = lines.filter((line) => line.msg === "request");
    assert.equal(requests.length, 2);
    const [token, data] = requests;
    assert.equal(token.route, "/api/token");
    assert.equal(token.environment, "up");
    assert.equal(token.status, 200);
    assert.equal(token.tokenSource, "upstream");
    assert.equal(typeof token.durationMs, "number");
    assert.match(token.reqId, /^[0-9a-f-]{36}$/);
    assert.equal(data.route, "/api/data/:environment/*");
    assert.equal(data.method, "GET");
    assert.equal(data.upstreamPath, "/price");
    assert.equal(data.aborted, undefined, "a finished answer is not marked aborted");
    assert.equal(lines.find((line) => line.msg === "careless").clientSecret, "[redacted]");
  });
});

describe("relay over https", () => {
  test("serves https with the given certificate, names itself by localhost and sends HSTS", async () => {
    const generated = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
      keySize: 2048,
      extensions: [{ name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }] }],
    });
    const relay = await startRelay({
      port: 0,
      https: { key: generated.private, cert: generated.cert },
      logStream: new PassThrough().resume(),
      config: {
        environments: [
          {
            id: "x",
            label: "X",
            production: false,
            tokenUrl: "http://127.0.0.1:9/t",
            dataApiUrl: "http://127.0.0.1:9/api",
          },
        ],
        allowedOrigins: [],
      },
    });
    try {
      assert.match(relay.url, /^https:\/\/localhost:\d+$/);
      const reply = await new Promise<{ status: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
        https
          .get(
            {
              host: "127.0.0.1",
              servername: "localhost",
              port: new URL(relay.url).port,
              path: "/healthz",
              ca: generated.cert,
              agent: false,
            },
            (response) => {
              response.resume();
              response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
            },
          )
          .on("error", reject);
      });
      assert.equal(reply.status, 200);
      assert.equal(reply.headers["strict-transport-security"], "max-age=31536000");
    } finally {
      await relay.close();
    }
  });
});

describe("relay CLI", () => {
  test("SIGTERM finishes the request in flight, then the process exits 0", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const upstream = http.createServer((_request, response) => {
      arrived();
      void released.then(() => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end('[{"slow":true}]');
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const upstreamPort = (upstream.address() as AddressInfo).port;
    const dir = mkdtempSync(path.join(tmpdir(), "relay-cli-"));
    const configFile = path.join(dir, "relay.json");
    writeFileSync(
      configFile,
      JSON.stringify({
        environments: [
          {
            id: "up",
            label: "Scripted",
            production: false,
            tokenUrl: `http://127.0.0.1:${upstreamPort}/t/oauth2/v2.0/token`,
            dataApiUrl: `http://127.0.0.1:${upstreamPort}/api`,
          },
        ],
        allowedOrigins: [],
      }),
    );
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/relay/main.ts", "--port", "0", "--config", configFile],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString("utf8");
          const ready = stdout.split("\n").find((line) => line.includes('"Relay ready'));
          if (ready) resolve(JSON.parse(ready).url);
        });
        void exited.then((code) => reject(new Error(`relay exited ${code}: ${stderr}`)));
      });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const inFlight = call(url, "/api/data/up/price", { headers: { authorization: "Bearer t" } });
      await requestArrived;
      child.kill("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      const reply = await inFlight;
      assert.equal(reply.status, 200);
      assert.equal(reply.body.toString("utf8"), '[{"slow":true}]');
      assert.equal(await exited, 0);
      const lines = stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      assert.ok(
        lines.some(
          (line) => line.msg === "request" && line.status === 200 && line.route === "/api/data/:environment/*",
        ),
      );
      assert.equal(lines.at(-1).msg, "Stopped");
    } finally {
      child.kill("SIGKILL");
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  test("a configuration with an unfilled placeholder stops the CLI with the field to fill in", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/relay/main.ts", "--port", "0", "--config", "src/relay/config/kalibrate.json"],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RELAY_ENV_PRODUCTION_TOKEN_URL: "" } },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.on("exit", (exitCode) => resolve(exitCode)));
    assert.equal(code, 1);
    assert.match(stderr, /environment "production": "tokenUrl" is still a placeholder/);
  });
});
