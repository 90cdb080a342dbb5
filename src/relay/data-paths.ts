// Which Data API calls the relay forwards. The upstream URL is always the configured base plus a path built here from
// a whitelist, never from the caller's text, so the relay cannot be turned into an open proxy. Works on the RAW
// request URL: the query string is forwarded byte for byte (the `+` between clauses must survive) and encoded
// separators (%2F, %5C), dot segments, `@`, backslashes and double slashes never match.
import { COLLECTIONS as CATALOGUE_COLLECTIONS, IMPORT_KINDS } from "../core/catalogue";

export const COLLECTIONS = CATALOGUE_COLLECTIONS.map((name) => name.toLowerCase());

export { IMPORT_KINDS };

export interface DataTarget {
  environment: string;
  /** Path below the environment's dataApiUrl, starting with "/", e.g. "/price" or "/import/ownPrice". */
  path: string;
  /** The caller's raw query string without the "?", or "" when there was none. */
  query: string;
  kind: "query" | "status" | "import" | "operation";
}

const PREFIX = /^\/api\/data\/([A-Za-z0-9_-]{1,40})\/(.+)$/;
// Printable ASCII without "#": anything else would not reach us over HTTP/1.1 anyway, but the check keeps a
// hand-made request from smuggling a fragment or control bytes into the upstream request line.
const QUERY = /^[\x21-\x22\x24-\x7E]*$/;
const MAX_QUERY_LENGTH = 8192;
const COLLECTION = new RegExp(`^(${COLLECTIONS.join("|")})$`, "i");
const REFERENCE_TYPE = /^reference\/([A-Za-z]{1,64})$/i;
const STATUS = /^status$/i;
const OPERATION = /^import\/operations\/([A-Za-z0-9-]{1,64})$/i;
const IMPORT = new RegExp(`^import\\/(${IMPORT_KINDS.join("|")})$`, "i");

export const FORWARDED_PATHS_SENTENCE =
  `The relay forwards only GET /api/data/{environment}/{collection} (${COLLECTIONS.join(", ")}), ` +
  `GET …/reference/{type}, GET …/status, GET …/import/operations/{id} and POST …/import/{kind} ` +
  `(${IMPORT_KINDS.join(", ")}).`;

/** Returns what to forward, or undefined when the request is not one the relay forwards (answer 404). */
export function parseDataRequest(method: string, rawUrl: string): DataTarget | undefined {
  const questionMark = rawUrl.indexOf("?");
  const rawPath = questionMark === -1 ? rawUrl : rawUrl.slice(0, questionMark);
  const query = questionMark === -1 ? "" : rawUrl.slice(questionMark + 1);
  if (query.length > MAX_QUERY_LENGTH || !QUERY.test(query)) return undefined;
  const match = PREFIX.exec(rawPath);
  if (!match) return undefined;
  const [, environment, tail] = match;
  const path = method === "POST" ? importPath(tail) : readPath(tail);
  if (!path) return undefined;
  return { environment, query, ...path };
}

function readPath(tail: string): Pick<DataTarget, "path" | "kind"> | undefined {
  if (COLLECTION.test(tail)) return { path: `/${tail.toLowerCase()}`, kind: "query" };
  const reference = REFERENCE_TYPE.exec(tail);
  if (reference) return { path: `/reference/${reference[1]}`, kind: "query" };
  if (STATUS.test(tail)) return { path: "/status", kind: "status" };
  const operation = OPERATION.exec(tail);
  if (operation) return { path: `/import/operations/${operation[1]}`, kind: "operation" };
  return undefined;
}

function importPath(tail: string): Pick<DataTarget, "path" | "kind"> | undefined {
  const match = IMPORT.exec(tail);
  if (!match) return undefined;
  const kind = IMPORT_KINDS.find((name) => name.toLowerCase() === match[1].toLowerCase());
  return kind ? { path: `/import/${kind}`, kind: "import" } : undefined;
}
