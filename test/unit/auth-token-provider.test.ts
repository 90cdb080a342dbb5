import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthError, NotConnectedError, TokenProvider, type TokenStatus } from "../../src/core/auth";

const RELAY = "http://relay.test";
const SECRET = "s3cr3t-value";
const CREDENTIALS = { environment: "sandpit", clientId: "client-1", clientSecret: SECRET, scope: "api://x/.default" };

interface Call {
  url: string;
  body: Record<string, unknown>;
}

/** A relay /api/token that answers with the next scripted response; tokens are numbered. */
function fakeRelay(script: Array<() => Response> = []) {
  const calls: Call[] = [];
  let issued = 0;
  const pending: Array<() => void> = [];
  let hold = false;
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), body: JSON.parse(String(init?.body)) as Record<string, unknown> });
    if (hold) await new Promise<void>((resolve) => pending.push(resolve));
    const next = script.shift();
    if (next) return next();
    issued += 1;
    return Response.json({ accessToken: `token-${issued}`, tokenType: "Bearer", expiresIn: 3600, expiresOn: "x" });
  }) as typeof globalThis.fetch;
  return {
    fetch,
    calls,
    holdRequests: () => {
      hold = true;
    },
    releaseRequests: () => {
      hold = false;
      for (const resolve of pending.splice(0)) resolve();
    },
  };
}

const relayError =
  (status: number, error: string, message: string, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify({ error, message }), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });

function clock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("TokenProvider", () => {
  it("connects: posts the credentials to the relay and reports connected with the expiry", async () => {
    const relay = fakeRelay();
    const time = clock();
    const tokens = new TokenProvider({ relayUrl: `${RELAY}/`, fetch: relay.fetch, now: time.now });
    const seen: TokenStatus[] = [];
    tokens.onChange((status) => seen.push(status));
    const status = await tokens.connect(CREDENTIALS);
    assert.equal(relay.calls[0].url, `${RELAY}/api/token`);
    assert.deepEqual(relay.calls[0].body, CREDENTIALS);
    assert.deepEqual(status, {
      state: "connected",
      environment: "sandpit",
      clientId: "client-1",
      expiresOn: new Date(time.now() + 3_600_000).toISOString(),
    });
    assert.deepEqual(
      seen.map((s) => s.state),
      ["connecting", "connected"],
    );
    assert.equal(await tokens.getToken(), "token-1");
    assert.equal(relay.calls.length, 1, "the token from connect is reused");
  });

  it("single flight: concurrent getToken calls share one request", async () => {
    const relay = fakeRelay();
    const time = clock();
    const tokens = new TokenProvider({ relayUrl: RELAY, fetch: relay.fetch, now: time.now });
    await tokens.connect(CREDENTIALS);
    time.advance(3_600_000); // expired
    relay.holdRequests();
    const all = Promise.all(Array.from({ length: 10 }, () => tokens.getToken()));
    await new Promise((resolve) => setImmediate(resolve));
    relay.releaseRequests();
    assert.deepEqual(new Set(await all), new Set(["token-2"]));
    assert.equal(relay.calls.length, 2);
  });

  it("renews renewBeforeMs before expiry, not earlier", async () => {
    const relay = fakeRelay();
    const time = clock();
    const tokens = new TokenProvider({ relayUrl: RELAY, fetch: relay.fetch, now: time.now, renewBeforeMs: 5 * 60_000 });
    await tokens.connect(CREDENTIALS);
    time.advance(3_600_000 - 5 * 60_000 - 1);
    assert.equal(await tokens.getToken(), "token-1");
    time.advance(1);
    assert.equal(await tokens.getToken(), "token-2");
    assert.equal(relay.calls.length, 2);
    assert.equal(relay.calls[1].body.clientSecret, SECRET, "renewal asks again with the held credentials");
    assert.equal(tokens.status.expiresOn, new Date(time.now() + 3_600_000).toISOString());
  });

  it("a renewal margin longer than the token's life does not make every call fetch", async () => {
    const relay = fakeRelay([() => Response.json({ accessToken: "short", expiresIn: 120 })]);
    const time = clock();
    const tokens = new TokenProvider({ relayUrl: RELAY, fetch: relay.fetch, now: time.now });
    await tokens.connect(CREDENTIALS);
    time.advance(59_000);
    assert.equal(await tokens.getToken(), "short");
    time.advance(1_000);
    assert.equal(await tokens.getToken(), "token-1");
  });

  it("invalidate forces the next getToken to fetch, but keeps a newer token than the rejected one", async () => {
    const relay = fakeRelay();
    const tokens = new TokenProvider({ relayUrl: RELAY, fetch: relay.fetch, now: clock().now });
    await tokens.connect(CREDENTIALS);
    tokens.invalidate("token-1");
    assert.equal(await tokens.getToken(), "token-2");
    tokens.invalidate("token-1");
    assert.equal(await tokens.getToken(), "token-2");
    tokens.invalidate();
    assert.equal(await tokens.getToken(), "token-3");
  });

  it("disconnect forgets credentials: getToken rejects with NotConnectedError", async () => {
    const relay = fakeRelay();
    const tokens = new TokenProvider({ relayUrl: RELAY, fetch: relay.fetch, now: clock().now });
    await assert.rejects(tokens.getToken(), NotConnectedError);
    await tokens.connect(CREDENTIALS);
    tokens.disconnect();
    assert.deepEqual(tokens.status, { state: "disconnected" });
    await assert.rejects(tokens.getToken(), NotConnectedError);
    assert.equal(relay.calls.length, 1);
  });

  it("disconnect while connecting: connect rejects and the late token is dropped", async () => {
    const relay = fakeRelay();
    relay.holdRequests();
    const tokens = new TokenProvider({ relayUrl: RELAY, fetch: relay.fetch, now: clock().now });
    const connecting = tokens.connect(CREDENTIALS);
    await new Promise((resolve) => setImmediate(resolve));
    tokens.disconnect();
    relay.releaseRequests();
    await assert.rejects(
      connecting,
      (error: unknown) => error instanceof AuthError && /disconnected/.test(error.message),
    );
    assert.equal(tokens.status.state, "disconnected");
    await assert.rejects(tokens.getToken(), NotConnectedError);
  });

  it("unsubscribed listeners hear nothing more", async () => {
    const tokens = new TokenProvider({ relayUrl: RELAY, fetch: fakeRelay().fetch, now: clock().now });
    const seen: string[] = [];
    const stop = tokens.onChange((s) => seen.push(s.state));
    await tokens.connect(CREDENTIALS);
    stop();
    tokens.disconnect();
    assert.deepEqual(seen, ["connecting", "connected"]);
  });

  const cases: Array<[string, () => Response, RegExp]> = [
    [
      "wrong secret (401 invalid_client)",
      relayError(401, "invalid_client", `Invalid client secret ${SECRET} provided.`),
      /^The client secret was not accepted for client id client-1\. Check it, or ask Kalibrate for a new one\.$/,
    ],
    [
      "unknown client id (401 unauthorized_client)",
      relayError(401, "unauthorized_client", "Application not found."),
      /^Client id client-1 is not known for environment sandpit\. Check the client id/,
    ],
    ["bad scope", relayError(400, "invalid_scope", "Scope bad."), /^The scope api:\/\/x\/\.default was not accepted/],
    [
      "unknown environment",
      relayError(400, "unknown_environment", "No such."),
      /does not know the environment "sandpit"/,
    ],
    [
      "too many failures",
      relayError(429, "too_many_failed_attempts", "Wait.", { "retry-after": "90" }),
      /^Too many failed sign-in attempts for client id client-1: wait 90 s/,
    ],
    ["throttled", relayError(429, "too_many_requests", "Busy.", { "retry-after": "12" }), /busy: try again in 12 s\.$/],
    [
      "relay cannot reach AAD",
      relayError(502, "token_endpoint_error", "x"),
      /relay could not reach Kalibrate's sign-in/,
    ],
    ["AAD timeout", relayError(504, "timeout", "x"), /did not answer in time\. Try again in a minute\.$/],
    [
      "other 400",
      relayError(400, "invalid_request", `"scope" is missing ${SECRET}`),
      /^Kalibrate refused the sign-in \("scope" is missing \*\*\*\)\. Check the client id, secret and scope\.$/,
    ],
    ["not a token", () => Response.json({ hello: "world" }), /answered the sign-in with something that is not a token/],
  ];
  for (const [name, response, expected] of cases) {
    it(`says what failed and what to do: ${name}`, async () => {
      const tokens = new TokenProvider({ relayUrl: RELAY, fetch: fakeRelay([response]).fetch, now: clock().now });
      const error = await tokens.connect(CREDENTIALS).then(
        () => assert.fail("connect should fail"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof AuthError);
      assert.match(error.message, expected);
      assert.ok(!error.message.includes(SECRET), "never the secret");
      assert.equal(tokens.status.state, "error");
      assert.equal(tokens.status.message, error.message);
      assert.ok(!JSON.stringify(tokens.status).includes(SECRET));
      await assert.rejects(tokens.getToken(), NotConnectedError, "a failed connect holds no credentials");
    });
  }

  it("network failure names the relay and what to do", async () => {
    const fetch = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof globalThis.fetch;
    const tokens = new TokenProvider({ relayUrl: RELAY, fetch, now: clock().now });
    await assert.rejects(tokens.connect(CREDENTIALS), {
      message: `Cannot reach the Kalibrate relay at ${RELAY}. Check your connection or ask IT whether the relay is running.`,
    });
  });

  it("missing fields are named before any request", async () => {
    const relay = fakeRelay();
    const tokens = new TokenProvider({ relayUrl: RELAY, fetch: relay.fetch });
    await assert.rejects(tokens.connect({ ...CREDENTIALS, clientSecret: "", scope: " " }), {
      message: "Enter the client secret and scope before connecting.",
    });
    assert.equal(relay.calls.length, 0);
  });

  it("a failed renewal keeps using the old token while it has time left, then reports the error", async () => {
    const time = clock();
    const relay = fakeRelay([
      () => Response.json({ accessToken: "first", expiresIn: 3600 }),
      relayError(502, "token_endpoint_error", "x"),
      relayError(502, "token_endpoint_error", "x"),
    ]);
    const tokens = new TokenProvider({ relayUrl: RELAY, fetch: relay.fetch, now: time.now });
    await tokens.connect(CREDENTIALS);
    time.advance(3_600_000 - 4 * 60_000); // inside the renewal window, 4 minutes left
    assert.equal(await tokens.getToken(), "first");
    assert.equal(tokens.status.state, "connected");
    time.advance(3.5 * 60_000); // 30 s left: too little to hand out
    await assert.rejects(tokens.getToken(), AuthError);
    assert.equal(tokens.status.state, "error");
    assert.equal(await tokens.getToken(), "token-1", "credentials are kept after a failed renewal");
    assert.equal(tokens.status.state, "connected");
  });
});
