// Serves the built add-in (taskpane.html, functions.json, assets…) from the relay's own origin, so one https
// deployment hosts both and the add-in calls /api without CORS. File names are not content-hashed, so nothing may be
// cached without asking: every file is sent with "no-cache" (revalidated by ETag / Last-Modified, cheap 304s).
// API routes are more specific than the wildcard and keep precedence.
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

export async function registerStaticFiles(app: FastifyInstance, directory: string): Promise<void> {
  const root = path.resolve(directory);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new Error(
      `The static folder ${root} does not exist. Build the add-in first (npm run build) or fix --static.`,
    );
  }
  await app.register(fastifyStatic, {
    root,
    prefix: "/",
    index: ["taskpane.html", "index.html"],
    dotfiles: "ignore",
    cacheControl: false,
    etag: true,
    lastModified: true,
    setHeaders: (response) => response.setHeader("cache-control", "no-cache"),
  });
}
