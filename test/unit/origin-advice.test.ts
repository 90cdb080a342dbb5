// The release build's advice about device storage: a --url under a path shares its origin with other content.
import { test } from "node:test";
import assert from "node:assert/strict";
import { originAdvice } from "../../src/dev/origin-advice";

test("a path prefix is warned about: the origin is shared, and so is OfficeRuntime.storage", () => {
  const advice = originAdvice(new URL("https://intranet.contoso.com/apps/kalibrate"));
  assert.match(advice, /^Warning: .* under a path of https:\/\/intranet\.contoso\.com/);
  assert.match(advice, /serve the add-in from an origin of its own/);
});

test("a bare host gets the check the build cannot make itself, not a warning", () => {
  const advice = originAdvice(new URL("https://kalibrate.contoso.com"));
  assert.doesNotMatch(advice, /^Warning/);
  assert.match(
    advice,
    /Check that nothing else .* is served from https:\/\/kalibrate\.contoso\.com: the build cannot tell/,
  );
});
