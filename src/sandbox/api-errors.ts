// The sandbox's Data API error body: {"error": "<Code>", "message": "<sentence>"} (the real API's error format is
// not documented; see README). Codes are PascalCase, messages say what to do.

import type { FastifyReply } from "fastify";

export interface ApiErrorBody {
  error: string;
  message: string;
}

export function sendApiError(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply
    .code(status)
    .type("application/json; charset=utf-8")
    .send({ error, message } satisfies ApiErrorBody);
}

/** `Too Many Requests` -> `TooManyRequests`, for fault responses that only know a status. */
export function codeForStatus(status: number, statusText: string | undefined): string {
  return (statusText ?? `Status${status}`).replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) =>
    next ? next.toUpperCase() : "",
  );
}
