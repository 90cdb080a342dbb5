// MSAL's authority and protocol mode for a managed environment's issuer (src/taskpane/signin/msal-app.ts): Entra ID's
// v2 issuer in MSAL's AAD mode (so nested app authentication can broker it), any other OpenID provider in OIDC mode
// with its host in knownAuthorities (offline, MSAL's instance discovery at Microsoft would fail as untrusted_authority).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProtocolMode } from "@azure/msal-browser";
import { authorityFor } from "../../src/taskpane/signin/msal-app";

test("an Entra ID v2 issuer becomes the tenant authority in AAD mode", () => {
  assert.deepEqual(authorityFor("https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/v2.0"), {
    authority: "https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555",
    protocolMode: ProtocolMode.AAD,
  });
});

test("another provider keeps its issuer as authority, in OIDC mode, with host and port as a known authority", () => {
  assert.deepEqual(authorityFor("https://localhost:7073/5a4db0c5-a11d-4e5a-9d1b-00000000c0de/v2.0"), {
    authority: "https://localhost:7073/5a4db0c5-a11d-4e5a-9d1b-00000000c0de/v2.0",
    knownAuthorities: ["localhost:7073"],
    protocolMode: ProtocolMode.OIDC,
  });
});
