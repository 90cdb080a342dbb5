// The Azure AD v2 token endpoint, client credentials only: POST /{tenant}/oauth2/v2.0/token with a form body of
// client_id, client_secret, grant_type=client_credentials and scope. Failures mirror AAD's codes and statuses.

import formbody from "@fastify/formbody";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { aadErrorBody, sendAadError, type AadError } from "../aad-errors";
import { resourceOf, type SandboxConfig } from "../config";
import type { TokenSigner } from "../jwt";

export interface TokenOptions {
  config: SandboxConfig;
  signer: TokenSigner;
  now: () => number;
  correlationIdOf: (request: FastifyRequest) => string;
}

/** The issuer written into tokens; a name, never contacted. */
export function issuerFor(tenantId: string): string {
  return `https://login.sandbox.kalibrate.local/${tenantId}/v2.0`;
}

interface Failure {
  status: number;
  error: AadError;
  code: number;
  description: string;
}

const missing = (name: string): Failure => ({
  status: 400,
  error: "invalid_request",
  code: 900144,
  description: `The request body must contain the following parameter: '${name}'.`,
});

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" && first !== "" ? first : undefined;
}

/** One scope in URI form (`api://host/guid/.default`) or GUID form (`<guid>/.default`), as Azure AD accepts. */
const WELL_FORMED_SCOPE =
  /^(?:[a-z][a-z0-9+.-]*:\/\/[^\s/]+(?:\/[^\s]*)?|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[^\s]+)$/i;

/** Checks in the order AAD reports them: tenant, grant type, client, secret, then the scope's form and resource. */
function check(config: SandboxConfig, tenant: string, body: Record<string, unknown>): Failure | Required<TokenGrant> {
  if (tenant.toLowerCase() !== config.tenantId.toLowerCase()) {
    return {
      status: 400,
      error: "invalid_request",
      code: 90002,
      description:
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the ` +
        `correct cloud. This sandbox's tenant is '${config.tenantId}'.`,
    };
  }
  const grantType = field(body, "grant_type");
  if (!grantType) return missing("grant_type");
  if (grantType !== "client_credentials") {
    return {
      status: 400,
      error: "unsupported_grant_type",
      code: 70003,
      description: `The app requested an unsupported grant type '${grantType}'. Use 'client_credentials'.`,
    };
  }
  const clientId = field(body, "client_id");
  if (!clientId) return missing("client_id");
  const scope = field(body, "scope");
  if (!scope) return missing("scope");
  const client = config.clients.find((c) => c.clientId.toLowerCase() === clientId.toLowerCase());
  if (!client) {
    return {
      status: 400,
      error: "unauthorized_client",
      code: 700016,
      description:
        `Application with identifier '${clientId}' was not found in the directory '${config.tenantId}'. This can ` +
        "happen if the application has not been installed by the administrator of the tenant or consented to by " +
        "any user in the tenant. You may have sent your authentication request to the wrong tenant.",
    };
  }
  const secret = field(body, "client_secret");
  if (!secret) {
    return {
      status: 401,
      error: "invalid_client",
      code: 7000218,
      description: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    };
  }
  if (secret !== client.clientSecret) {
    return {
      status: 401,
      error: "invalid_client",
      code: 7000215,
      description:
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, " +
        `not the client secret ID, for a secret added to app '${client.clientId}'.`,
    };
  }
  if (!WELL_FORMED_SCOPE.test(scope)) {
    return {
      status: 400,
      error: "invalid_scope",
      code: 70011,
      description:
        "The provided request must include a 'scope' input parameter. The provided value for the input parameter " +
        `'scope' is not valid. The scope ${scope} is not valid. The scope format is invalid. Scope must be in a ` +
        "valid URI form <https://example/scope> or a valid Guid <guid/scope>.",
    };
  }
  if (!scope.endsWith("/.default")) {
    return {
      status: 400,
      error: "invalid_scope",
      code: 1002012,
      description:
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with ` +
        "/.default suffixed to the resource identifier (application ID URI).",
    };
  }
  const resource = resourceOf(scope);
  const knownResources = new Set(config.clients.flatMap((c) => c.scopes.map(resourceOf)));
  if (!knownResources.has(resource)) {
    return {
      status: 400,
      error: "invalid_resource",
      code: 500011,
      description:
        `The resource principal named ${resource} was not found in the tenant named ${config.tenantId}. This can ` +
        "happen if the application has not been installed by the administrator of the tenant or consented to by " +
        "any user in the tenant. You might have sent your authentication request to the wrong tenant.",
    };
  }
  if (!client.scopes.some((s) => resourceOf(s) === resource)) {
    return {
      status: 400,
      error: "unauthorized_client",
      code: 501051,
      description: `Application '${client.clientId}' is not assigned to a role for the application '${resource}'.`,
    };
  }
  return { clientId: client.clientId, rights: client.rights, resource };
}

interface TokenGrant {
  clientId: string;
  rights: string;
  resource: string;
}

const tokenResponseSchema = {
  200: {
    type: "object",
    required: ["token_type", "expires_in", "ext_expires_in", "access_token"],
    properties: {
      token_type: { type: "string" },
      expires_in: { type: "integer" },
      ext_expires_in: { type: "integer" },
      access_token: { type: "string" },
    },
  },
} as const;

export async function tokenPlugin(app: FastifyInstance, options: TokenOptions): Promise<void> {
  const { config, signer, now } = options;
  await app.register(formbody);

  const fail = (request: FastifyRequest, reply: FastifyReply, failure: Failure) =>
    sendAadError(
      reply,
      failure.status,
      aadErrorBody(failure.error, failure.code, failure.description, options.correlationIdOf(request), now()),
    );

  // A body AAD cannot read (wrong content type, broken form) reads as a request without parameters.
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) throw error;
    return fail(request, reply, {
      ...missing("grant_type"),
      description:
        "The request body must contain the following parameter: 'grant_type'. Send the parameters as an " +
        "application/x-www-form-urlencoded body.",
    });
  });

  app.post(
    "/:tenant/oauth2/v2.0/token",
    {
      schema: {
        params: { type: "object", properties: { tenant: { type: "string" } }, required: ["tenant"] },
        response: tokenResponseSchema,
      },
    },
    async (request, reply) => {
      const { tenant } = request.params as { tenant: string };
      const isForm = String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
      const body =
        isForm && request.body && typeof request.body === "object" ? (request.body as Record<string, unknown>) : {};
      const outcome = check(config, tenant, body);
      if ("status" in outcome) return fail(request, reply, outcome);
      const issuedAt = Math.floor(now() / 1000);
      const accessToken = signer.issue({
        aud: outcome.resource,
        iss: issuerFor(config.tenantId),
        iat: issuedAt,
        nbf: issuedAt,
        exp: issuedAt + config.tokenLifetimeSeconds,
        sub: outcome.clientId,
        azp: outcome.clientId,
        appid: outcome.clientId,
        tid: config.tenantId,
        roles: [outcome.rights],
      });
      reply.header("cache-control", "no-store").header("pragma", "no-cache");
      return {
        token_type: "Bearer",
        expires_in: config.tokenLifetimeSeconds,
        ext_expires_in: config.tokenLifetimeSeconds,
        access_token: accessToken,
      };
    },
  );
}
