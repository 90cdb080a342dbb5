// Relay overhead, measured honestly: every part in its own process (a scripted Data API + token endpoint, each relay,
// a 30-line minimal pass-through proxy, and the load generator), so the relay is compared with what any proxy costs.
// Beside it, for uncompressed answers, the relay's own per-request duties done on bare node (path whitelist, upstream
// client and its timeouts, headers, log line): relay/duties is what Fastify costs, duties/minimal proxy what the duties do.
// Data route: direct to the upstream, through the minimal proxy (and, without accept-encoding the same as it, a minimal
// proxy that compresses as the relay does), through the relay, through the relay with Redis on;
// small (~2 KB) and ~3 MB answers; without and with a browser's Accept-Encoding; alternated 3 times (best of 3).
// Token route: a fleet of three relays sharing one redis-server against the same three without Redis, round-robin.
// Targets: relay ≥ 0.9× the minimal proxy; Redis on ≥ 0.9× Redis off. On a 2-core machine all processes compete,
// so read the ratios as a lower bound for the relay.
// Run: npx tsx test/bench/relay.bench.ts (the roles are in relay-roles.ts)
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { bundleRelay, REQUIRE_BANNER } from "../../src/relay/bundle";
import { nodeFlags, stages } from "../support/dockerfile";
import type { LoadResult, LoadSpec } from "./relay-roles";

const ROLES = path.join(path.dirname(fileURLToPath(import.meta.url)), "relay-roles.ts");
const ROUNDS = 3;
/** The floor of the relay's own per-request work on bare node (relay-roles.ts, dutiesRole). */
const DUTIES = "duties, no framework";
const CLIENT = {
  environment: "bench",
  clientId: "bench-client",
  clientSecret: "bench-secret-made-up",
  scope: "api://bench/.default",
};
const CACHE_KEY = "bench-cache-key-made-up-for-the-benchmark-0123456789";

/**
 * The runtime settings of the relay's image (its Dockerfile's last stage): NODE_ENV, the allocator's GLIBC_TUNABLES
 * and the heap options its CMD gives node (--initial-old-space-size). The relay runs with all three, as in its
 * container; every other process gets the same allocator settings and node options, so no comparison is decided by
 * which process happens to fall into returning and refaulting its memory (without them, one process or another took
 * up to 1,000 page faults per 3 MB answer on these machines) or into V8's loop of full collections.
 */
const IMAGE = (() => {
  const dockerfile = readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), "../../src/relay/Dockerfile"),
    "utf8",
  );
  const all = stages(dockerfile);
  const final = all[all.length - 1];
  const { NODE_ENV, GLIBC_TUNABLES } = final.env;
  return { env: { NODE_ENV, GLIBC_TUNABLES }, nodeFlags: nodeFlags(final.cmd) };
})();
const ALLOCATOR_ENV = { ...process.env, GLIBC_TUNABLES: IMAGE.env.GLIBC_TUNABLES };

/** A process of the bench's roles (relay-roles.ts), with the image's node options and allocator settings. */
function spawnRoles(args: string[], stdin: "ignore" | "pipe"): ChildProcess {
  return spawn(process.execPath, [...IMAGE.nodeFlags, bundles.roles, ...args], {
    stdio: [stdin, "pipe", "inherit"],
    env: ALLOCATOR_ENV,
  });
}

// ---- the orchestrator ----
/**
 * CPU time (user + system, ms) and minor page faults a child process has had so far, from one read of /proc (Linux;
 * zeros elsewhere or without a child).
 */
function usage(child: ChildProcess | undefined): { cpuMs: number; faults: number } {
  if (!child?.pid) return { cpuMs: 0, faults: 0 };
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
    // minflt, then utime and stime in clock ticks (USER_HZ 100)
    return { cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / 100, faults: Number(fields[7]) };
  } catch {
    return { cpuMs: 0, faults: 0 };
  }
}

function spawnRole(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawnRoles(args, "ignore");
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

/**
 * Every process runs plain JavaScript with plain node: the relay as it ships (its production bundle, NODE_ENV
 * production, as in its container) and the roles bundled the same way. Under a TypeScript loader the relay cost about
 * twice the proxy's CPU on 3 MB answers: the loader's module and source-map caches grew its heap, and every garbage
 * collection with it.
 */
const bundles = { relay: "", roles: "" };

async function buildBundles(folder: string): Promise<void> {
  bundles.relay = path.join(folder, "relay.mjs");
  bundles.roles = path.join(folder, "roles.mjs");
  await bundleRelay(bundles.relay);
  await build({
    entryPoints: [ROLES],
    outfile: bundles.roles,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    // The duties role uses the relay's upstream client, and with it undici (CommonJS).
    banner: { js: REQUIRE_BANNER },
    logLevel: "warning",
  });
}

let generator: ChildProcess | undefined;
let answers: Array<(result: LoadResult) => void> = [];

/** Runs one load spec in the load generator's own process. */
function load(spec: LoadSpec): Promise<LoadResult> {
  if (!generator) {
    generator = spawnRoles(["load"], "pipe");
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
      ...IMAGE.nodeFlags,
      bundles.relay,
      "--port",
      "0",
      "--config",
      configFile,
      ...(redisUrl ? ["--redis", redisUrl] : []),
    ],
    { stdio: ["ignore", log, "inherit"], env: { ...process.env, ...IMAGE.env, RELAY_CACHE_KEY: CACHE_KEY } },
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
  const work = mkdtempSync(path.join(tmpdir(), "relay-bench-"));
  try {
    await buildBundles(work);
    const upstream = await spawnRole(["upstream"]);
    children.push(upstream.child);
    const upstreamBase = `http://127.0.0.1:${upstream.port}`;
    const proxy = await spawnRole(["proxy", String(upstream.port)]);
    const compressingProxy = await spawnRole(["proxy", String(upstream.port), "compress"]);
    const duties = await spawnRole(["duties", String(upstream.port), path.join(work, "duties.log")]);
    children.push(proxy.child, compressingProxy.child, duties.child);
    const configFile = path.join(work, "relay.json");
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
      [DUTIES, (query) => `http://127.0.0.1:${duties.port}/api/data/bench/price?${query}`, duties.child],
      ["relay", (query) => `${plain[0].url}/api/data/bench/price?${query}`, plain[0].child],
      ["relay + Redis", (query) => `${shared[0].url}/api/data/bench/price?${query}`, shared[0].child],
    ];
    console.log("Data route (best of 3 alternated rounds; req/s, MB/s of answer bytes received, p50/p99 ms)");
    for (const [size, query, count, concurrency] of [
      ["~2 KB", "query=(limit=20)&size=small", 4000, 32],
      ["~3 MB", "query=(limit=30000)&size=large", 48, 4],
    ] as const) {
      for (const [encodingName, requestHeaders] of [
        ["no accept-encoding", headers],
        ["browser accept-encoding", browser],
      ] as const) {
        // The duties floor answers uncompressed only: no comparison for a caller that takes compression.
        const compared = requestHeaders === browser ? targets.filter(([name]) => name !== DUTIES) : targets;
        const best = new Map<string, LoadResult>();
        const cpu = new Map<string, { ms: number; requests: number; faults: number }>();
        const perRequest = (name: string) => ((cpu.get(name)?.ms ?? 0) * 1000) / (cpu.get(name)?.requests ?? 1);
        // Warm every target with a whole run, then alternate. A shorter warm-up (300 requests) left the first
        // section's figures to V8's optimising compiler: the same pass-through proxy cost 230 µs a request there
        // and 110 µs in the next section, and the relay, with more code to optimise, paid more of it.
        for (const [, url] of compared)
          await load({ urls: [url(query)], method: "GET", headers: requestHeaders, count, concurrency });
        for (let round = 0; round < ROUNDS; round++) {
          const order = round % 2 === 0 ? compared : [...compared].reverse();
          for (const [name, url, middle] of order) {
            const before = usage(middle);
            const result = await load({
              urls: [url(query)],
              method: "GET",
              headers: requestHeaders,
              count,
              concurrency,
            });
            const after = usage(middle);
            const used = cpu.get(name) ?? { ms: 0, requests: 0, faults: 0 };
            cpu.set(name, {
              ms: used.ms + after.cpuMs - before.cpuMs,
              requests: used.requests + count,
              faults: used.faults + after.faults - before.faults,
            });
            if (!best.has(name) || result.rps > best.get(name)!.rps) best.set(name, result);
          }
        }
        console.log(`  ${size}, ${encodingName}:`);
        for (const [name] of compared) {
          const r = best.get(name)!;
          console.log(
            `    ${name.padEnd(20)} ${r.rps.toFixed(0).padStart(6)} req/s ${r.mbps.toFixed(1).padStart(7)} MB/s  p50 ${r.p50.toFixed(2).padStart(7)}  p99 ${r.p99.toFixed(2).padStart(7)}  failures ${r.failures}${name === "direct" ? "" : `  CPU ${perRequest(name).toFixed(0).padStart(6)} µs/request  page faults ${((cpu.get(name)?.faults ?? 0) / (cpu.get(name)?.requests ?? 1)).toFixed(1).padStart(6)}/request`}`,
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
        if (requestHeaders !== browser) {
          console.log(
            `    Fastify's share and the duties' (the relay's per-request work on bare node): relay/duties ${ratio("relay", DUTIES)} (by CPU ${cpuRatio("relay", DUTIES)})   duties/minimal proxy ${ratio(DUTIES, "minimal proxy")} (by CPU ${cpuRatio(DUTIES, "minimal proxy")})`,
          );
        }
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

await orchestrate();
