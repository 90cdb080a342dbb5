// The one error type the DataApiClient rejects with. `kind` is for programs (custom functions pick #N/A or #VALUE!
// from it); the message is for people: a sentence that says what to do.

export type DataApiErrorKind =
  | "not-connected"
  | "bad-request"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "rate-limited"
  | "timeout"
  | "network"
  | "server"
  | "cancelled";

export interface DataApiErrorDetails {
  status?: number;
  correlationId?: string;
  /** How long Kalibrate asked us to wait, when it said (rate-limited). */
  retryAfterSeconds?: number;
}

export class DataApiError extends Error {
  override name = "DataApiError";
  readonly kind: DataApiErrorKind;
  readonly status?: number;
  readonly correlationId?: string;
  readonly retryAfterSeconds?: number;

  constructor(kind: DataApiErrorKind, message: string, details: DataApiErrorDetails = {}) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.correlationId = details.correlationId;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** The caller's AbortSignal fired: pending requests were aborted. */
export class CancelledError extends DataApiError {
  override name = "CancelledError";

  constructor(message = "The request was cancelled.") {
    super("cancelled", message);
  }
}
