// Token endpoint failures in Azure AD's shape: error, error_description (AADSTS-prefixed, with the Trace ID,
// Correlation ID and Timestamp lines AAD appends), error_codes, timestamp, trace_id, correlation_id and error_uri.
// The shape is copied from real answers quoted in public issue threads; src/sandbox/README.md lists them.

import { randomUUID } from "node:crypto";
import type { FastifyReply } from "fastify";

export type AadError =
  | "invalid_request"
  | "invalid_client"
  | "invalid_scope"
  | "invalid_resource"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "temporarily_unavailable";

export interface AadErrorBody {
  error: AadError;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  /** Azure AD's page for the code: `https://login.microsoftonline.com/error?code=7000215`. */
  error_uri: string;
}

/** Where Azure AD's error bodies point for an AADSTS code (the host is Azure AD's, never contacted by the sandbox). */
export function aadErrorUri(code: number): string {
  return `https://login.microsoftonline.com/error?code=${code}`;
}

/** AAD's timestamp format: `2025-06-30 10:15:00Z`. */
export function aadTimestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace("T", " ").replace(".000Z", "Z");
}

export function aadErrorBody(
  error: AadError,
  code: number,
  description: string,
  correlationId: string,
  nowMs: number,
): AadErrorBody {
  const traceId = randomUUID();
  const timestamp = aadTimestamp(nowMs);
  return {
    error,
    error_description:
      `AADSTS${code}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\n` +
      `Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: aadErrorUri(code),
  };
}

export function sendAadError(
  reply: FastifyReply,
  status: number,
  body: AadErrorBody,
  retryAfterSeconds?: number,
): FastifyReply {
  reply.code(status).header("cache-control", "no-store").header("pragma", "no-cache");
  if (retryAfterSeconds !== undefined) reply.header("retry-after", String(retryAfterSeconds));
  return reply.type("application/json; charset=utf-8").send(body);
}
