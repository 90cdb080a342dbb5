// Relay overhead: the same Data API query at 50 concurrent connections, straight to the sandbox and through the relay,
// side by side in one run (throughput and p50/p99 latency ratios); then 10,000 token requests through the relay and
// the number of them that reached the token endpoint (counted by the sandbox; target 1).
// The relay runs as its own process (its CLI, logging to a file), as it would in production; the sandbox and the load
// generator share this one. On a 2-core machine the three compete for CPU, so read the ratios as an upper bound.
// Run: npx tsx test/bench/relay.bench.ts
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startSandbox } from "../../src/sandbox/server";

const CONCURRENCY = 50;
const REQUESTS = 4000;
const WARMUP = 300;
const TOKEN_REQUESTS = 10_000;
const QUERY = "query=(entityVariant=Own)+(limit=20)";

interface Target {
  url: URL;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
}

interface RunResult {
  seconds: number;
  latencies: number[];
  failures: number;
}

function once(agent: http.Agent, target: Target): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: target.url.hostname,
        port: target.url.port,
        path: target.url.pathname + target.url.search,
        method: target.method,
        headers: target.headers,
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(target.body);
  });
}

async function run(target: Target, count: number): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      next++;
      const begin = performance.now();
      const status = await once(agent, target).catch(() => 0);
      latencies.push(performance.now() - begin);
      if (status !== 200) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { seconds, latencies: latencies.sort((a, b) => a - b), failures };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function describe(name: string, result: RunResult, count: number): { rps: number; p50: number; p99: number } {
  const rps = count / result.seconds;
  const p50 = percentile(result.latencies, 50);
  const p99 = percentile(result.latencies, 99);
  console.log(
    `${name.padEnd(16)} ${rps.toFixed(0).padStart(6)} req/s   p50 ${p50.toFixed(2).padStart(6)} ms   p99 ${p99.toFixed(2).padStart(6)} ms   failures ${result.failures}`,
  );
  return { rps, p50, p99 };
}

async function tokenEndpointCalls(sandboxUrl: string, tokenPath: string): Promise<number> {
  const response = await fetch(`${sandboxUrl}/_sandbox/requests`);
  const requests = (await response.json()) as Array<{ method: string; url: string }>;
  return requests.filter((request) => request.method === "POST" && request.url.startsWith(tokenPath)).length;
}

/** Starts the relay CLI on a free port, its JSON log going to a file; resolves once the ready line is there. */
async function spawnRelay(configFile: string): Promise<{ url: string; stop(): Promise<void> }> {
  const logFile = path.join(path.dirname(configFile), `relay-${Date.now()}.log`);
  const log = openSync(logFile, "w");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/relay/main.ts", "--port", "0", "--config", configFile],
    {
      stdio: ["ignore", log, "inherit"],
    },
  );
  closeSync(log);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  void exit.then(() => (exited = true));
  for (let waited = 0; waited < 30_000 && !exited; waited += 50) {
    const line = readFileSync(logFile, "utf8")
      .split("\n")
      .find((text) => text.includes('"Relay ready'));
    if (line) {
      const url = JSON.parse(line).url as string;
      return {
        url,
        stop: async () => {
          child.kill("SIGTERM");
          await exit;
        },
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`the relay did not start; see ${logFile}`);
}

const sandbox = await startSandbox({ port: 0 });
const client = sandbox.config.clients[0];
const configFile = path.join(mkdtempSync(path.join(tmpdir(), "relay-bench-")), "relay.json");
writeFileSync(
  configFile,
  JSON.stringify({
    environments: [
      { id: "sandbox", label: "Sandbox", production: false, tokenUrl: sandbox.tokenUrl, dataApiUrl: sandbox.apiUrl },
    ],
    allowedOrigins: [],
  }),
);
const relay = await spawnRelay(configFile);
try {
  const tokenBody = JSON.stringify({
    environment: "sandbox",
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scope: client.scopes[0],
  });
  const tokenResponse = await fetch(`${relay.url}/api/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: tokenBody,
  });
  const { accessToken } = (await tokenResponse.json()) as { accessToken: string };
  const headers = { authorization: `Bearer ${accessToken}` };
  const direct: Target = { url: new URL(`${sandbox.apiUrl}/price?${QUERY}`), method: "GET", headers };
  const relayed: Target = { url: new URL(`${relay.url}/api/data/sandbox/price?${QUERY}`), method: "GET", headers };

  console.log(`Relay overhead: GET price?${QUERY}, ${REQUESTS} requests, ${CONCURRENCY} concurrent connections`);
  await run(direct, WARMUP);
  await run(relayed, WARMUP);
  const d = describe("sandbox direct", await run(direct, REQUESTS), REQUESTS);
  const r = describe("through relay", await run(relayed, REQUESTS), REQUESTS);
  console.log(
    `ratio relay/direct: throughput ${(r.rps / d.rps).toFixed(2)}   p50 latency ${(r.p50 / d.p50).toFixed(2)}   p99 latency ${(r.p99 / d.p99).toFixed(2)}`,
  );
} finally {
  await relay.stop();
}

// A fresh relay, so the token request above does not count.
const tokenRelay = await spawnRelay(configFile);
try {
  const tokenBody = JSON.stringify({
    environment: "sandbox",
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scope: client.scopes[0],
  });
  const tokenPath = new URL(sandbox.tokenUrl).pathname;
  const before = await tokenEndpointCalls(sandbox.url, tokenPath);
  const tokens = await run(
    {
      url: new URL(`${tokenRelay.url}/api/token`),
      method: "POST",
      headers: { "content-type": "application/json" },
      body: tokenBody,
    },
    TOKEN_REQUESTS,
  );
  const upstreamCalls = (await tokenEndpointCalls(sandbox.url, tokenPath)) - before;
  describe("token requests", tokens, TOKEN_REQUESTS);
  console.log(`token endpoint calls during ${TOKEN_REQUESTS} token requests: ${upstreamCalls} (target 1)`);
} finally {
  await tokenRelay.stop();
  await sandbox.close();
}
