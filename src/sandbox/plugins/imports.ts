// POST /api/import/{competitorPrice|ownPrice|salesVolume|costBreakdown} (ReadWrite rights) answers 202 with an
// operationId; records are checked and stored shortly after, and GET /api/import/operations/{id} reports the outcome.

import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { sendApiError } from "../api-errors";
import type { SeededData } from "../data/store";
import { IMPORT_KINDS, processRecord, type ImportKind } from "../import-records";
import { principalOf } from "./bearer-auth";

export const MAX_RECORDS = 10_000;
/** How long an import waits before it is processed: long enough to be seen as asynchronous. */
export const IMPORT_DELAY_MS = 100;

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
}

const importSchema = {
  params: { type: "object", properties: { kind: { type: "string" } }, required: ["kind"] },
} as const;

const operationSchema = {
  params: { type: "object", properties: { operationId: { type: "string" } }, required: ["operationId"] },
} as const;

export async function importsPlugin(app: FastifyInstance, options: ImportsOptions): Promise<void> {
  const { data, now } = options;
  const operations = new Map<string, ImportOperation>();
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
    const timer = setTimeout(() => {
      timers.delete(timer);
      process(operation, records);
    }, IMPORT_DELAY_MS);
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
