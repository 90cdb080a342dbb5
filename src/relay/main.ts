// CLI: npx tsx src/relay/main.ts --port 7072 --config <file> [--host H] [--static DIR] [--tls-cert F --tls-key F]
// [--redis URL] (npm run relay -- …; built: node dist/relay/main.mjs …). Flags win over environment variables
// (RELAY_CONFIG, PORT, HOST, RELAY_STATIC_DIR, RELAY_TLS_CERT, RELAY_TLS_KEY, RELAY_REDIS_URL); RELAY_CACHE_KEY is
// read from the environment only (a secret); settings inside the configuration can be overridden by RELAY_* variables.
// stdout carries only JSON log lines, including the "ready" line with the URLs; SIGTERM/SIGINT finish in-flight
// requests, then exit.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_UPSTREAM_TIMEOUT_MS, loadRelayConfig, RelayConfigError } from "./config";
import { startRelay, type RunningRelay } from "./server";

const USAGE =
  "Usage: npx tsx src/relay/main.ts --config FILE [--port 7072] [--host 127.0.0.1] [--static DIR] [--tls-cert FILE --tls-key FILE] [--redis redis://HOST:PORT]";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    fail(`Cannot read ${flag} ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        config: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        static: { type: "string" },
        "tls-cert": { type: "string" },
        "tls-key": { type: "string" },
        redis: { type: "string" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const env = process.env;
  const configPath = values.config ?? env.RELAY_CONFIG;
  if (!configPath) fail(`Say which configuration to use: --config FILE or RELAY_CONFIG.\n${USAGE}`);
  const portText = values.port ?? env.PORT ?? "7072";
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    fail(`The port must be a number from 0 to 65535, not "${portText}".`);
  }
  const certFile = values["tls-cert"] ?? env.RELAY_TLS_CERT;
  const keyFile = values["tls-key"] ?? env.RELAY_TLS_KEY;
  if (Boolean(certFile) !== Boolean(keyFile)) fail("Give both --tls-cert and --tls-key (or neither, for plain http).");

  let config;
  try {
    config = loadRelayConfig(configPath, env);
  } catch (error) {
    if (error instanceof RelayConfigError) fail(error.message);
    throw error;
  }
  const staticDir = values.static ?? env.RELAY_STATIC_DIR;
  const redisUrl = values.redis ?? env.RELAY_REDIS_URL;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) {
    fail(`The Redis URL must start with redis:// or rediss://, not "${redisUrl.replace(/\/\/[^@/]*@/, "//…@")}".`);
  }
  let relay: RunningRelay;
  try {
    relay = await startRelay({
      config,
      port: Number(portText),
      host: values.host ?? env.HOST ?? "127.0.0.1",
      staticDir,
      redisUrl,
      cacheKey: env.RELAY_CACHE_KEY || undefined,
      https:
        certFile && keyFile ? { cert: readPem(certFile, "--tls-cert"), key: readPem(keyFile, "--tls-key") } : undefined,
    });
  } catch (error) {
    fail(`The relay could not start: ${(error as Error).message}`);
  }
  const environments = config.environments.map((environment) => environment.id).join(", ");
  relay.app.relayLog.info(
    {
      url: relay.url,
      environments: config.environments.map((environment) => environment.id),
      allowedOrigins: config.allowedOrigins,
      sharedState: redisUrl ? "redis" : "in-process",
      ...(staticDir ? { addIn: `${relay.url}/taskpane.html` } : {}),
    },
    `Relay ready at ${relay.url} (environments: ${environments}; ${relay.url}/api/environments; health ${relay.url}/healthz${staticDir ? `; add-in ${relay.url}/taskpane.html` : ""})`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second Ctrl+C means "now".
      process.exit(1);
    }
    stopping = true;
    relay.app.relayLog.info({ signal }, "Stopping: finishing requests in flight");
    const timeoutMs = (config.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS) + 5_000;
    setTimeout(() => {
      relay.app.relayLog.warn("Requests still in flight after the upstream timeout; exiting anyway");
      process.exit(1);
    }, timeoutMs).unref();
    await relay.close();
    relay.app.relayLog.info("Stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

await main();
