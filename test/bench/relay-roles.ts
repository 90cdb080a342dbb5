// The relay bench's roles, each run in its own process by relay.bench.ts: the scripted upstream (Data API answers and a
// token endpoint), the minimal pass-through proxy (with or without the relay's compression), the relay's duties on
// bare node and the load generator. Node built-ins only (and the relay's brotli settings, path whitelist and upstream
// client): the bench bundles this file with esbuild and runs it with plain node, as it runs the relay's production
// bundle, so no process in the measurement pays a TypeScript loader.
// Not a bench itself (run.ts runs *.bench.ts only).
import { closeSync, openSync, writeSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { performance } from "node:perf_hooks";
import zlib from "node:zlib";
import { BROTLI } from "../../src/relay/brotli-options";
import { parseDataRequest } from "../../src/relay/data-paths";
import { headerValue, Upstream } from "../../src/relay/upstream";

export interface LoadSpec {
  urls: string[];
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  count: number;
  concurrency: number;
}

export interface LoadResult {
  rps: number;
  mbps: number;
  p50: number;
  p99: number;
  failures: number;
}

// ---- role: the scripted upstream (Data API answers of two sizes, and a token endpoint that counts its calls) ----
function upstreamRole(): void {
  const doc = (i: number) => ({
    siteID: `S${i}`,
    productCode: "UNL",
    price: 1.459 + i / 1000,
    effectiveTime: "2026-01-01T00:00:00Z",
  });
  const small = Buffer.from(JSON.stringify(Array.from({ length: 20 }, (_, i) => doc(i))));
  const large = Buffer.from(JSON.stringify(Array.from({ length: 30_000 }, (_, i) => doc(i))));
  let tokenCalls = 0;
  const server = http.createServer((request, response) => {
    if (request.url === "/count") return void response.end(String(tokenCalls));
    if (request.url?.includes("/oauth2/")) {
      tokenCalls++;
      request.resume();
      return void request.on("end", () => {
        response.setHeader("content-type", "application/json");
        response.end(
          JSON.stringify({ access_token: `bench-token-${tokenCalls}`, token_type: "Bearer", expires_in: 3600 }),
        );
      });
    }
    const body = request.url?.includes("size=large") ? large : small;
    response.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    response.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`));
}

// ---- role: the minimal pass-through proxy (the floor any Node proxy pays) ----
// The same upstream work as the relay: one keep-alive agent, the same headers sent upstream (the caller's token,
// accept, accept-encoding identity, a user agent). With `compress`, it also compresses as the relay does for a caller
// that accepts it (brotli with the relay's own settings, brotli-options.ts, gzip otherwise; in one call for answers of 1-64 KB
// of known length, through a zlib stream above): the floor for what compressing costs any Node proxy.
function proxyRole(upstreamPort: number, compress: boolean): void {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((request, response) => {
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: upstreamPort,
        agent,
        method: request.method,
        path: (request.url ?? "/").replace(/^\/api\/data\/bench/, "/api"),
        headers: {
          authorization: request.headers.authorization ?? "",
          accept: "application/json",
          "accept-encoding": "identity",
          "user-agent": "minimal-proxy",
        },
      },
      (answer) => {
        const type = answer.headers["content-type"] ?? "application/json";
        const length = Number(answer.headers["content-length"] ?? NaN);
        const accepted = compress ? (request.headers["accept-encoding"] ?? "") : "";
        const encoding = /\bbr\b/.test(accepted) ? "br" : /\bgzip\b/.test(accepted) ? "gzip" : undefined;
        if (!encoding || length < 1024) {
          response.writeHead(answer.statusCode ?? 502, {
            "content-type": type,
            ...(answer.headers["content-length"] ? { "content-length": answer.headers["content-length"] } : {}),
          });
          return void answer.pipe(response);
        }
        if (length <= 64 * 1024) {
          const chunks: Buffer[] = [];
          answer.on("data", (chunk: Buffer) => chunks.push(chunk));
          return void answer.on("end", () => {
            const body = Buffer.concat(chunks);
            const packed = encoding === "br" ? zlib.brotliCompressSync(body, BROTLI) : zlib.gzipSync(body);
            response.writeHead(answer.statusCode ?? 502, {
              "content-type": type,
              "content-encoding": encoding,
              "content-length": packed.length,
              vary: "accept-encoding",
            });
            response.end(packed);
          });
        }
        response.writeHead(answer.statusCode ?? 502, {
          "content-type": type,
          "content-encoding": encoding,
          vary: "accept-encoding",
        });
        answer.pipe(encoding === "br" ? zlib.createBrotliCompress(BROTLI) : zlib.createGzip()).pipe(response);
      },
    );
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`));
}

// ---- role: the relay's duties on bare node (the floor for what the relay must do, without a framework) ----
// What the relay must do for every small GET answer, done with Node's http server and no framework: the relay's own
// path whitelist and upstream client (its two timeouts, its caller-close listener), a bearer-token check, a request id,
// the answer's security, cache and vary headers, and one JSON log line per request gathered into one synchronous
// write per event-loop turn (to a file, as the bench gives the relay). Uncompressed answers only; a request the relay
// would refuse is a bare 404 here, an upstream failure a bare 502. The relay against it is Fastify's share; it against the minimal
// proxy is the cost of the duties themselves.
function dutiesRole(upstreamPort: number, logFile: string): void {
  const upstream = new Upstream(30_000);
  const base = new URL(`http://127.0.0.1:${upstreamPort}/api`);
  const log = openSync(logFile, "w");
  process.once("exit", () => closeSync(log));
  let pending = "";
  const flush = () => {
    const lines = pending;
    pending = "";
    writeSync(log, lines);
  };
  const environments = new Map([["bench", "bench"]]);
  const host = `,"hostname":${JSON.stringify(hostname())}`;
  const prefix = `${process.pid.toString(16).padStart(8, "0")}-0000-4000-8000-`;
  let next = 0;
  const BEARER = /^Bearer [\x21-\x7E]{1,8192}$/;
  const server = http.createServer((request, response) => {
    const id = prefix + (next++).toString(16).padStart(12, "0");
    const started = performance.now();
    const target = parseDataRequest("GET", request.url ?? "");
    const authorization = request.headers.authorization;
    const environment = target && environments.get(target.environment.toLowerCase());
    if (request.method !== "GET" || !target || !environment || !authorization || !BEARER.test(authorization)) {
      return void response.writeHead(404).end();
    }
    response.on("close", () => {
      if (pending === "") setImmediate(flush);
      pending += `{"level":30,"time":${Date.now()},"pid":${process.pid}${host},"reqId":"${id}","method":"GET","route":"/api/data/:environment/*","status":${response.statusCode},"durationMs":${Math.round((performance.now() - started) * 10) / 10},"environment":${JSON.stringify(environment)},"upstreamPath":${JSON.stringify(target.path)},"ip":${JSON.stringify(request.socket.remoteAddress)},"msg":"request"}\n`;
    });
    upstream
      .request({
        method: "GET",
        base,
        pathAndQuery: `${target.path}?${target.query}`,
        headers: {
          authorization,
          accept: "application/json",
          "accept-encoding": "identity",
          "user-agent": "duties-proxy",
        },
        caller: response,
        idempotent: true,
      })
      .then(
        (answer) => {
          const headers: Record<string, string> = {
            "x-request-id": id,
            "x-content-type-options": "nosniff",
            "referrer-policy": "no-referrer",
            "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
            "cache-control": "no-store",
            vary: "Origin, Accept-Encoding",
          };
          for (const name of ["content-type", "content-length", "x-correlation-id", "retry-after"]) {
            const value = headerValue(answer.headers, name);
            if (value !== undefined) headers[name] = value;
          }
          response.writeHead(answer.statusCode, headers);
          answer.body.pipe(response);
        },
        () => response.writeHead(502).end(),
      );
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`));
}

// ---- role: the load generator ----
async function loadRole(): Promise<void> {
  // One long-lived process: a spec per stdin line, a result per stdout line (no start-up cost per run).
  let pending = "";
  for await (const chunk of process.stdin) {
    pending += (chunk as Buffer).toString("utf8");
    let newline: number;
    while ((newline = pending.indexOf("\n")) !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      process.stdout.write(`${JSON.stringify(await loadOnce(JSON.parse(line) as LoadSpec))}\n`);
    }
  }
}

async function loadOnce(spec: LoadSpec): Promise<LoadResult> {
  const agents = spec.urls.map(() => new http.Agent({ keepAlive: true, maxSockets: spec.concurrency }));
  const targets = spec.urls.map((url) => new URL(url));
  const latencies: number[] = [];
  let bytes = 0;
  let failures = 0;
  let next = 0;
  const once = (index: number) =>
    new Promise<number>((resolve) => {
      const target = targets[index];
      const request = http.request(
        {
          agent: agents[index],
          host: target.hostname,
          port: target.port,
          path: target.pathname + target.search,
          method: spec.method,
          headers: spec.headers,
        },
        (response) => {
          response.on("data", (chunk: Buffer) => (bytes += chunk.length));
          response.on("end", () => resolve(response.statusCode ?? 0));
          response.on("error", () => resolve(0));
        },
      );
      request.on("error", () => resolve(0));
      request.end(spec.body);
    });
  const started = performance.now();
  const worker = async () => {
    while (next < spec.count) {
      const index = next++ % targets.length;
      const begin = performance.now();
      const status = await once(index);
      latencies.push(performance.now() - begin);
      if (status !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  for (const agent of agents) agent.destroy();
  return { rps: spec.count / seconds, mbps: bytes / seconds / 1e6, p50: at(0.5), p99: at(0.99), failures };
}

const role = process.argv[2];
if (role === "upstream") upstreamRole();
else if (role === "proxy") proxyRole(Number(process.argv[3]), process.argv[4] === "compress");
else if (role === "duties") dutiesRole(Number(process.argv[3]), process.argv[4]);
else if (role === "load") await loadRole();
