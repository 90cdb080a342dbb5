import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadRelayConfig, RelayConfigError, type RelayConfig } from "../../src/relay/config";

const sandpit = {
  id: "sandpit",
  label: "Sandpit",
  production: false,
  tokenUrl: "https://login.microsoftonline.com/efa98c7b-2114-46e8-be99-954a4f1a2d9c/oauth2/v2.0/token",
  dataApiUrl: "https://dev.data.thekalibratecloud.com/api/",
};

function config(overrides: Record<string, unknown> = {}): RelayConfig {
  return { environments: [sandpit], allowedOrigins: ["https://localhost:3000"], ...overrides } as RelayConfig;
}

function rejects(value: unknown, pattern: RegExp, env: NodeJS.ProcessEnv = {}) {
  assert.throws(
    () => loadRelayConfig(value as RelayConfig, env),
    (error: Error) => error instanceof RelayConfigError && pattern.test(error.message),
  );
}

describe("relay configuration", () => {
  test("a valid configuration loads with the trailing slash of dataApiUrl removed", () => {
    const loaded = loadRelayConfig(config());
    assert.equal(loaded.environments[0].dataApiUrl, "https://dev.data.thekalibratecloud.com/api");
    assert.deepEqual(loaded.allowedOrigins, ["https://localhost:3000"]);
  });

  test("the shipped Kalibrate configuration refuses to start until production is filled in, naming the field", () => {
    const file = path.resolve("src/relay/config/kalibrate.json");
    assert.throws(
      () => loadRelayConfig(file),
      /environment "production": "tokenUrl" is still a placeholder.*RELAY_ENV_PRODUCTION_TOKEN_URL/,
    );
    const filled = loadRelayConfig(file, {
      RELAY_ENV_PRODUCTION_TOKEN_URL:
        "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token",
      RELAY_ENV_PRODUCTION_DATA_API_URL: "https://data.example.com/api",
    });
    const sandpitEntry = filled.environments.find((environment) => environment.id === "sandpit");
    assert.equal(sandpitEntry?.tokenUrl, sandpit.tokenUrl);
    assert.equal(sandpitEntry?.dataApiUrl, "https://dev.data.thekalibratecloud.com/api");
    assert.equal(filled.environments.find((environment) => environment.id === "production")?.production, true);
  });

  test("the shipped sandbox configuration points at the local sandbox with the sandbox's tenant", () => {
    const loaded = loadRelayConfig(path.resolve("src/relay/config/sandbox.json"));
    const sandbox = JSON.parse(readFileSync("src/sandbox/sandbox.config.json", "utf8")) as { tenantId: string };
    assert.equal(loaded.environments[0].id, "sandbox");
    assert.equal(loaded.environments[0].tokenUrl, `http://127.0.0.1:7071/${sandbox.tenantId}/oauth2/v2.0/token`);
    assert.equal(loaded.environments[0].dataApiUrl, "http://127.0.0.1:7071/api");
  });

  test("environment variables override origins, timeout, body limit and proxy trust", () => {
    const loaded = loadRelayConfig(config(), {
      RELAY_ALLOWED_ORIGINS: " https://addin.example.com , https://localhost:3000",
      RELAY_UPSTREAM_TIMEOUT_MS: "20000",
      RELAY_IMPORT_BODY_LIMIT_BYTES: "2048",
      RELAY_TRUST_PROXY: "true",
    });
    assert.deepEqual(loaded.allowedOrigins, ["https://addin.example.com", "https://localhost:3000"]);
    assert.equal(loaded.upstreamTimeoutMs, 20000);
    assert.equal(loaded.importBodyLimitBytes, 2048);
    assert.equal(loaded.trustProxy, true);
    rejects(config(), /RELAY_UPSTREAM_TIMEOUT_MS must be a whole number/, { RELAY_UPSTREAM_TIMEOUT_MS: "soon" });
    rejects(config(), /RELAY_TRUST_PROXY must be true or false/, { RELAY_TRUST_PROXY: "maybe" });
  });

  test("a file that is missing or not JSON is reported with its path", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "relay-config-"));
    const broken = path.join(dir, "broken.json");
    writeFileSync(broken, "{ nope");
    assert.throws(() => loadRelayConfig(broken), /broken\.json is not valid JSON/);
    assert.throws(
      () => loadRelayConfig(path.join(dir, "absent.json")),
      /Cannot read the relay configuration .*absent\.json \(ENOENT\)/,
    );
  });

  test("each wrong field is named with what to write instead", () => {
    rejects({ allowedOrigins: [] }, /no "environments" list/);
    rejects(config({ environments: [] }), /"environments" must be a non-empty list/);
    rejects(config({ environments: [{ ...sandpit, id: "../x" }] }), /environments\[0\]\.id must be 1-40 letters/);
    rejects(config({ environments: [{ ...sandpit, label: "" }] }), /needs a "label"/);
    rejects(config({ environments: [{ ...sandpit, production: "no" }] }), /"production" must be true or false/);
    rejects(config({ environments: [sandpit, { ...sandpit, id: "SANDPIT" }] }), /appears twice/);
    rejects(
      config({ environments: [{ ...sandpit, tokenUrl: "login.microsoftonline.com/x" }] }),
      /"tokenUrl" is not an absolute URL/,
    );
    rejects(
      config({ environments: [{ ...sandpit, dataApiUrl: "http://data.example.com/api" }] }),
      /"dataApiUrl" must use https/,
    );
    rejects(
      config({ environments: [{ ...sandpit, dataApiUrl: "https://u:p@data.example.com/api" }] }),
      /must not contain credentials/,
    );
    rejects(
      config({
        environments: [{ ...sandpit, tokenUrl: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token" }],
      }),
      /still a placeholder/,
    );
    rejects(config({ environments: [{ ...sandpit, extra: 1 }] }), /unknown field "extra"/);
    rejects(config({ alowedOrigins: [] }), /unknown field "alowedOrigins"/);
    rejects(config({ allowedOrigins: ["https://localhost:3000/"] }), /is not an origin.*no path or trailing slash/);
    rejects(config({ allowedOrigins: "https://localhost:3000" }), /must be a list/);
    rejects(config({ upstreamTimeoutMs: 0 }), /"upstreamTimeoutMs" must be a whole number/);
  });

  test("plain http is accepted for a loopback sandbox and comment fields are ignored", () => {
    const loaded = loadRelayConfig(
      config({
        _comment: "local",
        environments: [
          {
            ...sandpit,
            _note: "x",
            tokenUrl: "http://127.0.0.1:7071/t/oauth2/v2.0/token",
            dataApiUrl: "http://localhost:7071/api",
          },
        ],
      }),
    );
    assert.equal(loaded.environments[0].tokenUrl, "http://127.0.0.1:7071/t/oauth2/v2.0/token");
  });
  test("public origins and the request timeout load from the file or RELAY_PUBLIC_ORIGINS / RELAY_REQUEST_TIMEOUT_MS", () => {
    const loaded = loadRelayConfig(config({ publicOrigins: ["https://relay.contoso.com"], requestTimeoutMs: 20_000 }));
    assert.deepEqual(loaded.publicOrigins, ["https://relay.contoso.com"]);
    assert.equal(loaded.requestTimeoutMs, 20_000);
    const overridden = loadRelayConfig(config(), {
      RELAY_PUBLIC_ORIGINS: "https://a.example, https://b.example:8443",
      RELAY_REQUEST_TIMEOUT_MS: "5000",
    });
    assert.deepEqual(overridden.publicOrigins, ["https://a.example", "https://b.example:8443"]);
    assert.equal(overridden.requestTimeoutMs, 5000);
    rejects(config({ publicOrigins: ["https://relay.contoso.com/"] }), /publicOrigins entry .* is not an origin/);
    rejects(config(), /RELAY_REQUEST_TIMEOUT_MS must be a whole number/, { RELAY_REQUEST_TIMEOUT_MS: "soon" });
  });
});
