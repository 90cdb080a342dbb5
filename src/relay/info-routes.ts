// GET /healthz (for load balancers and container probes) and GET /api/environments (what the add-in offers to pick):
// the relay's two answers about itself, both computed once.
import type { FastifyPluginAsync } from "fastify";
import type { RelayConfig } from "./config";

const ENVIRONMENTS_RESPONSE = {
  200: {
    type: "array",
    items: {
      type: "object",
      required: ["id", "label", "production"],
      properties: { id: { type: "string" }, label: { type: "string" }, production: { type: "boolean" } },
    },
  },
} as const;

export const infoRoutes: FastifyPluginAsync<{ config: RelayConfig }> = async (app, { config }) => {
  const environments = config.environments.map(({ id, label, production }) => ({ id, label, production }));
  app.get("/healthz", async (_request, reply) => {
    reply.header("cache-control", "no-store");
    return { status: "ok" };
  });
  app.get("/api/environments", { schema: { response: ENVIRONMENTS_RESPONSE } }, async (_request, reply) => {
    reply.header("cache-control", "no-cache");
    return environments;
  });
};
