// A local OpenID Connect provider that plays Microsoft Entra ID for `npm start` and the tests: oidc-provider (panva)
// over https on loopback (MSAL refuses http authorities), authorization code flow with PKCE, an interactive login
// page, and two made-up users (src/dev/identity-provider.users.json), one with the Kalibrate.Read role and one
// without. Its access tokens are JWTs with Entra's claims: iss, aud, tid, oid, preferred_username, roles, scp. The
// issuer has Entra's shape, https://localhost:PORT/{tenant}/v2.0, so the relay's managed configuration looks the same
// as in production.
import { randomBytes } from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";

export interface IdentityUser {
  username: string;
  password: string;
  name: string;
  oid: string;
  roles: string[];
}

export interface IdentityUsersFile {
  tenantId: string;
  users: IdentityUser[];
}

export interface IdentityClient {
  clientId: string;
  redirectUris: string[];
}

export interface IdentityProviderOptions {
  certificate: { key: string | Buffer; cert: string | Buffer };
  /** Default 0 (a free port). */
  port?: number;
  /** The API the access tokens are for (the relay's managed environment's audience). */
  audience: string;
  /** The API's delegated scope name, e.g. "Kalibrate.Read"; requested as `${audience}/${scope}`. */
  scope: string;
  /** Asked for on the first request, so they may name servers started after this one (the relay's redirect page). */
  clients: () => IdentityClient[];
  users?: IdentityUsersFile;
  /**
   * Lifetime of the access tokens it issues, in seconds (default 3600, Entra's usual hour). Tests set a few seconds to
   * see the add-in renew a token silently after it expires.
   */
  accessTokenTtlSeconds?: number;
}

export interface RunningIdentityProvider {
  /** https://localhost:PORT/{tenant}/v2.0: the `iss` of its tokens and MSAL's authority. */
  issuer: string;
  /** "localhost:PORT", for MSAL's knownAuthorities. */
  host: string;
  tenantId: string;
  users: IdentityUser[];
  close(): Promise<void>;
}

export const USERS_FILE = new URL("./identity-provider.users.json", import.meta.url);

export function loadUsers(): IdentityUsersFile {
  return JSON.parse(readFileSync(USERS_FILE, "utf8")) as IdentityUsersFile;
}

export async function startIdentityProvider(options: IdentityProviderOptions): Promise<RunningIdentityProvider> {
  const users = options.users ?? loadUsers();
  const server = https.createServer({ key: options.certificate.key, cert: options.certificate.cert });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const host = `localhost:${(server.address() as AddressInfo).port}`;
  const mountPath = `/${users.tenantId}/v2.0`;
  const issuer = `https://${host}${mountPath}`;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = {
    ...(await exportJWK(privateKey)),
    kid: `local-${randomBytes(4).toString("hex")}`,
    alg: "RS256",
    use: "sig",
  };

  let provider: Provider | undefined;
  const build = () => {
    const configuration = providerConfiguration(options, users, signingKey, mountPath);
    const built = new Provider(issuer, configuration);
    built.proxy = false;
    return built;
  };

  server.on("request", (request, response) => {
    provider ??= build();
    const url = request.url ?? "/";
    if (!url.startsWith(mountPath)) {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not found: the provider lives under " + mountPath);
      return;
    }
    // Mounted below the issuer's path, as oidc-provider expects when it is mounted (it reads originalUrl).
    (request as { originalUrl?: string }).originalUrl = url;
    request.url = url.slice(mountPath.length) || "/";
    if (request.url.startsWith("/interaction/")) {
      void interaction(provider, users.users, request, response).catch((error: Error) => {
        if (!response.headersSent) response.writeHead(400, { "content-type": "text/html; charset=utf-8" });
        response.end(page("Sign-in failed", `<p>${escapeHtml(error.message)}</p>`));
      });
      return;
    }
    const ready = provider;
    grantedScopesOnRenewal(request).then(
      () => ready.callback()(request, response),
      (error: Error) => response.writeHead(400, { "content-type": "text/plain" }).end(error.message),
    );
  });

  return {
    issuer,
    host,
    tenantId: users.tenantId,
    users: users.users,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Entra ID renews a single-page app's token for the scopes it was granted whatever default scopes MSAL adds to the
 * refresh request; oidc-provider refuses a renewal naming a scope the refresh token does not carry by name (MSAL's
 * offline_access, profile, and the API scope, granted through the resource indicator). So a refresh-token request's
 * scope is dropped here, which oidc-provider reads as "the scopes granted", and the body handed on as already parsed
 * (it reads `req.body` when the stream is consumed).
 */
async function grantedScopesOnRenewal(request: import("node:http").IncomingMessage): Promise<void> {
  if (request.method !== "POST" || request.url?.split("?")[0] !== "/token") return; // MSAL adds a query string
  const form = new URLSearchParams(await readBody(request));
  if (form.get("grant_type") === "refresh_token") form.delete("scope");
  (request as { body?: unknown }).body = Object.fromEntries(form);
}

function providerConfiguration(
  options: IdentityProviderOptions,
  file: IdentityUsersFile,
  signingKey: object,
  mountPath: string,
): Configuration {
  const resourceScope = `${options.audience}/${options.scope}`;
  const byId = new Map(file.users.map((user) => [user.oid, user]));
  return {
    clients: options.clients().map((client) => ({
      client_id: client.clientId,
      token_endpoint_auth_method: "none",
      application_type: "web",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      redirect_uris: client.redirectUris,
    })),
    jwks: { keys: [signingKey as never] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    scopes: ["openid", "profile", "offline_access"],
    claims: { openid: ["sub", "tid", "oid"], profile: ["name", "preferred_username"] },
    pkce: { required: () => true },
    // Like Entra ID for a single-page app: every code redemption also gives a refresh token, so MSAL renews access
    // tokens without a window (oidc-provider's default wants offline_access granted through a consent prompt).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    // A single-page app calls the token endpoint from its own origin.
    clientBasedCORS: () => true,
    interactions: { url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // MSAL sends no `resource` parameter: every token is for the relay's API, like an Entra scope's app.
        defaultResource: () => options.audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== options.audience) throw new Error(`unknown resource ${resource}`);
          return {
            scope: resourceScope,
            audience: options.audience,
            accessTokenTTL: options.accessTokenTtlSeconds ?? 3600,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "RS256" } },
          };
        },
      },
    },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      const user = byId.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          oid: user.oid,
          tid: file.tenantId,
          name: user.name,
          preferred_username: user.username,
        }),
      };
    },
    // Entra's access-token claims beside oidc-provider's own (iss, aud, exp, nbf, iat, sub, scope, client_id).
    async extraTokenClaims(_ctx, token) {
      const accountId = "accountId" in token ? token.accountId : undefined;
      const user = accountId ? byId.get(accountId) : undefined;
      if (!user) return undefined;
      const scp = String((token as { scope?: string }).scope ?? "")
        .split(" ")
        .filter((scope) => scope.startsWith(`${options.audience}/`))
        .map((scope) => scope.slice(options.audience.length + 1))
        .join(" ");
      return {
        tid: file.tenantId,
        oid: user.oid,
        preferred_username: user.username,
        name: user.name,
        roles: user.roles,
        scp,
        nbf: Math.floor(Date.now() / 1000),
      };
    },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = page("Sign-in error", `<p>${escapeHtml(String(out.error_description ?? out.error))}</p>`);
    },
  };
}

/** The login page (GET), its form (POST), and the consent every first-party app of the organisation has (admin consent). */
async function interaction(
  provider: Provider,
  users: IdentityUser[],
  request: import("node:http").IncomingMessage,
  response: import("node:http").ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  const { prompt, params, uid } = details;
  if (prompt.name === "consent") {
    const accountId = details.session!.accountId;
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ??
        new provider.Grant({ accountId, clientId: String(params.client_id) }))
      : new provider.Grant({ accountId, clientId: String(params.client_id) });
    const missing = prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(" "));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(request, response, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  if (request.method === "POST") {
    const form = new URLSearchParams(await readBody(request));
    const user = users.find(
      (candidate) =>
        candidate.username.toLowerCase() === (form.get("username") ?? "").trim().toLowerCase() &&
        candidate.password === form.get("password"),
    );
    if (user) {
      await provider.interactionFinished(
        request,
        response,
        { login: { accountId: user.oid } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(
      loginPage(
        uid,
        String(params.login_hint ?? form.get("username") ?? ""),
        "That username and password do not match a user of the local identity provider (see src/dev/identity-provider.users.json).",
      ),
    );
    return;
  }
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(loginPage(uid, String(params.login_hint ?? ""), ""));
}

function loginPage(uid: string, username: string, problem: string): string {
  return page(
    "Sign in — local identity provider",
    `<p>Local identity provider for development: made-up users only.</p>
    ${problem ? `<p role="alert" style="color:#a4262c">${escapeHtml(problem)}</p>` : ""}
    <form method="post" action="${escapeHtml(uid)}">
      <label>Username <input name="username" autocomplete="username" value="${escapeHtml(username)}"></label>
      <label>Password <input name="password" type="password" autocomplete="current-password"></label>
      <button type="submit">Sign in</button>
    </form>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:2rem auto;padding:0 1rem}label{display:block;margin:.6rem 0}input{display:block;width:100%;padding:.4rem}button{margin-top:.8rem;padding:.5rem 1rem}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function readBody(request: import("node:http").IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > 16 * 1024) request.destroy(new Error("form too large"));
    });
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}
