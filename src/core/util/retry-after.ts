// Parses an HTTP Retry-After header, which is either delta-seconds ("120") or an HTTP date
// ("Wed, 21 Oct 2015 07:28:00 GMT"), into milliseconds from `nowMs`. Returns undefined when absent or unreadable.
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header == null) return undefined;
  const text = header.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
