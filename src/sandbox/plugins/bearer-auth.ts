// Every /api call needs `Authorization: Bearer <token from the token endpoint>`: signature, expiry (to the second,
// with the configured clock skew) and audience are checked; failures are 401 with WWW-Authenticate.

import type { FastifyReply, FastifyRequest } from "fastify";
import { sendApiError } from "../api-errors";
import { resourceOf, type Rights, type SandboxConfig } from "../config";
import type { TokenSigner } from "../jwt";
import { sharedPlugin } from "./shared-plugin";

export interface Principal {
  clientId: string;
  rights: Rights;
  /** The token's audience: the scope's resource. Every scope sees the same seeded data. */
  resource: string;
}

export interface BearerAuthOptions {
  config: SandboxConfig;
  signer: TokenSigner;
  now: () => number;
  /** The token endpoint's path, named in messages. */
  tokenPath: string;
}

const principals = new WeakMap<FastifyRequest, Principal>();

export function principalOf(request: FastifyRequest): Principal {
  const principal = principals.get(request);
  if (!principal) throw new Error("principalOf() called on a request the bearer check did not pass");
  return principal;
}

function unauthorized(reply: FastifyReply, description: string, message: string): FastifyReply {
  reply.header("www-authenticate", `Bearer error="invalid_token", error_description="${description}"`);
  return sendApiError(reply, 401, "Unauthorized", message);
}

export const bearerAuthPlugin = sharedPlugin<BearerAuthOptions>("sandbox-bearer-auth", async (app, options) => {
  const { config, signer, now, tokenPath } = options;
  const resources = new Set(config.clients.flatMap((client) => client.scopes.map(resourceOf)));
  const getToken = `request one with POST ${tokenPath} (client credentials)`;

  app.addHook("onRequest", async (request, reply) => {
    const header = request.headers.authorization;
    if (!header) {
      return unauthorized(
        reply,
        "No bearer token was sent",
        `No bearer token: send the header "Authorization: Bearer <access_token>"; ${getToken}.`,
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      return unauthorized(
        reply,
        "The Authorization header does not use the Bearer scheme",
        `The Authorization header must be "Bearer <access_token>"; ${getToken}.`,
      );
    }
    const result = signer.verify(match[1], Math.floor(now() / 1000), config.clockSkewSeconds);
    if (!result.ok) {
      switch (result.reason) {
        case "malformed":
          return unauthorized(
            reply,
            "The token is malformed",
            "The bearer token is not a well-formed JWT; send the access_token from the token response unchanged.",
          );
        case "signature":
          return unauthorized(
            reply,
            "The token signature is invalid",
            `The bearer token was not issued by this sandbox (or the sandbox restarted since); ${getToken}.`,
          );
        case "expired":
          return unauthorized(
            reply,
            "The token is expired",
            `The bearer token has expired; tokens cannot be refreshed, so ${getToken}.`,
          );
        default:
          return unauthorized(reply, "The token is not yet valid", `The bearer token is not valid yet; ${getToken}.`);
      }
    }
    const { claims } = result;
    if (!resources.has(claims.aud) || claims.tid !== config.tenantId) {
      return unauthorized(
        reply,
        "The token audience is invalid",
        `The bearer token was issued for a scope this sandbox does not serve; ${getToken}.`,
      );
    }
    const rights: Rights = claims.roles?.includes("ReadWrite") ? "ReadWrite" : "Read";
    principals.set(request, { clientId: claims.appid, rights, resource: claims.aud });
  });
});
