// The Azure AD token endpoint and the bearer check, over real HTTP: success shape, every AAD failure, and token
// expiry to the second on a controlled clock.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startSandbox, type RunningSandbox, type SandboxConfig } from "../../src/sandbox/server";

const RESOURCE = "api://sandbox.kalibrate.local/11111111-2222-4333-8444-555555555555";
const OTHER_RESOURCE = "api://sandbox.kalibrate.local/99999999-2222-4333-8444-555555555555";
const config: SandboxConfig = {
  tenantId: "6b1f1c38-0000-4000-8000-00000000abcd",
  tokenLifetimeSeconds: 600,
  clockSkewSeconds: 0,
  clients: [
    { clientId: "test-reader", clientSecret: "test-secret-not-real", scopes: [`${RESOURCE}/.default`], rights: "Read" },
    {
      clientId: "other-app",
      clientSecret: "other-secret-not-real",
      scopes: [`${OTHER_RESOURCE}/.default`],
      rights: "Read",
    },
  ],
};

let clock = Date.UTC(2025, 0, 1, 12, 0, 0);
let sandbox: RunningSandbox;
let skewed: RunningSandbox;

before(async () => {
  // Small data sets: these tests are about identity, not data.
  sandbox = await startSandbox({ port: 0, config, now: () => clock, size: 1000 });
  skewed = await startSandbox({ port: 0, config: { ...config, clockSkewSeconds: 30 }, now: () => clock, size: 1000 });
});

after(async () => {
  await sandbox.close();
  await skewed.close();
});

interface AadError {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

const valid = {
  client_id: "test-reader",
  client_secret: "test-secret-not-real",
  grant_type: "client_credentials",
  scope: `${RESOURCE}/.default`,
};

async function requestToken(fields: Record<string, string>, target = sandbox, url = target.tokenUrl) {
  const response = await fetch(url, { method: "POST", body: new URLSearchParams(fields) });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function tokenFor(target = sandbox): Promise<string> {
  const answer = await requestToken(valid, target);
  assert.equal(answer.status, 200);
  return answer.body.access_token as string;
}

async function callApi(token: string | undefined, target = sandbox, scheme = "Bearer") {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `${scheme} ${token}` };
  const response = await fetch(`${target.apiUrl}/site?query=(limit=1)`, { headers });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, string>,
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function assertAadError(body: Record<string, unknown>, error: string, code: number): AadError {
  const aad = body as unknown as AadError;
  assert.equal(aad.error, error);
  assert.deepEqual(aad.error_codes, [code]);
  assert.match(aad.error_description, new RegExp(`^AADSTS${code}: `));
  assert.match(aad.error_description, /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: /);
  assert.match(aad.trace_id, GUID);
  assert.match(aad.correlation_id, GUID);
  assert.match(aad.timestamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$/);
  assert.ok(aad.error_description.includes(`Trace ID: ${aad.trace_id}`));
  assert.ok(aad.error_description.includes(`Correlation ID: ${aad.correlation_id}`));
  assert.ok(aad.error_description.includes(`Timestamp: ${aad.timestamp}`));
  assert.equal(aad.error_uri, `https://login.microsoftonline.com/error?code=${code}`);
  // Exactly the fields Azure AD sends, no more.
  assert.deepEqual(Object.keys(aad).sort(), [
    "correlation_id",
    "error",
    "error_codes",
    "error_description",
    "error_uri",
    "timestamp",
    "trace_id",
  ]);
  return aad;
}

describe("token endpoint: success", () => {
  it("answers AAD's token response, with the configured lifetime", async () => {
    const answer = await requestToken(valid);
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body).sort(), ["access_token", "expires_in", "ext_expires_in", "token_type"]);
    assert.equal(answer.body.token_type, "Bearer");
    assert.equal(answer.body.expires_in, 600);
    assert.equal(answer.body.ext_expires_in, 600);
    assert.equal(answer.headers.get("cache-control"), "no-store");
  });

  it("issues an HS256 JWT naming the client, its rights, the scope's resource and the expiry", async () => {
    const token = await tokenFor();
    const [header, payload, signature] = token.split(".");
    assert.ok(signature.length > 0);
    assert.equal(JSON.parse(Buffer.from(header, "base64url").toString()).alg, "HS256");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    assert.equal(claims.aud, RESOURCE);
    assert.equal(claims.appid, "test-reader");
    assert.deepEqual(claims.roles, ["Read"]);
    assert.equal(claims.tid, config.tenantId);
    assert.equal(claims.exp - claims.iat, 600);
    assert.equal(claims.iat, Math.floor(clock / 1000));
  });

  it("accepts the tenant id and path in any letter case", async () => {
    const url = sandbox.tokenUrl.replace(config.tenantId, config.tenantId.toUpperCase()).replace("oauth2", "OAuth2");
    assert.equal((await requestToken(valid, sandbox, url)).status, 200);
  });

  it("the shipped config's sandbox credentials work", async () => {
    const shipped = await startSandbox({ port: 0, size: 1000 });
    try {
      for (const client of shipped.config.clients) {
        assert.match(client.clientSecret, /not-real/);
        const answer = await requestToken(
          {
            client_id: client.clientId,
            client_secret: client.clientSecret,
            grant_type: "client_credentials",
            scope: client.scopes[0],
          },
          shipped,
        );
        assert.equal(answer.status, 200);
      }
      assert.deepEqual(shipped.config.clients.map((c) => c.rights).sort(), ["Read", "ReadWrite"]);
    } finally {
      await shipped.close();
    }
  });
});

describe("token endpoint: failures in Azure AD's shape", () => {
  it("wrong secret: 401 invalid_client AADSTS7000215", async () => {
    const answer = await requestToken({ ...valid, client_secret: "wrong" });
    assert.equal(answer.status, 401);
    assertAadError(answer.body, "invalid_client", 7000215);
    assert.ok(!JSON.stringify(answer.body).includes("test-secret-not-real"));
  });

  it("unknown client: 400 unauthorized_client AADSTS700016, as Azure AD answers", async () => {
    const answer = await requestToken({ ...valid, client_id: "nobody" });
    assert.equal(answer.status, 400);
    assert.match(
      assertAadError(answer.body, "unauthorized_client", 700016).error_description,
      /^AADSTS700016: Application with identifier 'nobody' was not found in the directory '6b1f1c38-[^']+'\. /,
    );
  });

  it("an unknown client is reported before a wrong secret (Azure AD looks the application up first)", async () => {
    const answer = await requestToken({ ...valid, client_id: "nobody", client_secret: "wrong" });
    assertAadError(answer.body, "unauthorized_client", 700016);
  });

  it("no secret: 401 invalid_client AADSTS7000218", async () => {
    const { client_secret: _omitted, ...rest } = valid;
    const answer = await requestToken(rest);
    assert.equal(answer.status, 401);
    assertAadError(answer.body, "invalid_client", 7000218);
  });

  it("scope for an unknown resource: 400 invalid_resource AADSTS500011 naming the resource", async () => {
    const answer = await requestToken({ ...valid, scope: "api://elsewhere/abc/.default" });
    assert.equal(answer.status, 400);
    assert.match(
      assertAadError(answer.body, "invalid_resource", 500011).error_description,
      /The resource principal named api:\/\/elsewhere\/abc was not found in the tenant named /,
    );
  });

  for (const scope of ["sandbox-scope", "api://sandbox.kalibrate.local/x/.default extra", `${RESOURCE} /.default`]) {
    it(`malformed scope ${JSON.stringify(scope)}: 400 invalid_scope AADSTS70011`, async () => {
      const answer = await requestToken({ ...valid, scope });
      assert.equal(answer.status, 400);
      assert.match(
        assertAadError(answer.body, "invalid_scope", 70011).error_description,
        /The scope format is invalid\. Scope must be in a valid URI form/,
      );
    });
  }

  it("a scope in GUID form is well formed (then refused as an unknown resource)", async () => {
    const answer = await requestToken({ ...valid, scope: "11111111-2222-4333-8444-555555555555/.default" });
    assertAadError(answer.body, "invalid_resource", 500011);
  });

  it("scope without /.default: 400 invalid_scope AADSTS1002012", async () => {
    const answer = await requestToken({ ...valid, scope: `${RESOURCE}/read` });
    assert.equal(answer.status, 400);
    assertAadError(answer.body, "invalid_scope", 1002012);
  });

  it("scope of another application: 400 unauthorized_client AADSTS501051", async () => {
    const answer = await requestToken({ ...valid, scope: `${OTHER_RESOURCE}/.default` });
    assert.equal(answer.status, 400);
    assertAadError(answer.body, "unauthorized_client", 501051);
  });

  it("wrong grant type: 400 unsupported_grant_type AADSTS70003", async () => {
    const answer = await requestToken({ ...valid, grant_type: "password" });
    assert.equal(answer.status, 400);
    assert.match(assertAadError(answer.body, "unsupported_grant_type", 70003).error_description, /'password'/);
  });

  for (const name of ["grant_type", "client_id", "scope"]) {
    it(`missing ${name}: 400 invalid_request AADSTS900144 naming it`, async () => {
      const fields: Record<string, string> = { ...valid };
      delete fields[name];
      const answer = await requestToken(fields);
      assert.equal(answer.status, 400);
      assert.match(assertAadError(answer.body, "invalid_request", 900144).error_description, new RegExp(`'${name}'`));
    });
  }

  it("unknown tenant: 400 invalid_request AADSTS90002", async () => {
    const answer = await requestToken(valid, sandbox, sandbox.tokenUrl.replace(config.tenantId, "contoso.example"));
    assert.equal(answer.status, 400);
    assertAadError(answer.body, "invalid_request", 90002);
  });

  it("a JSON body instead of a form: 400 invalid_request", async () => {
    const response = await fetch(sandbox.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(valid),
    });
    assert.equal(response.status, 400);
    assertAadError((await response.json()) as Record<string, unknown>, "invalid_request", 900144);
  });

  it("a body in an unsupported content type: 400 invalid_request, not a bare 415", async () => {
    const response = await fetch(sandbox.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: "<x/>",
    });
    assert.equal(response.status, 400);
    assertAadError((await response.json()) as Record<string, unknown>, "invalid_request", 900144);
  });
});

describe("bearer check on the Data API", () => {
  function assertInvalidToken(answer: Awaited<ReturnType<typeof callApi>>, message: RegExp) {
    assert.equal(answer.status, 401);
    assert.match(answer.headers.get("www-authenticate") ?? "", /^Bearer error="invalid_token"/);
    assert.equal(answer.body.error, "Unauthorized");
    assert.match(answer.body.message, message);
  }

  it("a valid token is accepted", async () => {
    assert.equal((await callApi(await tokenFor())).status, 200);
  });

  it("no token: 401 saying how to get one", async () => {
    assertInvalidToken(await callApi(undefined), /No bearer token.*oauth2\/v2\.0\/token/);
  });

  it("another scheme: 401", async () => {
    assertInvalidToken(await callApi("dXNlcjpwYXNz", sandbox, "Basic"), /must be "Bearer <access_token>"/);
  });

  it("malformed token: 401", async () => {
    assertInvalidToken(await callApi("not-a-jwt"), /not a well-formed JWT/);
  });

  it("tampered claims: 401 (signature)", async () => {
    const [header, payload, signature] = (await tokenFor()).split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    claims.roles = ["ReadWrite"];
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    assertInvalidToken(await callApi(forged), /not issued by this sandbox/);
  });

  it("a token from another sandbox process: 401 (each process signs with its own key)", async () => {
    assertInvalidToken(await callApi(await tokenFor(skewed)), /not issued by this sandbox/);
  });

  it("expiry is enforced to the second", async () => {
    const issuedAt = Math.floor(clock / 1000) * 1000;
    clock = issuedAt;
    const token = await tokenFor();
    try {
      clock = issuedAt + 599_999; // 599.999 s: still second 599
      assert.equal((await callApi(token)).status, 200);
      clock = issuedAt + 600_000; // second 600 = exp
      assertInvalidToken(await callApi(token), /expired; tokens cannot be refreshed/);
    } finally {
      clock = issuedAt;
    }
  });

  it("clockSkewSeconds extends validity by that many seconds, no more", async () => {
    const issuedAt = Math.floor(clock / 1000) * 1000;
    clock = issuedAt;
    const token = await tokenFor(skewed);
    try {
      clock = issuedAt + 629_000;
      assert.equal((await callApi(token, skewed)).status, 200);
      clock = issuedAt + 630_000;
      assertInvalidToken(await callApi(token, skewed), /expired/);
    } finally {
      clock = issuedAt;
    }
  });

  it("GET /api/status needs a token too", async () => {
    const response = await fetch(`${sandbox.apiUrl}/status`);
    assert.equal(response.status, 401);
  });
});
