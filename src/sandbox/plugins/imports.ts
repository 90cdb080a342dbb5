// POST /api/import/{competitorPrice|ownPrice|salesVolume|costBreakdown} (ReadWrite rights) answers 202 with an
// operationId; records are checked and stored shortly after, and GET /api/import/operations/{id} reports the outcome.
// An Idempotency-Key header (the sandbox's decision; Kalibrate documents none) makes a resent batch answer with its
// first operation instead of importing again. Every stored record goes into an import log, which the loopback-only
// admin route GET /_sandbox/imports shows, so tests can prove each record was imported exactly once.

import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { sendApiError } from "../api-errors";
import type { SeededData } from "../data/store";
import { IMPORT_KINDS, type ImportKind } from "../../core/catalogue";
import { processRecord } from "../import-records";
import { principalOf } from "./bearer-auth";
import { loopbackOnly } from "./loopback-only";

export const MAX_RECORDS = 10_000;
/** How long an import waits before it is processed: long enough to be seen as asynchronous. */
export const IMPORT_DELAY_MS = 100;
/** Printable, at most 200 characters: what an Idempotency-Key may be. */
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,200}$/;

export interface ImportLogEntry {
  operationId: string;
  kind: ImportKind;
  index: number;
  entityId: string;
  /** What identifies the record's fact: kind, site, product and effective time. */
  key: string;
}

/** Every record the sandbox imported, in order; shared by the import routes and the admin route. */
export class ImportLog {
  readonly entries: ImportLogEntry[] = [];
  posts = 0;
  replays = 0;

  summary(): Record<string, unknown> {
    const counts = new Map<string, number>();
    for (const entry of this.entries) counts.set(entry.key, (counts.get(entry.key) ?? 0) + 1);
    const duplicates = [...counts].filter(([, count]) => count > 1).map(([key, count]) => ({ key, count }));
    return {
      records: this.entries.length,
      distinct: counts.size,
      duplicates,
      posts: this.posts,
      replays: this.replays,
      operations: new Set(this.entries.map((e) => e.operationId)).size,
    };
  }
}

export const importLogPlugin = async (app: FastifyInstance, options: { log: ImportLog }): Promise<void> => {
  app.get("/_sandbox/imports", { preHandler: loopbackOnly }, async (request) => {
    const { entries } = request.query as { entries?: string };
    return { ...options.log.summary(), ...(entries === "true" ? { entries: options.log.entries } : {}) };
  });
  app.delete("/_sandbox/imports", { preHandler: loopbackOnly }, async (_request, reply) => {
    options.log.entries.length = 0;
    options.log.posts = 0;
    options.log.replays = 0;
    return reply.code(204).send();
  });
};

export interface ImportOperation {
  operationId: string;
  kind: ImportKind;
  status: "Queued" | "Completed" | "CompletedWithErrors" | "Failed";
  clientId: string;
  submittedOn: string;
  completedOn: string | null;
  recordCount: number;
  acceptedCount: number;
  rejectedCount: number;
  accepted: { index: number; entityId: string }[];
  rejected: { index: number; reasons: string[] }[];
}

export interface ImportsOptions {
  data: SeededData;
  now: () => number;
  log?: ImportLog;
}

const importSchema = {
  params: { type: "object", properties: { kind: { type: "string" } }, required: ["kind"] },
} as const;

const operationSchema = {
  params: { type: "object", properties: { operationId: { type: "string" } }, required: ["operationId"] },
} as const;

export async function importsPlugin(app: FastifyInstance, options: ImportsOptions): Promise<void> {
  const { data, now } = options;
  const log = options.log ?? new ImportLog();
  const operations = new Map<string, ImportOperation>();
  const byIdempotencyKey = new Map<string, string>();
  const timers = new Set<NodeJS.Timeout>();
  app.addHook("onClose", async () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  });

  function process(operation: ImportOperation, records: unknown[]): void {
    records.forEach((record, index) => {
      const outcome = processRecord(operation.kind, record, { data, now, operationId: operation.operationId });
      if (!outcome.ok) {
        operation.rejected.push({ index, reasons: outcome.reasons });
        return;
      }
      data.append(outcome.document);
      outcome.apply?.();
      operation.accepted.push({ index, entityId: outcome.document.id.entityId });
      const fields = record as Record<string, unknown>;
      log.entries.push({
        operationId: operation.operationId,
        kind: operation.kind,
        index,
        entityId: outcome.document.id.entityId,
        key: [operation.kind, fields.siteID, fields.productCode, fields.effectiveTime].join("|").toLowerCase(),
      });
    });
    operation.acceptedCount = operation.accepted.length;
    operation.rejectedCount = operation.rejected.length;
    operation.status =
      operation.rejectedCount === 0 ? "Completed" : operation.acceptedCount === 0 ? "Failed" : "CompletedWithErrors";
    operation.completedOn = new Date(now()).toISOString();
  }

  app.post("/import/:kind", { schema: importSchema, bodyLimit: 64 * 1024 * 1024 }, async (request, reply) => {
    const given = (request.params as { kind: string }).kind;
    const kind = IMPORT_KINDS.find((k) => k.toLowerCase() === given.toLowerCase());
    if (!kind) {
      return sendApiError(
        reply,
        404,
        "UnknownImport",
        `There is no import "${given}"; use one of ${IMPORT_KINDS.join(", ")}.`,
      );
    }
    const principal = principalOf(request);
    if (principal.rights !== "ReadWrite") {
      return sendApiError(
        reply,
        403,
        "Forbidden",
        `Imports need credentials with ReadWrite rights; client "${principal.clientId}" has Read rights. ` +
          "Use the ReadWrite (import) credentials issued for imports.",
      );
    }
    const givenKey = request.headers["idempotency-key"];
    const idempotencyKey = typeof givenKey === "string" ? givenKey : undefined;
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      return sendApiError(
        reply,
        400,
        "InvalidIdempotencyKey",
        "The Idempotency-Key header must be 1 to 200 printable ASCII characters.",
      );
    }
    log.posts++;
    const scopedKey = idempotencyKey === undefined ? undefined : `${principal.clientId}\u0000${idempotencyKey}`;
    const earlier = scopedKey === undefined ? undefined : byIdempotencyKey.get(scopedKey);
    if (earlier !== undefined) {
      // The same batch again (its first answer was lost): answer as the first time, import nothing.
      log.replays++;
      reply.header("idempotent-replayed", "true");
      return reply.code(202).send({ operationId: earlier });
    }
    const body = request.body as unknown;
    const records = Array.isArray(body)
      ? body
      : body && typeof body === "object" && Array.isArray((body as { records?: unknown }).records)
        ? ((body as { records: unknown[] }).records as unknown[])
        : undefined;
    if (!records) {
      return sendApiError(
        reply,
        400,
        "InvalidImportBody",
        'The body must be a JSON array of records, or {"records": [ … ]}, sent as application/json.',
      );
    }
    if (records.length === 0) return sendApiError(reply, 400, "InvalidImportBody", "The import holds no records.");
    if (records.length > MAX_RECORDS) {
      return sendApiError(
        reply,
        413,
        "TooManyRecords",
        `The import holds ${records.length} records; send at most ${MAX_RECORDS} per call.`,
      );
    }
    const operation: ImportOperation = {
      operationId: randomUUID(),
      kind,
      status: "Queued",
      clientId: principal.clientId,
      submittedOn: new Date(now()).toISOString(),
      completedOn: null,
      recordCount: records.length,
      acceptedCount: 0,
      rejectedCount: 0,
      accepted: [],
      rejected: [],
    };
    operations.set(operation.operationId, operation);
    if (scopedKey !== undefined) byIdempotencyKey.set(scopedKey, operation.operationId);
    // Bigger imports take longer, as a real queue would: 100 ms plus 1 ms per 100 records.
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        process(operation, records);
      },
      IMPORT_DELAY_MS + Math.floor(records.length / 100),
    );
    timers.add(timer);
    return reply.code(202).send({ operationId: operation.operationId });
  });

  app.get("/import/operations/:operationId", { schema: operationSchema }, async (request, reply) => {
    const { operationId } = request.params as { operationId: string };
    const operation = operations.get(operationId.toLowerCase());
    if (!operation) {
      return sendApiError(
        reply,
        404,
        "UnknownOperation",
        `There is no import operation "${operationId}"; use the operationId an import call returned.`,
      );
    }
    return operation;
  });
}
