// The pane's start with a workbook that remembers a managed environment (issue 12): MSAL's cached account signs in
// again with no window; with nothing cached nobody is signed in and cells say to sign in; a workbook that remembers
// nothing is left alone. MSAL and the relay's /api/signin are stubs here; test/e2e/signin.test.ts does it for real.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { AccountInfo, AuthenticationResult } from "@azure/msal-browser";
import { TokenProvider } from "../../src/core/auth";
import type { Environment } from "../../src/core/api";
import type { Runtime } from "../../src/runtime";
import type { MsalApp } from "../../src/taskpane/signin/msal-app";
import { createOrganisationSignIn } from "../../src/taskpane/signin/organisation-signin";

const managed: Environment = {
  id: "managed",
  label: "Contoso (organisation sign-in)",
  production: false,
  managed: true,
  signIn: {
    issuer: "https://login.microsoftonline.com/tenant/v2.0",
    audience: "api://relay",
    clientId: "addin",
    scopes: ["api://relay/Kalibrate.Read"],
    requiredRole: "Kalibrate.Read",
  },
};
const account = { username: "analyst@contoso.example", homeAccountId: "a" } as AccountInfo;

function setup(cached: AccountInfo[], remembered: string | undefined) {
  const tokens = new TokenProvider({ relayUrl: "https://relay.invalid" });
  const runtime = { relayUrl: "https://relay.invalid", tokens, data: { clearCache() {} } } as unknown as Runtime;
  const calls: string[] = [];
  const pca = {
    getActiveAccount: () => null,
    getAllAccounts: () => cached,
    setActiveAccount: () => undefined,
    clearCache: async () => undefined,
    acquireTokenSilent: async () => {
      calls.push("silent");
      return {
        account,
        accessToken: "user-token",
        expiresOn: new Date(Date.now() + 3_600_000),
      } as AuthenticationResult;
    },
    acquireTokenPopup: async () => {
      calls.push("popup");
      throw new Error("no window may open on start");
    },
  } as unknown as MsalApp["pca"];
  const signIn = createOrganisationSignIn(runtime, {
    createApp: async () => ({ pca, nested: false }),
    fetch: async () => new Response("{}", { status: 200 }),
    recalculate: async () => undefined,
    recall: async () => remembered,
    remember: async () => undefined,
  });
  return { signIn, tokens, calls };
}

test("a remembered environment with an account in MSAL's cache signs in again without a window", async () => {
  const { signIn, tokens, calls } = setup([account], "managed");
  assert.equal(await signIn.start(async () => [managed]), true);
  assert.equal(tokens.status.state, "connected");
  assert.equal(tokens.status.user, "analyst@contoso.example");
  assert.deepEqual(calls, ["silent"]);
});

test("with nothing in MSAL's cache nobody is signed in and cells say to sign in", async () => {
  const { signIn, tokens, calls } = setup([], "managed");
  assert.equal(await signIn.start(async () => [managed]), false);
  assert.equal(tokens.status.state, "disconnected");
  assert.equal(tokens.status.environment, "managed");
  assert.equal(tokens.status.signInRequired, true);
  assert.deepEqual(calls, []);
});

test("a workbook that remembers no managed environment is left as it is", async () => {
  const { signIn, tokens, calls } = setup([account], undefined);
  assert.equal(await signIn.start(async () => [managed]), false);
  assert.equal(tokens.status.state, "disconnected");
  assert.equal(tokens.status.signInRequired, undefined);
  assert.deepEqual(calls, []);
});
