// Organisation sign-in on the relay (issue 12): managed environments in front of the real sandbox, with user tokens
// signed by keys of the test's own (test/support/test-issuer.ts). Every way a token can be wrong is refused with
// 401/403 and a sentence; a rotated key is picked up without a restart; the relay's Kalibrate secret never leaves it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { base64url, exportSPKI, importJWK, SignJWT } from "jose";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/server";
import { buildRelay, loadRelayConfig, RelayConfigError, type RelayConfig } from "../../src/relay/server";
import { startTestIssuer, type TestIssuer } from "../support/test-issuer";

const TENANT = "11111111-2222-4333-8444-555555555555";
const FOREIGN_TENANT = "99999999-2222-4333-8444-555555555555";
const AUDIENCE = "api://kalibrate-relay-test";
const OTHER_AUDIENCE = "api://kalibrate-relay-other";
const SECRET_ENV = "RELAY_TEST_MANAGED_SECRET";
const COOLDOWN_MS = 5 * 60_000;

let sandbox: RunningSandbox;
let issuer: TestIssuer;
let app: Awaited<ReturnType<typeof buildRelay>>;
let clock = Date.now();
let logs = "";
let kalibrateSecret = "";
const responses: string[] = [];

const nowSeconds = () => Math.floor(clock / 1000);

function managedEnvironment(id: string, audience: string, clientId: string, scope: string) {
  return {
    id,
    label: `${id} (organisation sign-in)`,
    production: false,
    tokenUrl: sandbox.tokenUrl,
    dataApiUrl: sandbox.apiUrl,
    managed: {
      clientId,
      clientSecretEnv: SECRET_ENV,
      scope,
      signIn: {
        issuer: issuer.issuer,
        audience,
        clientId: "addin-spa-test-client",
        scopes: [`${audience}/Kalibrate.Read`],
        allowedTenants: [TENANT],
        requiredRole: "Kalibrate.Read",
      },
    },
  };
}

function claims(overrides: Record<string, unknown> = {}) {
  return {
    iss: issuer.issuer,
    aud: AUDIENCE,
    tid: TENANT,
    oid: "00000000-0000-4000-8000-00000000a11c",
    preferred_username: "alice@contoso.example",
    roles: ["Kalibrate.Read"],
    scp: "Kalibrate.Read",
    iat: nowSeconds(),
    nbf: nowSeconds(),
    exp: nowSeconds() + 3600,
    ...overrides,
  };
}

async function query(token: string | undefined, environment = "contoso") {
  const response = await app.inject({
    method: "GET",
    url: `/api/data/${environment}/Site?query=(limit=2)`,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  responses.push(response.body, JSON.stringify(response.headers));
  return {
    status: response.statusCode,
    body: response.json() as { error?: string; message?: string; length?: number },
  };
}

async function assertRefused(token: string, status: number, code: string, words: RegExp, environment = "contoso") {
  const reply = await query(token, environment);
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.equal(reply.body.error, code);
  assert.match(String(reply.body.message), words);
}

function auditLines(): Array<Record<string, unknown>> {
  return logs
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { msg?: string; audit?: Record<string, unknown> })
    .filter((line) => line.msg === "audit")
    .map((line) => line.audit!);
}

before(async () => {
  sandbox = await startSandbox({ port: 0 });
  issuer = await startTestIssuer();
  const reader = sandbox.config.clients[0];
  kalibrateSecret = reader.clientSecret;
  const config: RelayConfig = {
    environments: [
      { id: "sandbox", label: "Sandbox", production: false, tokenUrl: sandbox.tokenUrl, dataApiUrl: sandbox.apiUrl },
      managedEnvironment("contoso", AUDIENCE, reader.clientId, reader.scopes[0]),
      managedEnvironment("fabrikam", OTHER_AUDIENCE, reader.clientId, reader.scopes[0]),
    ],
    allowedOrigins: [],
  };
  app = await buildRelay({
    config,
    now: () => clock,
    logStream: new Writable({
      write(chunk, _encoding, done) {
        logs += chunk.toString();
        done();
      },
    }),
    managed: { env: { [SECRET_ENV]: kalibrateSecret }, jwksCooldownMs: COOLDOWN_MS },
  });
});

after(async () => {
  await app?.close();
  await issuer?.close();
  await sandbox?.close();
});

describe("managed environments: what the pane is told", () => {
  test("GET /api/environments marks managed environments and gives their signIn block, never Kalibrate credentials", async () => {
    const response = await app.inject({ method: "GET", url: "/api/environments" });
    const list = response.json() as Array<Record<string, unknown>>;
    assert.equal(list.find((e) => e.id === "sandbox")?.managed, undefined);
    const contoso = list.find((e) => e.id === "contoso")!;
    assert.equal(contoso.managed, true);
    assert.deepEqual(contoso.signIn, {
      issuer: issuer.issuer,
      audience: AUDIENCE,
      clientId: "addin-spa-test-client",
      scopes: [`${AUDIENCE}/Kalibrate.Read`],
      requiredRole: "Kalibrate.Read",
    });
    const reader = sandbox.config.clients[0];
    for (const credential of [reader.clientId, reader.scopes[0], SECRET_ENV, kalibrateSecret]) {
      assert.equal(response.body.includes(credential), false, `${credential} must not be published`);
    }
  });

  test("POST /api/token refuses a managed environment with a sentence saying to sign in", async () => {
    const response = await app.inject({
      method: "POST",
      url: "/api/token",
      payload: { environment: "contoso", clientId: "x", clientSecret: "y", scope: "api://x/.default" },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error, "managed_environment");
    assert.match(response.json().message, /Sign in with your organisation in the Kalibrate pane/);
    const bare = await app.inject({ method: "POST", url: "/api/token", payload: { environment: "contoso" } });
    assert.equal(bare.json().error, "managed_environment", "no client secret is asked for first");
  });
});

describe("managed environments: user tokens", () => {
  test("a valid token is accepted and the Data API is called with the relay's own token", async () => {
    const reply = await query(await issuer.sign(claims()));
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.length, 2);
    const line = auditLines().at(-1)!;
    assert.deepEqual(line, {
      oid: "00000000-0000-4000-8000-00000000a11c",
      preferred_username: "alice@contoso.example",
      tid: TENANT,
      environment: "contoso",
      collection: "site",
      method: "GET",
      status: 200,
    });
  });

  test("the relay's client-credentials token is cached: many analysts' requests, one token exchange", async () => {
    const before = await tokenExchanges();
    for (let i = 0; i < 3; i++)
      assert.equal((await query(await issuer.sign(claims({ oid: `user-${i}` })))).status, 200);
    assert.equal(await tokenExchanges(), before);
  });

  test("the pane's sign-in check names the user, or says why not, without calling Kalibrate", async () => {
    const ok = await app.inject({
      method: "GET",
      url: "/api/signin/contoso",
      headers: { authorization: `Bearer ${await issuer.sign(claims())}` },
    });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { environment: "contoso", user: "alice@contoso.example" });
    const refused = await app.inject({
      method: "GET",
      url: "/api/signin/contoso",
      headers: { authorization: `Bearer ${await issuer.sign(claims({ roles: [] }))}` },
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error, "missing_role");
    assert.equal(auditLines().at(-1)!.check, "sign-in");
    const plain = await app.inject({ method: "GET", url: "/api/signin/sandbox" });
    assert.equal(plain.statusCode, 404);
  });

  test("no token: 401 saying to sign in", async () => {
    const reply = await query(undefined);
    assert.equal(reply.status, 401);
    assert.equal(reply.body.error, "sign_in_required");
    assert.match(String(reply.body.message), /sign in in the Kalibrate pane/);
  });

  test("expired (beyond the 60 s skew) is refused", async () => {
    await assertRefused(await issuer.sign(claims({ exp: nowSeconds() - 61 })), 401, "token_expired", /expired/);
  });

  test("expired within the stated skew is still accepted", async () => {
    assert.equal((await query(await issuer.sign(claims({ exp: nowSeconds() - 30 })))).status, 200);
  });

  test("not yet valid is refused", async () => {
    await assertRefused(
      await issuer.sign(claims({ nbf: nowSeconds() + 600 })),
      401,
      "token_not_yet_valid",
      /not valid yet/,
    );
  });

  test("wrong audience is refused", async () => {
    await assertRefused(
      await issuer.sign(claims({ aud: "api://someone-else" })),
      401,
      "wrong_audience",
      /another application/,
    );
  });

  test("wrong issuer is refused", async () => {
    const iss = "https://login.microsoftonline.com/99999999-2222-4333-8444-555555555555/v2.0";
    await assertRefused(await issuer.sign(claims({ iss })), 401, "wrong_issuer", /does not trust/);
  });

  test("a foreign tenant is refused with 403", async () => {
    await assertRefused(
      await issuer.sign(claims({ tid: FOREIGN_TENANT })),
      403,
      "tenant_not_allowed",
      /does not accept/,
    );
  });

  test("a user without the role is refused with 403 saying whom to ask", async () => {
    await assertRefused(
      await issuer.sign(claims({ roles: ["Something.Else"], preferred_username: "bob@contoso.example" })),
      403,
      "missing_role",
      /bob@contoso\.example does not have the Kalibrate\.Read role .* Ask IT/,
    );
    const line = auditLines().at(-1)!;
    assert.equal(line.status, 403);
    assert.equal(line.refused, "missing_role");
  });

  test("alg none is refused", async () => {
    const header = base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }));
    const payload = base64url.encode(JSON.stringify(claims()));
    await assertRefused(`${header}.${payload}.`, 401, "algorithm_not_allowed", /accepted algorithm/);
  });

  test("HS256 signed with the published public key is refused", async () => {
    const key = issuer.published[0];
    const pem = await exportSPKI((await importJWK(key.publicJwk, "RS256", { extractable: true })) as never);
    const hmacKey = new TextEncoder().encode(pem);
    const forged = await new SignJWT(claims()).setProtectedHeader({ alg: "HS256", kid: key.kid }).sign(hmacKey);
    await assertRefused(forged, 401, "algorithm_not_allowed", /accepted algorithm/);
  });

  test("a tampered payload is refused", async () => {
    const [header, , signature] = (await issuer.sign(claims({ roles: [] }))).split(".");
    const payload = base64url.encode(JSON.stringify(claims({ roles: ["Kalibrate.Read"] })));
    await assertRefused(`${header}.${payload}.${signature}`, 401, "invalid_signature", /signature/);
  });

  test("a token for another managed environment is refused", async () => {
    await assertRefused(await issuer.sign(claims()), 401, "wrong_audience", /another application/, "fabrikam");
    assert.equal((await query(await issuer.sign(claims({ aud: OTHER_AUDIENCE })), "fabrikam")).status, 200);
  });

  test("an unknown kid is refused, and within the cool-down the keys are not fetched again", async () => {
    const stranger = await issuer.newKey("RS256", "not-published");
    const fetches = issuer.jwksFetches;
    await assertRefused(await issuer.sign(claims(), stranger), 401, "unknown_signing_key", /does not publish/);
    await assertRefused(await issuer.sign(claims(), stranger), 401, "unknown_signing_key", /does not publish/);
    assert.ok(issuer.jwksFetches - fetches <= 1, `fetched ${issuer.jwksFetches - fetches} times within the cool-down`);
  });

  test("a rotated signing key is picked up without a restart", async () => {
    const next = await issuer.newKey("PS256");
    issuer.published = [next]; // the old key is retired at the same time
    const token = await issuer.sign(claims(), next);
    clock += COOLDOWN_MS + 1000;
    assert.equal((await query(token)).status, 200);
    const ec = await issuer.newKey("ES256");
    issuer.published.push(ec);
    clock += COOLDOWN_MS + 1000;
    assert.equal((await query(await issuer.sign(claims(), ec))).status, 200);
  });

  test("the Kalibrate client secret and user tokens never appear in responses or logs", async () => {
    const everything = responses.join("\n") + logs;
    assert.ok(responses.length > 20);
    assert.equal(everything.includes(kalibrateSecret), false);
    assert.equal(logs.includes("eyJ"), false, "no JWT in the log");
  });
});

describe("managed environments: configuration", () => {
  const base = () => ({
    environments: [managedEnvironment("contoso", AUDIENCE, "kalibrate-client", "api://kalibrate/.default")],
    allowedOrigins: [],
  });

  test("a client secret in the config file is refused with a sentence saying where it goes", () => {
    const config = base();
    (config.environments[0].managed as Record<string, unknown>).clientSecret = "oops";
    assert.throws(
      () => loadRelayConfig(config as RelayConfig),
      (error: Error) => {
        assert.ok(error instanceof RelayConfigError);
        assert.match(error.message, /never goes in the configuration file.*clientSecretEnv/);
        return true;
      },
    );
  });

  test("a missing secret variable stops the relay at start, naming the variable", async () => {
    await assert.rejects(
      buildRelay({ config: base() as RelayConfig, managed: { env: {} } }),
      /environment variable RELAY_TEST_MANAGED_SECRET is not set/,
    );
  });

  test("an http issuer off loopback is refused", () => {
    const config = base();
    config.environments[0].managed.signIn.issuer = "http://login.example.com/tenant/v2.0";
    assert.throws(() => loadRelayConfig(config as RelayConfig), /must use https/);
  });
});

async function tokenExchanges(): Promise<number> {
  const response = await fetch(`${sandbox.url}/_sandbox/requests`);
  const all = (await response.json()) as Array<{ url: string }>;
  return all.filter((r) => r.url.includes("/oauth2/")).length;
}
