// Row sources: how the query engine reads documents without materialising them. A seeded table of a million prices
// answers `price` or `site.entityId` for a row from typed arrays; a small list of documents answers by walking the
// object. The engine only builds whole documents for the page it returns.

import { parseIsoDate } from "../../core/dates";
import type { KalibrateDocument } from "./documents";

/** What a property holds, for the type rules (reference §4.2) and for comparing. */
export type ValueKind = "number" | "date" | "text" | "boolean" | "reference" | "object" | "list";

export interface Column {
  kind: ValueKind;
  /** The row's value: dates as epoch milliseconds, null when the document has no value. */
  get(row: number): unknown;
}

export interface RowSource {
  readonly length: number;
  /** A resolved path such as `id.entityVariant` or `data.site.entityId`; undefined when no row has it. */
  column(path: string): Column | undefined;
  /** Every path this source can answer, for "did you mean" hints. */
  paths(): Iterable<string>;
  entityId(row: number): string;
  document(row: number): KalibrateDocument;
}

export function valueAt(document: unknown, path: string): unknown {
  let value: unknown = document;
  for (const key of path.split(".")) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function kindOfValue(value: unknown): ValueKind | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return parseIsoDate(value) !== undefined && value.length >= 10 ? "date" : "text";
  if (Array.isArray(value)) return "list";
  if (typeof value === "object" && "entityId" in value) return "reference";
  return "object";
}

function collectPaths(value: unknown, prefix: string, into: Set<string>): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    into.add(path);
    collectPaths(inner, path, into);
  }
}

/** Documents kept as objects: the small collections, and everything imported at run time. */
export class ObjectSource implements RowSource {
  private readonly columns = new Map<string, { length: number; column: Column | undefined }>();

  constructor(readonly documents: KalibrateDocument[]) {}

  get length(): number {
    return this.documents.length;
  }

  column(path: string): Column | undefined {
    const cached = this.columns.get(path);
    if (cached && cached.length === this.documents.length) return cached.column;
    let kind: ValueKind | undefined;
    for (const document of this.documents) {
      kind = kindOfValue(valueAt(document, path));
      if (kind) break;
    }
    const docs = this.documents;
    let column: Column | undefined;
    if (kind === "date") {
      column = {
        kind,
        get: (row) => {
          const value = valueAt(docs[row], path);
          return typeof value === "string" ? (parseIsoDate(value) ?? null) : null;
        },
      };
    } else if (kind) {
      column = { kind, get: (row) => valueAt(docs[row], path) ?? null };
    }
    this.columns.set(path, { length: this.documents.length, column });
    return column;
  }

  paths(): Iterable<string> {
    const paths = new Set<string>();
    for (const document of this.documents) collectPaths(document, "", paths);
    return paths;
  }

  entityId(row: number): string {
    return this.documents[row].id.entityId;
  }

  document(row: number): KalibrateDocument {
    return this.documents[row];
  }
}
