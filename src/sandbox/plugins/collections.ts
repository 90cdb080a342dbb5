// GET /api/{collection}?query=… and /api/reference/{entityType}?query=…, case-insensitive, plus GET /api/status.
// The query is read from the RAW query string: a literal `+` separates clauses, never a space.

import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply } from "fastify";
import { parseQuery, QuerySyntaxError, type Query } from "../../core/query";
import { ADDIN_VERSION } from "../../version";
import { sendApiError } from "../api-errors";
import { COLLECTIONS } from "../data/documents";
import { SeededData } from "../data/store";
import { QueryAbandoned, QueryRejected, runQuery, type QueryPage } from "../query-engine";

export interface CollectionsOptions {
  data: SeededData;
  now: () => number;
}

/** Up to this many documents go out as one string with a Content-Length; larger answers stream in chunks. */
const SINGLE_BODY_LIMIT = 2000;
const CHUNK = 500;

export type RawQuery = { ok: true; text: string } | { ok: false; message: string };

/** The undecoded value of the `query` parameter ("" when absent). */
export function rawQueryParameter(url: string): RawQuery {
  const at = url.indexOf("?");
  if (at < 0) return { ok: true, text: "" };
  const values = url
    .slice(at + 1)
    .split("#")[0]
    .split("&")
    .filter((part) => part === "query" || part.startsWith("query="))
    .map((part) => part.slice("query=".length));
  if (values.length > 1) {
    return { ok: false, message: "The query parameter is given more than once; join all clauses with + in one." };
  }
  return { ok: true, text: values[0] ?? "" };
}

function* jsonChunks(page: QueryPage): Generator<string> {
  yield "[";
  for (let i = page.start; i < page.end; i += CHUNK) {
    const parts: string[] = [];
    for (let j = i; j < Math.min(page.end, i + CHUNK); j++) parts.push(JSON.stringify(page.matches.document(j)));
    yield (i > page.start ? "," : "") + parts.join(",");
  }
  yield "]";
}

function sendPage(reply: FastifyReply, page: QueryPage): FastifyReply {
  reply.type("application/json; charset=utf-8");
  if (page.end - page.start <= SINGLE_BODY_LIMIT) return reply.send([...jsonChunks(page)].join(""));
  // Serialised on demand, so a million-document answer never exists as one string.
  return reply.send(Readable.from(jsonChunks(page)));
}

const collectionSchema = {
  params: {
    type: "object",
    properties: { collection: { type: "string" }, entityType: { type: "string" } },
  },
  // The handler reads the raw query string itself; a repeated `query` gets its own message there.
  querystring: {
    type: "object",
    properties: { query: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] } },
  },
} as const;

export async function collectionsPlugin(app: FastifyInstance, options: CollectionsOptions): Promise<void> {
  const { data, now } = options;
  const known = [...COLLECTIONS.values()];

  /** Aborted when the client's connection closes before the answer is complete. */
  function disconnectSignal(reply: FastifyReply): AbortSignal {
    const controller = new AbortController();
    reply.raw.once("close", () => {
      if (!reply.raw.writableFinished) controller.abort();
    });
    return controller.signal;
  }

  async function answer(
    reply: FastifyReply,
    url: string,
    collection: string,
    entityType?: string,
  ): Promise<FastifyReply> {
    const name = SeededData.collectionName(collection);
    if (!name) {
      return sendApiError(
        reply,
        404,
        "UnknownCollection",
        `There is no collection "${collection}"; use one of ${known.join(", ")} (any letter case), or status.`,
      );
    }
    if (entityType !== undefined && name !== "Reference") {
      return sendApiError(
        reply,
        404,
        "NotFound",
        `Only the Reference collection is addressed per entity type (e.g. /api/reference/brand); use /api/${collection}.`,
      );
    }
    const sources = data.sources(name, entityType);
    if (entityType !== undefined && sources.length === 0) {
      return sendApiError(
        reply,
        404,
        "UnknownEntityType",
        `The Reference collection holds no "${entityType}" entities; use one of ${data.referenceTypes().join(", ")}.`,
      );
    }
    const raw = rawQueryParameter(url);
    if (!raw.ok) return sendApiError(reply, 400, "InvalidQuery", raw.message);
    let query: Query;
    try {
      query = parseQuery(raw.text);
    } catch (error) {
      if (error instanceof QuerySyntaxError) return sendApiError(reply, 400, "InvalidQuery", error.message);
      throw error;
    }
    try {
      const label = entityType ? `reference/${entityType}` : name;
      return sendPage(reply, await runQuery(sources, query, label, disconnectSignal(reply)));
    } catch (error) {
      if (error instanceof QueryRejected) return sendApiError(reply, 400, "InvalidQuery", error.message);
      // Nobody is listening; 499 (client closed request) goes into the request log.
      if (error instanceof QueryAbandoned) return reply.code(499).send();
      throw error;
    }
  }

  app.get("/:collection", { schema: collectionSchema }, async (request, reply) => {
    const { collection } = request.params as { collection: string };
    if (collection.toLowerCase() === "status") {
      return { status: "Healthy", version: `kalibrate-sandbox ${ADDIN_VERSION}`, time: new Date(now()).toISOString() };
    }
    return answer(reply, request.raw.url ?? request.url, collection);
  });

  app.get("/:collection/:entityType", { schema: collectionSchema }, async (request, reply) => {
    const { collection, entityType } = request.params as { collection: string; entityType: string };
    return answer(reply, request.raw.url ?? request.url, collection, entityType);
  });
}
