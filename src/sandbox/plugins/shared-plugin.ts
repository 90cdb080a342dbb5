// Fastify gives every registered plugin its own scope; hooks meant for the whole server (correlation id, request
// log, faults) must skip that. This is what the fastify-plugin package does, without depending on it.

import type { FastifyPluginAsync, FastifyPluginOptions } from "fastify";

export function sharedPlugin<Options extends FastifyPluginOptions>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  const marked = plugin as FastifyPluginAsync<Options> & Record<symbol, unknown>;
  marked[Symbol.for("skip-override")] = true;
  marked[Symbol.for("fastify.display-name")] = name;
  return marked;
}
