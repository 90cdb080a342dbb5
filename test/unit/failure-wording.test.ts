// Classification apart from wording, in the data client and the token provider: the cause of a failure is a pure
// function of the answer, and each cause has one sentence that says what to do.
import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyHttpFailure, HTTP_FAILURES, type HttpFailure } from "../../src/core/api/http-failures";
import { classifyTokenFailure, TOKEN_FAILURE_WORDING, type TokenFailure } from "../../src/core/auth/token-failures";

test("the data client classifies an answer by its status alone", () => {
  const cases: Array<[number, HttpFailure]> = [
    [400, "malformed"],
    [401, "sign-in-refused"],
    [403, "forbidden"],
    [404, "not-found"],
    [409, "refused"],
    [413, "refused"],
    [429, "busy"],
    [500, "server"],
    [502, "server"],
    [503, "server"],
    [504, "gateway-timeout"],
  ];
  for (const [status, cause] of cases) assert.equal(classifyHttpFailure(status), cause, `HTTP ${status}`);
});

test("every data client cause is worded with the request it is about and what to do", () => {
  const context = { what: "the query on Price", status: 500, reference: "", seconds: "7", relayUrl: "https://r" };
  for (const [cause, rule] of Object.entries(HTTP_FAILURES)) {
    const words = rule.words(context);
    assert.match(words, /[.!?]$/, `${cause} is a sentence`);
    if (!cause.startsWith("unreachable") && cause !== "busy") assert.ok(words.includes(context.what), cause);
  }
  assert.equal(HTTP_FAILURES.busy.words(context), "Kalibrate is busy: try again in 7 s.");
  assert.equal(HTTP_FAILURES["sign-in-refused"].relaySays, false, "a 401 is always our advice, never the relay's");
  assert.match(HTTP_FAILURES["unreachable-import"].words(context), /may or may not have been imported/);
});

test("the token provider classifies by the relay's code first, then the status", () => {
  const cases: Array<[number, string | undefined, TokenFailure]> = [
    [401, "unauthorized_client", "unknown-client"],
    [429, "too_many_failed_attempts", "too-many-attempts"],
    [401, "invalid_client", "secret-refused"],
    [401, undefined, "secret-refused"],
    [400, "invalid_resource", "scope-refused"],
    [400, "invalid_scope", "scope-refused"],
    [404, undefined, "unknown-environment"],
    [503, undefined, "busy"],
    [502, undefined, "upstream-unreachable"],
    [504, undefined, "upstream-timeout"],
    [400, undefined, "refused"],
    [418, undefined, "failed"],
  ];
  for (const [status, code, cause] of cases)
    assert.equal(classifyTokenFailure(status, code), cause, `${status} ${code}`);
});

test("every token failure is worded as a sentence naming what to check", () => {
  const credentials = { environment: "sandbox", clientId: "reader", scope: "api://x/.default" };
  for (const [cause, words] of Object.entries(TOKEN_FAILURE_WORDING)) {
    const text = words({ status: 400, credentials, relayMessage: "", retryAfterSeconds: 12 });
    assert.match(text, /[.!?]$/, cause);
  }
  const context = { status: 400, credentials, relayMessage: "bad body.", retryAfterSeconds: undefined };
  assert.equal(
    TOKEN_FAILURE_WORDING.refused(context),
    "Kalibrate refused the sign-in (bad body). Check the client id, secret and scope.",
  );
  assert.match(TOKEN_FAILURE_WORDING["too-many-attempts"]({ ...context, retryAfterSeconds: 42 }), /wait 42 s/);
});
