import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { cleanAadDescription, tokenEndpointError } from "../../src/relay/token-errors";

const noisy =
  "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\n" +
  "Trace ID: 0b4c7a7e-1c5a-4f7e-9d4e-2b6f0f7b1a00\r\nCorrelation ID: 5d0f4a39-2f0e-4c1b-8f3a-9a6f0b6f2c11\r\nTimestamp: 2021-02-24 11:00:00Z";

describe("token endpoint errors", () => {
  test("the AADSTS prefix and the Trace ID / Correlation ID / Timestamp lines are removed", () => {
    assert.equal(
      cleanAadDescription(noisy),
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
    );
  });

  test("invalid_client is a 401 that says what to check", () => {
    const error = tokenEndpointError(401, { error: "invalid_client", error_description: noisy });
    assert.equal(error.status, 401);
    assert.equal(error.code, "invalid_client");
    assert.match(error.message, /^Invalid client secret provided\. .*Check the client id and client secret/);
    assert.doesNotMatch(error.message, /AADSTS|Trace ID|Correlation ID|Timestamp/);
  });

  test("invalid_scope is a 400 and unauthorized_client a 401, each with advice", () => {
    const scope = tokenEndpointError(400, {
      error: "invalid_scope",
      error_description: "AADSTS70011: The provided value for the input parameter 'scope' is not valid.\r\nTrace ID: x",
    });
    assert.equal(scope.status, 400);
    assert.match(scope.message, /'scope' is not valid\. Check the scope/);
    const unknownApp = tokenEndpointError(400, {
      error: "unauthorized_client",
      error_description: "AADSTS700016: Application not found",
    });
    assert.equal(unknownApp.status, 401);
    assert.match(unknownApp.message, /^Application not found\. Check the client id/);
  });

  test("throttling keeps Retry-After; an answer without an AAD error is the endpoint's fault (502)", () => {
    const throttled = tokenEndpointError(429, {}, "7");
    assert.equal(throttled.status, 429);
    assert.equal(throttled.retryAfter, "7");
    assert.match(throttled.message, /Wait 7 seconds/);
    const html = tokenEndpointError(404, undefined);
    assert.equal(html.status, 502);
    assert.equal(html.code, "token_endpoint_error");
    assert.match(html.message, /HTTP 404 without an explanation.*tokenUrl/);
    assert.equal(tokenEndpointError(503, "<html>").status, 503);
    assert.equal(tokenEndpointError(500, { error: "server_error" }).status, 502);
  });
});
