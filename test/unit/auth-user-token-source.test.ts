// The TokenProvider with an organisation sign-in as its token source (issue 12): one token shared until renewal is
// due, renewed silently before expiry, `force` after the relay refused one, sign-out leaves cells saying to sign in,
// and an identity provider that wants the user back ends the sign-in.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthError,
  NotSignedInError,
  SIGN_IN_REQUIRED,
  TokenProvider,
  type UserTokenSource,
} from "../../src/core/auth";

function source(now: () => number, lifetimeMs = 3_600_000) {
  const calls: Array<{ force: boolean }> = [];
  let next: Error | undefined;
  const s: UserTokenSource & { calls: typeof calls; failNext(error: Error): void } = {
    environment: "contoso",
    username: "analyst@contoso.example",
    calls,
    failNext: (error) => (next = error),
    async acquire(options) {
      calls.push(options);
      if (next) {
        const error = next;
        next = undefined;
        throw error;
      }
      return { accessToken: `user-token-${calls.length}`, expiresOn: now() + lifetimeMs };
    },
  };
  return s;
}

test("signing in holds one token for every caller and reports who is signed in", async () => {
  let clock = 1_000_000;
  const tokens = new TokenProvider({ relayUrl: "https://relay.invalid", now: () => clock });
  const src = source(() => clock);
  const status = await tokens.signIn(src);
  assert.equal(status.state, "connected");
  assert.equal(status.user, "analyst@contoso.example");
  assert.equal(status.environment, "contoso");
  const [a, b] = await Promise.all([tokens.getToken(), tokens.getToken()]);
  assert.equal(a, "user-token-1");
  assert.equal(b, "user-token-1");
  assert.equal(src.calls.length, 1);
  clock += 10 * 60_000;
  assert.equal(await tokens.getToken(), "user-token-1");
});

test("the token is renewed silently five minutes before it expires", async () => {
  let clock = 1_000_000;
  const tokens = new TokenProvider({ relayUrl: "https://relay.invalid", now: () => clock });
  const src = source(() => clock);
  await tokens.signIn(src);
  clock += 3_600_000 - 4 * 60_000;
  assert.equal(await tokens.getToken(), "user-token-2");
  assert.deepEqual(src.calls, [{ force: false }, { force: false }]);
});

test("after the relay refused a token the source is asked with force", async () => {
  const tokens = new TokenProvider({ relayUrl: "https://relay.invalid" });
  const src = source(Date.now);
  await tokens.signIn(src);
  tokens.invalidate("user-token-1");
  assert.equal(await tokens.getToken(), "user-token-2");
  assert.deepEqual(src.calls.at(-1), { force: true });
});

test("signing out: getToken says to sign in in the pane, and the status says sign-in is required", async () => {
  const tokens = new TokenProvider({ relayUrl: "https://relay.invalid" });
  await tokens.signIn(source(Date.now));
  tokens.signOut("contoso");
  assert.deepEqual(tokens.status, { state: "disconnected", environment: "contoso", signInRequired: true });
  await assert.rejects(tokens.getToken(), (error: Error) => {
    assert.ok(error instanceof NotSignedInError);
    assert.equal(error.message, SIGN_IN_REQUIRED);
    return true;
  });
});

test("an identity provider that wants the user to sign in again ends the sign-in", async () => {
  let clock = 1_000_000;
  const tokens = new TokenProvider({ relayUrl: "https://relay.invalid", now: () => clock });
  const src = source(() => clock);
  await tokens.signIn(src);
  clock += 3_600_000;
  src.failNext(new NotSignedInError());
  await assert.rejects(tokens.getToken(), NotSignedInError);
  assert.equal(tokens.status.signInRequired, true);
  await assert.rejects(tokens.getToken(), NotSignedInError);
});

test("a failed renewal keeps the old token while it has more than a minute left", async () => {
  let clock = 1_000_000;
  const tokens = new TokenProvider({ relayUrl: "https://relay.invalid", now: () => clock });
  const src = source(() => clock);
  await tokens.signIn(src);
  clock += 3_600_000 - 4 * 60_000;
  src.failNext(new AuthError("The identity provider could not be reached."));
  assert.equal(await tokens.getToken(), "user-token-1");
  assert.equal(await tokens.getToken(), "user-token-3");
});

test("a first sign-in that fails leaves nobody signed in, with the reason", async () => {
  const tokens = new TokenProvider({ relayUrl: "https://relay.invalid" });
  const src = source(Date.now);
  src.failNext(new AuthError("The sign-in window was closed before you finished."));
  await assert.rejects(tokens.signIn(src), /window was closed/);
  assert.equal(tokens.status.state, "error");
  assert.equal(tokens.status.message, "The sign-in window was closed before you finished.");
  await assert.rejects(tokens.getToken(), NotSignedInError);
});
