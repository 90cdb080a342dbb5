// npm run build:relay: the relay as plain JavaScript for production (bundle.ts), beside the shipped configurations.
// src/relay/Dockerfile copies exactly this folder.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleRelay } from "./bundle";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, "../../dist/relay");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await bundleRelay(path.join(out, "main.mjs"));
cpSync(path.join(here, "config"), path.join(out, "config"), { recursive: true });
process.stdout.write(
  `Relay built: ${path.relative(process.cwd(), out)}/main.mjs (run: node ${path.relative(process.cwd(), out)}/main.mjs --config FILE)\n`,
);
