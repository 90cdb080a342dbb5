// The local identity provider (src/dev/identity-provider.ts, oidc-provider over https) with the relay in front of the
// sandbox: the authorization code flow with PKCE signs the made-up users in, its access tokens carry Entra's claims,
// the relay accepts the user with the role and refuses the one without, and a wrong password is refused on the page.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { selfSignedLocalhost } from "../../src/dev/certificates";
import { startIdentityProvider, type RunningIdentityProvider } from "../../src/dev/identity-provider";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/server";
import { startRelay, type RunningRelay } from "../../src/relay/server";
import { signInWithCodeFlow } from "../support/code-flow";

const AUDIENCE = "api://kalibrate-relay-local";
const CLIENT_ID = "kalibrate-addin-local";
const REDIRECT = "https://localhost:3000/auth-redirect.html";
let cert: { private: string; cert: string };
let idp: RunningIdentityProvider;
let sandbox: RunningSandbox;
let relay: RunningRelay;

before(async () => {
  cert = await selfSignedLocalhost();
  idp = await startIdentityProvider({
    certificate: { key: cert.private, cert: cert.cert },
    audience: AUDIENCE,
    scope: "Kalibrate.Read",
    clients: () => [{ clientId: CLIENT_ID, redirectUris: [REDIRECT] }],
  });
  sandbox = await startSandbox({ port: 0 });
  const reader = sandbox.config.clients[0];
  relay = await startRelay({
    port: 0,
    logStream: new Writable({ write: (_c, _e, done) => done() }),
    managed: { env: { LOCAL_MANAGED_SECRET: reader.clientSecret }, identityCa: cert.cert },
    config: {
      environments: [
        {
          id: "managed",
          label: "Managed",
          production: false,
          tokenUrl: sandbox.tokenUrl,
          dataApiUrl: sandbox.apiUrl,
          managed: {
            clientId: reader.clientId,
            clientSecretEnv: "LOCAL_MANAGED_SECRET",
            scope: reader.scopes[0],
            signIn: {
              issuer: idp.issuer,
              audience: AUDIENCE,
              clientId: CLIENT_ID,
              scopes: [`${AUDIENCE}/Kalibrate.Read`],
              allowedTenants: [idp.tenantId],
              requiredRole: "Kalibrate.Read",
            },
          },
        },
      ],
      allowedOrigins: [],
    },
  });
});

after(async () => {
  await relay?.close();
  await sandbox?.close();
  await idp?.close();
});

const signIn = (username: string, password: string) =>
  signInWithCodeFlow({
    issuer: idp.issuer,
    ca: cert.cert,
    clientId: CLIENT_ID,
    redirectUri: REDIRECT,
    scope: `openid profile offline_access ${AUDIENCE}/Kalibrate.Read`,
    username,
    password,
  });

const user = (name: string) => idp.users.find((u) => u.username.startsWith(name))!;

describe("local identity provider", () => {
  test("the code flow with PKCE gives a JWT access token with Entra's claims", async () => {
    const analyst = user("analyst");
    const { tokens } = await signIn(analyst.username, analyst.password);
    const accessToken = String(tokens!.access_token);
    assert.equal(decodeProtectedHeader(accessToken).alg, "RS256");
    const claims = decodeJwt(accessToken);
    assert.equal(claims.iss, idp.issuer);
    assert.equal(claims.aud, AUDIENCE);
    assert.equal(claims.tid, idp.tenantId);
    assert.equal(claims.oid, analyst.oid);
    assert.equal(claims.preferred_username, analyst.username);
    assert.deepEqual(claims.roles, ["Kalibrate.Read"]);
    assert.equal(claims.scp, "Kalibrate.Read");
    assert.ok(typeof tokens!.id_token === "string");
  });

  test("the relay accepts the analyst's token and serves data", async () => {
    const analyst = user("analyst");
    const { tokens } = await signIn(analyst.username, analyst.password);
    const response = await fetch(`${relay.url}/api/data/managed/Site?query=(limit=3)`, {
      headers: { authorization: `Bearer ${tokens!.access_token}` },
    });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as unknown[]).length, 3);
  });

  test("the relay refuses the user without the role with a sentence", async () => {
    const visitor = user("visitor");
    const { tokens } = await signIn(visitor.username, visitor.password);
    const response = await fetch(`${relay.url}/api/data/managed/Site`, {
      headers: { authorization: `Bearer ${tokens!.access_token}` },
    });
    assert.equal(response.status, 403);
    const body = (await response.json()) as { error: string; message: string };
    assert.equal(body.error, "missing_role");
    assert.match(body.message, /visitor@contoso\.example does not have the Kalibrate\.Read role/);
  });

  test("a wrong password stays on the login page with a message", async () => {
    const { tokens, loginPage } = await signIn(user("analyst").username, "wrong-password");
    assert.equal(tokens, undefined);
    assert.match(String(loginPage), /do not match a user of the local identity provider/);
  });
});
