// What the release build says about the origin the add-in is served from. OfficeRuntime.storage, where "Remember on
// this device" keeps the client secret, is per domain and "may be shared by multiple add-ins" from that domain
// (office-addin-notes), so an add-in on an origin shared with other content shares its device storage with it.
// A path prefix in --url is a sure sign of a shared origin; a bare host may still serve other things, which the
// build cannot see from a URL, so it always says what to check.

export function originAdvice(url: URL): string {
  const origin = url.origin;
  const own =
    `OfficeRuntime.storage (where "Remember on this device" keeps the client secret, unencrypted) is shared by ` +
    `everything served from ${origin}: serve the add-in from an origin of its own, e.g. https://kalibrate.${url.hostname.split(".").slice(-2).join(".")}.`;
  if (url.pathname !== "/" && url.pathname !== "") {
    return `Warning: ${url.href} is under a path of ${origin}, so other content probably shares that origin. ${own}`;
  }
  return (
    `Check that nothing else (no other add-in, no other web app) is served from ${origin}: ` +
    `the build cannot tell from the URL. ${own}`
  );
}
