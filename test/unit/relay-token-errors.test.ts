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
    assert.match(error.message, /^Invalid client secret provided\. .*Check the client secret: use the secret's value/);
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

  // Azure AD's answers for the set-up mistakes, as real ones look (sources: src/sandbox/README.md).
  const aad = (error: string, code: number, text: string) => ({
    error,
    error_description: `AADSTS${code}: ${text}\r\nTrace ID: 0b4c7a7e-1c5a-4f7e-9d4e-2b6f0f7b1a00\r\nCorrelation ID: 5d0f4a39-2f0e-4c1b-8f3a-9a6f0b6f2c11\r\nTimestamp: 2021-02-24 11:00:00Z`,
    error_codes: [code],
    timestamp: "2021-02-24 11:00:00Z",
    trace_id: "0b4c7a7e-1c5a-4f7e-9d4e-2b6f0f7b1a00",
    correlation_id: "5d0f4a39-2f0e-4c1b-8f3a-9a6f0b6f2c11",
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
  const cases: [string, number, unknown, number, RegExp][] = [
    [
      "unknown client id",
      400,
      aad("unauthorized_client", 700016, "Application with identifier 'x' was not found in the directory 't'."),
      401,
      /Check the client id: Azure AD knows no application with that id/,
    ],
    [
      "wrong secret",
      401,
      aad("invalid_client", 7000215, "Invalid client secret provided."),
      401,
      /Check the client secret/,
    ],
    [
      "no secret",
      401,
      aad("invalid_client", 7000218, "The request body must contain the following parameter: 'client_secret'."),
      401,
      /Enter the client secret/,
    ],
    [
      "unknown resource in the scope",
      400,
      aad("invalid_resource", 500011, "The resource principal named api://x was not found in the tenant named t."),
      400,
      /Check the scope: the resource it names does not exist/,
    ],
    [
      "malformed scope",
      400,
      aad("invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid."),
      400,
      /Check the scope: it must be a single URI with no spaces/,
    ],
    ["scope without /.default", 400, aad("invalid_scope", 1002012, "Not valid."), 400, /it must end in \/\.default/],
    [
      "client not allowed the scope",
      400,
      aad("unauthorized_client", 501051, "Application 'a' is not assigned to a role for the application 'r'."),
      403,
      /client id and the scope were issued together/,
    ],
    [
      "missing parameter",
      400,
      aad("invalid_request", 900144, "The request body must contain the following parameter: 'scope'."),
      400,
      /Fill in the client id, client secret and scope/,
    ],
    ["wrong grant type", 400, aad("unsupported_grant_type", 70003, "Unsupported grant type."), 502, /administrator/],
    ["unknown tenant", 400, aad("invalid_request", 90002, "Tenant 't' not found."), 502, /tokenUrl/],
  ];
  for (const [what, status, body, relayStatus, advice] of cases) {
    test(`${what}: the AADSTS code picks the status (${relayStatus}) and names what to fix`, () => {
      const error = tokenEndpointError(status, body);
      assert.equal(error.status, relayStatus);
      assert.equal(error.code, (body as { error: string }).error);
      assert.match(error.message, advice);
      assert.doesNotMatch(error.message, /AADSTS|Trace ID|Correlation ID|Timestamp/);
    });
  }

  test("the code is read from the description when error_codes is absent; the error word is the fallback", () => {
    const fromText = tokenEndpointError(400, {
      error: "invalid_resource",
      error_description: "AADSTS500011: The resource principal named api://x was not found.",
    });
    assert.match(fromText.message, /the resource it names does not exist/);
    const wordOnly = tokenEndpointError(400, { error: "invalid_resource" });
    assert.equal(wordOnly.status, 400);
    assert.match(wordOnly.message, /^Azure AD refused the request \(invalid_resource\)\. Check the scope/);
  });
});
