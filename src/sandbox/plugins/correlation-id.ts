// Every response carries an `x-correlation-id` GUID (the add-in shows it next to errors). A GUID the caller sends
// in `x-correlation-id` or `client-request-id` is echoed, so a relay can trace a call end to end.

import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { sharedPlugin } from "./shared-plugin";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ids = new WeakMap<FastifyRequest, string>();

export function correlationIdOf(request: FastifyRequest): string {
  let id = ids.get(request);
  if (!id) {
    id = randomUUID();
    ids.set(request, id);
  }
  return id;
}

export const correlationIdPlugin = sharedPlugin("sandbox-correlation-id", async (app) => {
  app.addHook("onRequest", async (request, reply) => {
    const given = request.headers["x-correlation-id"] ?? request.headers["client-request-id"];
    const id = typeof given === "string" && GUID.test(given) ? given.toLowerCase() : randomUUID();
    ids.set(request, id);
    reply.header("x-correlation-id", id);
  });
});
