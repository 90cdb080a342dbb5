// Relay overhead, measured honestly: every part in its own process (a scripted Data API + token endpoint, each relay,
// a 30-line minimal pass-through proxy, and the load generator), so the relay is compared with what any proxy costs.
// Data route: direct to the upstream, through the minimal proxy (and, without accept-encoding the same as it, a minimal
// proxy that compresses as the relay does), through the relay, through the relay with Redis on;
// small (~2 KB) and ~3 MB answers; without and with a browser's Accept-Encoding; alternated 3 times (best of 3).
// Token route: a fleet of three relays sharing one redis-server against the same three without Redis, round-robin.
// Targets: relay ≥ 0.9× the minimal proxy; Redis on ≥ 0.9× Redis off. On a 2-core machine all processes compete,
// so read the ratios as a lower bound for the relay.
// Run: npx tsx test/bench/relay.bench.ts
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const SELF = fileURLToPath(import.meta.url);
const ROUNDS = 3;
const CLIENT = {
  environment: "bench",
  clientId: "bench-client",
  clientSecret: "bench-secret-made-up",
  scope: "api://bench/.default",
};
const CACHE_KEY = "bench-cache-key-made-up-for-the-benchmark-0123456789";

interface LoadSpec {
  urls: string[];
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  count: number;
  concurrency: number;
}

interface LoadResult {
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
// that accepts it (brotli at @fastify/compress's default quality 4, gzip otherwise; in one call for answers of 1-64 KB
// of known length, through a zlib stream above): the floor for what compressing costs any Node proxy.
function proxyRole(upstreamPort: number, compress: boolean): void {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const brotli = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };
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
            const packed = encoding === "br" ? zlib.brotliCompressSync(body, brotli) : zlib.gzipSync(body);
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
        answer.pipe(encoding === "br" ? zlib.createBrotliCompress(brotli) : zlib.createGzip()).pipe(response);
      },
    );
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
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

// ---- the orchestrator ----
/** CPU time (user + system) a child process has used so far, from /proc (Linux; 0 elsewhere or without a child). */
function cpuMs(child: ChildProcess | undefined): number {
  if (!child?.pid) return 0;
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return 0;
  }
}

function spawnRole(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", SELF, ...args], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const ready = /READY (\d+)/.exec(out);
      if (ready) resolve({ child, port: Number(ready[1]) });
    });
    child.on("exit", (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

let generator: ChildProcess | undefined;
let answers: Array<(result: LoadResult) => void> = [];

/** Runs one load spec in the load generator's own process. */
function load(spec: LoadSpec): Promise<LoadResult> {
  if (!generator) {
    generator = spawn(process.execPath, ["--import", "tsx", SELF, "load"], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    generator.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      let newline: number;
      while ((newline = out.indexOf("\n")) !== -1) {
        const line = out.slice(0, newline);
        out = out.slice(newline + 1);
        answers.shift()?.(JSON.parse(line) as LoadResult);
      }
    });
  }
  return new Promise((resolve) => {
    answers.push(resolve);
    generator!.stdin?.write(`${JSON.stringify(spec)}\n`);
  });
}

async function spawnRelay(configFile: string, redisUrl?: string): Promise<{ url: string; child: ChildProcess }> {
  const logFile = path.join(path.dirname(configFile), `relay-${Date.now()}-${Math.random()}.log`);
  const log = openSync(logFile, "w");
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/relay/main.ts",
      "--port",
      "0",
      "--config",
      configFile,
      ...(redisUrl ? ["--redis", redisUrl] : []),
    ],
    { stdio: ["ignore", log, "inherit"], env: { ...process.env, RELAY_CACHE_KEY: CACHE_KEY } },
  );
  closeSync(log);
  for (let waited = 0; waited < 30_000; waited += 50) {
    const line = readFileSync(logFile, "utf8")
      .split("\n")
      .find((text) => text.includes('"Relay ready'));
    if (line) return { url: JSON.parse(line).url as string, child };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`the relay did not start; see ${logFile}`);
}

async function orchestrate(): Promise<void> {
  const { startRedis } = await import("../support/redis-server");
  const children: ChildProcess[] = [];
  const redis = await startRedis();
  try {
    const upstream = await spawnRole(["upstream"]);
    children.push(upstream.child);
    const upstreamBase = `http://127.0.0.1:${upstream.port}`;
    const proxy = await spawnRole(["proxy", String(upstream.port)]);
    const compressingProxy = await spawnRole(["proxy", String(upstream.port), "compress"]);
    children.push(proxy.child, compressingProxy.child);
    const configFile = path.join(mkdtempSync(path.join(tmpdir(), "relay-bench-")), "relay.json");
    writeFileSync(
      configFile,
      JSON.stringify({
        environments: [
          {
            id: "bench",
            label: "Bench",
            production: false,
            tokenUrl: `${upstreamBase}/t/oauth2/v2.0/token`,
            dataApiUrl: `${upstreamBase}/api`,
          },
        ],
        allowedOrigins: [],
      }),
    );
    const plain = [await spawnRelay(configFile), await spawnRelay(configFile), await spawnRelay(configFile)];
    const shared = [
      await spawnRelay(configFile, redis.url),
      await spawnRelay(configFile, redis.url),
      await spawnRelay(configFile, redis.url),
    ];
    children.push(...plain.map((relay) => relay.child), ...shared.map((relay) => relay.child));

    const headers = { authorization: "Bearer bench-token" };
    const browser = { ...headers, "accept-encoding": "gzip, deflate, br" };
    // The process in the middle, whose CPU time per request is counted (direct: none).
    const targets: Array<[string, (query: string) => string, ChildProcess | undefined]> = [
      ["direct", (query) => `${upstreamBase}/api/price?${query}`, undefined],
      ["minimal proxy", (query) => `http://127.0.0.1:${proxy.port}/api/data/bench/price?${query}`, proxy.child],
      [
        "compressing proxy",
        (query) => `http://127.0.0.1:${compressingProxy.port}/api/data/bench/price?${query}`,
        compressingProxy.child,
      ],
      ["relay", (query) => `${plain[0].url}/api/data/bench/price?${query}`, plain[0].child],
      ["relay + Redis", (query) => `${shared[0].url}/api/data/bench/price?${query}`, shared[0].child],
    ];
    console.log("Data route (best of 3 alternated rounds; req/s, MB/s of answer bytes received, p50/p99 ms)");
    for (const [size, query, count, concurrency] of [
      ["~2 KB", "query=(limit=20)&size=small", 1500, 32],
      ["~3 MB", "query=(limit=30000)&size=large", 16, 4],
    ] as const) {
      for (const [encodingName, requestHeaders] of [
        ["no accept-encoding", headers],
        ["browser accept-encoding", browser],
      ] as const) {
        const best = new Map<string, LoadResult>();
        const cpu = new Map<string, { ms: number; requests: number }>();
        const perRequest = (name: string) => ((cpu.get(name)?.ms ?? 0) * 1000) / (cpu.get(name)?.requests ?? 1);
        // Warm every target once, then alternate.
        for (const [, url] of targets)
          await load({
            urls: [url(query)],
            method: "GET",
            headers: requestHeaders,
            count: Math.min(count, 300),
            concurrency,
          });
        for (let round = 0; round < ROUNDS; round++) {
          const order = round % 2 === 0 ? targets : [...targets].reverse();
          for (const [name, url, middle] of order) {
            const before = cpuMs(middle);
            const result = await load({
              urls: [url(query)],
              method: "GET",
              headers: requestHeaders,
              count,
              concurrency,
            });
            const used = cpu.get(name) ?? { ms: 0, requests: 0 };
            cpu.set(name, { ms: used.ms + cpuMs(middle) - before, requests: used.requests + count });
            if (!best.has(name) || result.rps > best.get(name)!.rps) best.set(name, result);
          }
        }
        console.log(`  ${size}, ${encodingName}:`);
        for (const [name] of targets) {
          const r = best.get(name)!;
          console.log(
            `    ${name.padEnd(18)} ${r.rps.toFixed(0).padStart(6)} req/s ${r.mbps.toFixed(1).padStart(7)} MB/s  p50 ${r.p50.toFixed(2).padStart(7)}  p99 ${r.p99.toFixed(2).padStart(7)}  failures ${r.failures}${name === "direct" ? "" : `  CPU ${perRequest(name).toFixed(0).padStart(6)} µs/request`}`,
          );
        }
        const ratio = (a: string, b: string) => (best.get(a)!.rps / best.get(b)!.rps).toFixed(2);
        // Throughput on 2 shared cores follows the other sessions' load; CPU per request much less so.
        const cpuRatio = (a: string, b: string) => (perRequest(b) / perRequest(a)).toFixed(2);
        console.log(
          `    relay/minimal proxy ${ratio("relay", "minimal proxy")} (target ≥ 0.9)   Redis on/off ${ratio("relay + Redis", "relay")} (target ≥ 0.9)   minimal proxy/direct ${ratio("minimal proxy", "direct")}`,
        );
        console.log(
          `    by CPU per request (proxy's / relay's): relay/minimal proxy ${cpuRatio("relay", "minimal proxy")}` +
            (requestHeaders === browser
              ? `   relay/minimal compressing proxy ${cpuRatio("relay", "compressing proxy")} (the same compression on both)`
              : ""),
        );
        if (requestHeaders === browser) {
          console.log(
            `    relay/minimal compressing proxy ${ratio("relay", "compressing proxy")} (the same compression on both)   compressing/pass-through proxy ${ratio("compressing proxy", "minimal proxy")}`,
          );
        }
      }
    }

    console.log(
      "Token route: three relays round-robin, 3,000 requests for one client per run, 48 concurrent (best of 3)",
    );
    const tokenCount = async () => Number(await (await fetch(`${upstreamBase}/count`)).text());
    const body = JSON.stringify(CLIENT);
    const tokenHeaders = { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) };
    const fleets: Array<[string, typeof plain]> = [
      ["fleet without Redis", plain],
      ["fleet with Redis", shared],
    ];
    const bestTokens = new Map<string, LoadResult>();
    const calls = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, fleet] of round % 2 === 0 ? fleets : [...fleets].reverse()) {
        const before = await tokenCount();
        const result = await load({
          urls: fleet.map((relay) => `${relay.url}/api/token`),
          method: "POST",
          headers: tokenHeaders,
          body,
          count: 3000,
          concurrency: 48,
        });
        if (round === 0) calls.set(name, (await tokenCount()) - before);
        if (!bestTokens.has(name) || result.rps > bestTokens.get(name)!.rps) bestTokens.set(name, result);
      }
    }
    for (const [name] of fleets) {
      const r = bestTokens.get(name)!;
      console.log(
        `  ${name.padEnd(20)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2).padStart(6)}  p99 ${r.p99.toFixed(2).padStart(6)}  failures ${r.failures}  token endpoint calls in the first run: ${calls.get(name)}`,
      );
    }
    console.log(
      `  Redis on/off: ${(bestTokens.get("fleet with Redis")!.rps / bestTokens.get("fleet without Redis")!.rps).toFixed(2)} (target ≥ 0.9; without Redis each instance calls the token endpoint itself: 3 calls, with Redis: 1)`,
    );
  } finally {
    for (const child of children) child.kill("SIGKILL");
    generator?.kill("SIGKILL");
    answers = [];
    await redis.stop();
  }
}

const role = process.argv[2];
if (role === "upstream") upstreamRole();
else if (role === "proxy") proxyRole(Number(process.argv[3]), process.argv[4] === "compress");
else if (role === "load") await loadRole();
else await orchestrate();
