// The relay as one plain ES module: esbuild bundles main.ts with every dependency inside, so node runs it without a
// TypeScript loader and without node_modules. Used by `npm run build:relay` (build.ts) and by the relay bench, which
// measures the relay as it ships.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Bundled CommonJS packages (undici, pino) call require() for Node's built-ins; an ES module has none of its own. */
export const REQUIRE_BANNER =
  'import { createRequire as __relayCreateRequire } from "node:module"; const require = __relayCreateRequire(import.meta.url);';

export async function bundleRelay(outfile: string): Promise<void> {
  await build({
    entryPoints: [path.join(here, "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: false,
    sourcemap: "linked",
    legalComments: "linked",
    banner: { js: REQUIRE_BANNER },
    logLevel: "warning",
  });
}
