// Serves the built add-in (taskpane.html, functions.json, assets…) from the relay's own origin, so one https
// deployment hosts both and the add-in calls /api without CORS. Caching follows the build's file names: a file
// whose name carries webpack's content hash (vendor.0123456789ab.js) never changes under that name, so it is sent
// as immutable for a year and a warm pane loads it from the browser's cache without asking; everything Office or
// the manifest names by a fixed URL (taskpane.html, functions.js, functions.json, manifest.xml, help.html, assets,
// Office.js) is sent "no-cache" (revalidated by ETag / Last-Modified, cheap 304s), so a new release is seen at once.
// API routes are more specific than the wildcard and keep precedence.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import compress from "@fastify/compress";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** `[name].[contenthash:12].js` (and its source map), as webpack.config.js names every hashed file. */
export const HASHED_FILE = /\.[0-9a-f]{12}\.js(\.map)?$/;
export const IMMUTABLE = "public, max-age=31536000, immutable";

export async function registerStaticFiles(app: FastifyInstance, directory: string): Promise<void> {
  const root = path.resolve(directory);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new Error(
      `The static folder ${root} does not exist. Build the add-in first (npm run build) or fix --static.`,
    );
  }
  // Compression for these routes only (the add-in's scripts shrink to a fifth): its hooks would cost every API
  // request, and the data route compresses its own answers (answer-encoding.ts).
  await app.register(async (scope) => {
    await scope.register(compress, { threshold: 1024 });
    await scope.register(fastifyStatic, {
      root,
      prefix: "/",
      index: ["taskpane.html", "index.html"],
      dotfiles: "ignore",
      cacheControl: false,
      etag: true,
      lastModified: true,
      setHeaders: (response, file) =>
        response.setHeader("cache-control", HASHED_FILE.test(path.basename(file)) ? IMMUTABLE : "no-cache"),
    });
  });
}
