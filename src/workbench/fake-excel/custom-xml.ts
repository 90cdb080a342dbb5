// Just enough XML reading for custom XML parts: a well-formedness check and the root element's default namespace.

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/g;

/** The root element's `xmlns` ("" when it has none), or undefined when the text is not well-formed XML. */
export function rootNamespace(xml: string): string | undefined {
  const stack: string[] = [];
  let rootNs: string | undefined;
  let roots = 0;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== "") return undefined;
    if (lt < 0) break;
    const skip = (open: string, close: string) =>
      xml.startsWith(open, lt) ? xml.indexOf(close, lt + open.length) : -2;
    let end = skip("<?", "?>");
    if (end === -2) end = skip("<!--", "-->");
    if (end === -2) end = skip("<![CDATA[", "]]>");
    if (end === -2 && stack.length === 0) end = skip("<!DOCTYPE", ">");
    if (end === -1) return undefined;
    if (end >= 0) {
      i = xml.indexOf(">", end) + 1;
      continue;
    }
    const gt = xml.indexOf(">", lt);
    if (gt < 0) return undefined;
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith("/")) {
      if (stack.pop() !== tag.slice(1).trim()) return undefined;
      continue;
    }
    const name = NAME.exec(tag)?.[0];
    if (!name) return undefined;
    if (stack.length === 0) {
      if (++roots > 1) return undefined;
      rootNs = "";
      for (const m of tag.matchAll(ATTRIBUTE)) if (m[1] === "xmlns") rootNs = m[2].slice(1, -1);
    }
    if (!tag.endsWith("/")) stack.push(name);
  }
  return stack.length === 0 && roots === 1 ? rootNs : undefined;
}
