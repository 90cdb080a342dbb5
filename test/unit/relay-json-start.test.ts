// The import body's shape check (json-start.ts) and the routed-path reading the Origin gate relies on (security.ts).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { checkJsonStart, JSON_START_LIMIT_BYTES } from "../../src/relay/json-start";
import { isApiPath, routedPath } from "../../src/relay/security";

describe("import body shape check", () => {
  test("arrays and objects of records pass on their first significant characters", () => {
    for (const text of ['[{"a":1}]', "  \n[ {", '{"records":', "[]", "{}", "\uFEFF[1", '["x"', "[-1", "[true"]) {
      assert.equal(checkJsonStart(Buffer.from(text)), "ok", text);
    }
  });

  test("anything else is invalid; too little is 'more' or 'empty'", () => {
    for (const text of ["{nope", "hello", "<html>", "[}", "{1", "a=b&c=d"]) {
      assert.equal(checkJsonStart(Buffer.from(text)), "invalid", text);
    }
    assert.equal(checkJsonStart(Buffer.from("  [ ")), "more");
    assert.equal(checkJsonStart(Buffer.from("   ")), "empty");
    assert.equal(checkJsonStart(Buffer.alloc(JSON_START_LIMIT_BYTES, 0x20)), "invalid");
  });
});

describe("the path the router sees", () => {
  test("percent-escapes are decoded and absolute-form request lines reduced to their path", () => {
    assert.equal(routedPath("/%61pi/token"), "/api/token");
    assert.equal(routedPath("/%2561pi"), "/%61pi");
    assert.equal(routedPath("http://evil.example/api/environments?x=1"), "/api/environments");
    assert.equal(routedPath("/%zz/%61pi"), "/%zz/api");
    assert.ok(isApiPath(routedPath("/%61%70%69/data/x/price")));
    assert.ok(!isApiPath(routedPath("/apix")));
    assert.ok(!isApiPath(routedPath("/taskpane.html")));
  });
});
