// GET /healthz (for load balancers and container probes) and GET /api/environments (what the add-in offers to pick):
// the relay's two answers about itself, both computed once.
import type { FastifyPluginAsync } from "fastify";
import type { RelayConfig } from "./config";
import { publicSignIn } from "./managed/settings";

const ENVIRONMENTS_RESPONSE = {
  200: {
    type: "array",
    items: {
      type: "object",
      required: ["id", "label", "production"],
      properties: {
        id: { type: "string" },
        label: { type: "string" },
        production: { type: "boolean" },
        // Organisation sign-in (src/relay/managed): what the pane needs to sign in, never the Kalibrate credentials.
        managed: { type: "boolean" },
        signIn: {
          type: "object",
          properties: {
            issuer: { type: "string" },
            audience: { type: "string" },
            clientId: { type: "string" },
            scopes: { type: "array", items: { type: "string" } },
            requiredRole: { type: "string" },
          },
        },
      },
    },
  },
} as const;

export const infoRoutes: FastifyPluginAsync<{ config: RelayConfig }> = async (app, { config }) => {
  const environments = config.environments.map(({ id, label, production, managed }) => ({
    id,
    label,
    production,
    ...publicSignIn(managed),
  }));
  app.get("/healthz", async (_request, reply) => {
    reply.header("cache-control", "no-store");
    return { status: "ok" };
  });
  app.get("/api/environments", { schema: { response: ENVIRONMENTS_RESPONSE } }, async (_request, reply) => {
    reply.header("cache-control", "no-cache");
    return environments;
  });
};
