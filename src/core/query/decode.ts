// Percent-decoding that never throws: the query may arrive raw from a URL (`%28entityVariant%3DOwn%29`) or typed by a
// person (`(name@=100%)`), so a `%` that does not start a valid escape is kept as it is.

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

export function decodePercentLeniently(text: string): string {
  if (!text.includes("%")) return text;
  return text.replace(ESCAPE_RUN, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run; // not valid UTF-8: keep the escapes as written rather than guess
    }
  });
}
