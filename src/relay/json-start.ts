// The one look the relay takes at an import body before streaming it on: do its first significant characters start
// a JSON array or object of records? Catches a wrong file or a form post at the cost of a few bytes, without parsing.

/** How many bytes the check may read at most (leading whitespace included). */
export const JSON_START_LIMIT_BYTES = 1024;

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const AFTER_OBJECT = new Set(['"', "}"].map((c) => c.charCodeAt(0)));
const AFTER_ARRAY = new Set([...'{[]"-0123456789tfn'].map((c) => c.charCodeAt(0)));

/** "ok", "more" (read on), "empty" (no significant byte at all) or "invalid". */
export function checkJsonStart(head: Buffer): "ok" | "more" | "empty" | "invalid" {
  let index = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0; // UTF-8 byte order mark
  const next = () => {
    while (index < head.length && WHITESPACE.has(head[index])) index++;
    return index < head.length ? head[index++] : undefined;
  };
  const first = next();
  if (first === undefined) return head.length >= JSON_START_LIMIT_BYTES ? "invalid" : "empty";
  const open = first === 0x7b ? AFTER_OBJECT : first === 0x5b ? AFTER_ARRAY : undefined;
  if (!open) return "invalid";
  const second = next();
  if (second === undefined) return head.length >= JSON_START_LIMIT_BYTES ? "invalid" : "more";
  return open.has(second) ? "ok" : "invalid";
}
