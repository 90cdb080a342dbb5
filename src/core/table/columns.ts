// Which columns a set of documents has, in display order: id.* in the documented order, then data.* in the order
// first seen across the documents, nested objects flattened into dotted names next to where their parent was seen.
import { ID_FIELDS, isRecord, resolveName } from "./paths";

interface Node {
  children: Map<string, Node>;
  /** A value other than a non-empty object was seen here (a number, text, boolean, array). */
  holdsValue: boolean;
  /** Only null or {} was seen here: a column only if nothing below it is. */
  holdsEmpty: boolean;
}

const node = (): Node => ({ children: new Map(), holdsValue: false, holdsEmpty: false });

export class ColumnSet {
  readonly #root = node();
  readonly #paths = new Set<string>();

  constructor(documents: readonly unknown[] = []) {
    this.add(documents);
  }

  /** Takes in more documents (a later page): their new paths join in the order first seen. */
  add(documents: readonly unknown[]): void {
    for (const document of documents) {
      if (!isRecord(document)) continue;
      for (const top of ["id", "data"]) {
        const value = document[top];
        if (isRecord(value)) this.#visit(this.#child(this.#root, top), value, top);
      }
    }
  }

  /** Every path that exists in some document, leaf or not (`data.brand` as well as `data.brand.entityId`). */
  has(path: string): boolean {
    return this.#paths.has(path);
  }

  /** The columns in display order. */
  columns(): string[] {
    const out: string[] = [];
    const id = this.#root.children.get("id");
    if (id) {
      const order = [
        ...ID_FIELDS,
        ...[...id.children.keys()].filter((k) => !(ID_FIELDS as readonly string[]).includes(k)),
      ];
      for (const key of order) {
        const child = id.children.get(key);
        if (child) this.#emit(child, `id.${key}`, out);
      }
    }
    const data = this.#root.children.get("data");
    if (data) for (const [key, child] of data.children) this.#emit(child, `data.${key}`, out);
    return out;
  }

  /** Every path, for suggesting a close match to a mistyped name. */
  allPaths(): string[] {
    return [...this.#paths];
  }

  /** A column name as the user wrote it (prefix optional) → its full path, or undefined if no document has it. */
  resolve(name: string): string | undefined {
    return resolveName(name, (path) => this.#paths.has(path));
  }

  #visit(at: Node, value: Record<string, unknown>, path: string): void {
    for (const [key, child] of Object.entries(value)) {
      const childPath = `${path}.${key}`;
      const childNode = this.#child(at, key);
      this.#paths.add(childPath);
      if (isRecord(child) && Object.keys(child).length > 0) this.#visit(childNode, child, childPath);
      else if (child === null || child === undefined || isRecord(child)) childNode.holdsEmpty = true;
      else childNode.holdsValue = true;
    }
  }

  #child(parent: Node, key: string): Node {
    let child = parent.children.get(key);
    if (!child) {
      child = node();
      parent.children.set(key, child);
    }
    return child;
  }

  #emit(at: Node, path: string, out: string[]): void {
    if (at.holdsValue || (at.holdsEmpty && at.children.size === 0)) out.push(path);
    for (const [key, child] of at.children) this.#emit(child, `${path}.${key}`, out);
  }
}

/** A column name no document has. The message names it and suggests close matches. */
export class UnknownColumnError extends Error {
  override readonly name = "UnknownColumnError";
  readonly column: string;
  readonly suggestions: string[];

  constructor(column: string, suggestions: string[]) {
    const hint =
      suggestions.length > 0
        ? ` Did you mean ${suggestions.join(", ")}?`
        : " Column names look like id.entityId, data.name or data.status.exported (the prefix may be left out).";
    super(`There is no column "${column}" in these documents.${hint}`);
    this.column = column;
    this.suggestions = suggestions;
  }
}

/** Up to `max` known paths closest to `name` (edit distance, ignoring case and the id./data. prefix). */
export function closeMatches(name: string, paths: readonly string[], max = 3): string[] {
  const wanted = name.toLowerCase().replace(/^(id|data)\./, "");
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return paths
    .map((path) => {
      const short = path.toLowerCase().replace(/^(id|data)\./, "");
      const contains = short.length > 2 && wanted.length > 2 && (short.includes(wanted) || wanted.includes(short));
      return { path, distance: contains ? Math.min(1, distance(wanted, short)) : distance(wanted, short) };
    })
    .filter((candidate) => candidate.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.path.length - b.path.length)
    .slice(0, max)
    .map((candidate) => candidate.path);
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
