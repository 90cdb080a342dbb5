// One HTTP request to the relay, made reliable: bearer token from the TokenProvider, a client-side timeout, a
// concurrency permit, retries with exponential backoff and jitter on 429/500/502/503/504 and network errors
// (honouring Retry-After), one silent token renewal on 401, and every failure turned into a DataApiError.
import { AuthError, NotConnectedError, type TokenProvider } from "../auth";
import { onAbort, raceAbort, throwIfAborted } from "./abort";
import { CancelledError, DataApiError, type DataApiErrorKind } from "./errors";
import { classifyHttpFailure, HTTP_FAILURES, type HttpFailure } from "./http-failures";
import { parseRetryAfter } from "../util";
import type { Semaphore } from "./semaphore";

export interface RequestEvent {
  url: string;
  /** HTTP status, or 0 when no response came (network error, timeout, cancelled). */
  status: number;
  durationMs: number;
  /** 1 for the first try of this request, 2 for the first retry, … */
  attempt: number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface SenderOptions {
  relayUrl: string;
  tokens: TokenProvider;
  fetch: typeof fetch;
  now: () => number;
  sleep: Sleep;
  retries: number;
  timeoutMs: number;
  permits: Semaphore;
  onRequest?: (info: RequestEvent) => void;
  random?: () => number;
}

export interface OutgoingRequest {
  method: "GET" | "POST";
  url: string;
  body?: unknown;
  /** Send the bearer token (every data route; not /api/environments). */
  authenticated: boolean;
  /**
   * "idempotent": retry every transient failure. "at-most-once" (imports): retry only what surely was not processed
   * (429), because a retried import after a lost answer could import the records twice.
   */
  retry: "idempotent" | "at-most-once";
  /** Words for messages, e.g. `the query on Price`. */
  what: string;
  /** Extra request headers (an import's Idempotency-Key). */
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  body: unknown;
  /** Length of the answer's JSON text (characters): what the data client's cache budget counts. */
  bytes: number;
  correlationId?: string;
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 20_000;
/** A longer Retry-After is not waited for: the caller is told to come back later (Excel gives up after ~60 s). */
export const MAX_RETRY_AFTER_MS = 30_000;
const DEFAULT_BUSY_SECONDS = 30;
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

interface Failure {
  error: DataApiError;
  retryable: boolean;
  retryAfterMs?: number;
}

export class RequestSender {
  readonly #o: SenderOptions;

  constructor(options: SenderOptions) {
    this.#o = options;
  }

  /** Performs the request; `count` is called once per HTTP request actually sent. */
  async send(request: OutgoingRequest, signal: AbortSignal | undefined, count: () => void): Promise<Answer> {
    let renewed = false;
    let retriesUsed = 0;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal);
      const token = request.authenticated ? await this.#token(signal) : undefined;
      const outcome = await this.#attempt(request, token, signal, attempt, count);
      if ("answer" in outcome) return outcome.answer;
      const { failure } = outcome;
      if (failure.error.status === 401 && token !== undefined && !renewed) {
        // Tokens cannot be refreshed, only replaced: drop this one and ask once more with a new one.
        this.#o.tokens.invalidate(token);
        renewed = true;
        continue;
      }
      const allowed = request.retry === "idempotent" || failure.error.status === 429;
      if (!failure.retryable || !allowed) throw failure.error;
      if (failure.retryAfterMs !== undefined && failure.retryAfterMs > MAX_RETRY_AFTER_MS) throw failure.error;
      if (retriesUsed >= this.#o.retries) throw failure.error;
      const delay = failure.retryAfterMs ?? this.#backoff(retriesUsed);
      retriesUsed += 1;
      await raceAbort(this.#o.sleep(delay, signal), signal);
    }
  }

  /** Full backoff with "equal jitter": half fixed, half random, so a sheet of cells does not retry in lock step. */
  #backoff(retriesUsed: number): number {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retriesUsed);
    const random = this.#o.random ?? Math.random;
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  async #token(signal: AbortSignal | undefined): Promise<string> {
    try {
      return await raceAbort(this.#o.tokens.getToken(), signal);
    } catch (error) {
      if (error instanceof DataApiError) throw error;
      if (error instanceof NotConnectedError) throw new DataApiError("not-connected", error.message);
      if (error instanceof AuthError) throw new DataApiError(authKind(error), error.message, { status: error.status });
      throw new DataApiError("unauthorized", "Getting a Kalibrate token failed. Disconnect and connect again.");
    }
  }

  async #attempt(
    request: OutgoingRequest,
    token: string | undefined,
    signal: AbortSignal | undefined,
    attempt: number,
    count: () => void,
  ): Promise<{ answer: Answer } | { failure: Failure }> {
    const release = await this.#o.permits.acquire(signal);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#o.timeoutMs);
    const detach = onAbort(signal, () => controller.abort());
    const started = this.#o.now();
    let status = 0;
    try {
      count();
      const response = await this.#o.fetch(request.url, this.#init(request, token, controller.signal));
      status = response.status;
      const correlationId = response.headers.get("x-correlation-id") ?? undefined;
      const { body, bytes } = await readBody(response);
      if (response.ok) return { answer: { status, body, bytes, correlationId } };
      return { failure: this.#httpFailure(request, response, body, correlationId) };
    } catch (error) {
      if (signal?.aborted) throw new CancelledError();
      if (timedOut) return { failure: this.#timeoutFailure(request) };
      if (error instanceof DataApiError) return { failure: { error, retryable: false } };
      return { failure: this.#networkFailure(request) };
    } finally {
      clearTimeout(timer);
      detach();
      release();
      this.#o.onRequest?.({ url: request.url, status, durationMs: this.#o.now() - started, attempt });
    }
  }

  #init(request: OutgoingRequest, token: string | undefined, signal: AbortSignal): RequestInit {
    const headers: Record<string, string> = { ...request.headers, accept: "application/json" };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (request.body !== undefined) headers["content-type"] = "application/json";
    return {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    };
  }

  #httpFailure(request: OutgoingRequest, response: Response, body: unknown, correlationId?: string): Failure {
    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), this.#o.now());
    const cause = classifyHttpFailure(status);
    const busySeconds = cause === "busy" ? Math.ceil((retryAfterMs ?? DEFAULT_BUSY_SECONDS * 1000) / 1000) : undefined;
    const rule = HTTP_FAILURES[cause];
    const message =
      (rule.relaySays ? relayMessage(body) : undefined) ??
      rule.words({
        what: request.what,
        status,
        reference: correlationId ? ` (correlation id ${correlationId})` : "",
        seconds: String(busySeconds ?? ""),
        relayUrl: this.#o.relayUrl,
      });
    const error = new DataApiError(rule.kind, message, { status, correlationId, retryAfterSeconds: busySeconds });
    return { error, retryable: RETRYABLE.has(status), retryAfterMs };
  }

  #timeoutFailure(request: OutgoingRequest): Failure {
    // Not retried: another full timeout would outlast Excel's own limit for a custom function (~60 s).
    const ms = this.#o.timeoutMs;
    const seconds = ms >= 10_000 ? String(Math.round(ms / 1000)) : String(Math.round(ms / 100) / 10);
    return { error: this.#worded("client-timeout", request, seconds), retryable: false };
  }

  #networkFailure(request: OutgoingRequest): Failure {
    const cause = request.retry === "at-most-once" ? "unreachable-import" : "unreachable";
    return { error: this.#worded(cause, request), retryable: true };
  }

  #worded(cause: HttpFailure, request: OutgoingRequest, seconds = ""): DataApiError {
    const rule = HTTP_FAILURES[cause];
    const words = rule.words({ what: request.what, status: 0, reference: "", seconds, relayUrl: this.#o.relayUrl });
    return new DataApiError(rule.kind, words);
  }
}

function authKind(error: AuthError): DataApiErrorKind {
  if (error.status === undefined) return "network";
  if (error.status === 429 || error.status === 503) return "rate-limited";
  if (error.status === 504) return "timeout";
  if (error.status >= 500) return "server";
  return "unauthorized";
}

function relayMessage(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const message = (body as Record<string, unknown>).message;
  if (typeof message !== "string" || message.trim() === "") return undefined;
  const text = message.trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

async function readBody(response: Response): Promise<{ body: unknown; bytes: number }> {
  const text = await response.text();
  if (text === "") return { body: undefined, bytes: 0 };
  try {
    return { body: JSON.parse(text) as unknown, bytes: text.length };
  } catch {
    if (response.ok) {
      throw new DataApiError(
        "server",
        "The relay answered with something that is not JSON. Ask IT to check that the relay address points at the Kalibrate relay.",
        { status: response.status },
      );
    }
    return { body: undefined, bytes: text.length };
  }
}
