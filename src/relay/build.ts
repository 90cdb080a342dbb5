// npm run build:relay: the relay as plain JavaScript for production. One ES module bundled by esbuild with every
// dependency inside (node runs it without a TypeScript loader and without node_modules), beside the shipped
// configurations. src/relay/Dockerfile copies exactly this folder.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, "../../dist/relay");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(here, "main.ts")],
  outfile: path.join(out, "main.mjs"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: false,
  sourcemap: "linked",
  legalComments: "linked",
  // Bundled CommonJS packages call require() for Node's built-ins; an ES module has none of its own.
  banner: {
    js: 'import { createRequire as __relayCreateRequire } from "node:module"; const require = __relayCreateRequire(import.meta.url);',
  },
  logLevel: "warning",
});
cpSync(path.join(here, "config"), path.join(out, "config"), { recursive: true });
process.stdout.write(
  `Relay built: ${path.relative(process.cwd(), out)}/main.mjs (run: node ${path.relative(process.cwd(), out)}/main.mjs --config FILE)\n`,
);
