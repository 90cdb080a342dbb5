// npx tsx src/sandbox/main.ts --port 7071 [--config FILE] [--size N] [--seed S] [--log]
// Listens on 127.0.0.1, prints the URLs and the (made-up) sandbox credentials, stops cleanly on SIGINT/SIGTERM.

import { parseArgs } from "node:util";
import { ConfigError } from "./config";
import { DEFAULT_SEED, DEFAULT_SIZE, startSandbox } from "./server";

const USAGE = "Usage: npx tsx src/sandbox/main.ts [--port 7071] [--config FILE] [--size N] [--seed S] [--log]";

function wholeNumber(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a whole number, not "${text}". ${USAGE}`);
  return Number(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      config: { type: "string" },
      size: { type: "string" },
      seed: { type: "string" },
      log: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = wholeNumber(values.port, "port", 7071);
  const size = wholeNumber(values.size, "size", DEFAULT_SIZE);
  const started = performance.now();
  const sandbox = await startSandbox({ port, config: values.config, size, seed: values.seed, logger: values.log });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const counts = sandbox.data.priceCounts();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const lines = [
    `Kalibrate sandbox ready in ${seconds} s (seed "${values.seed ?? DEFAULT_SEED}", ${total} prices, ` +
      `${sandbox.data.ownSites.length} own sites)`,
    `  Base URL     ${sandbox.url}`,
    `  Data API     ${sandbox.apiUrl}`,
    `  Token URL    ${sandbox.tokenUrl}`,
    `  Tenant       ${sandbox.config.tenantId}`,
    "  Sandbox credentials (made up; valid only against this local sandbox):",
    ...sandbox.config.clients.flatMap((client) => [
      `    ${client.clientId}  (${client.rights})  secret ${client.clientSecret}`,
      `      scope ${client.scopes.join(" ")}`,
    ]),
    "  Press Ctrl+C to stop.",
  ];
  console.log(lines.join("\n"));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox…`);
    sandbox.close().then(
      () => console.log("Sandbox stopped."),
      (error: unknown) => {
        console.error("The sandbox did not stop cleanly:", error);
        process.exitCode = 1;
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
