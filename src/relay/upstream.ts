// HTTP(S) calls to the configured Kalibrate hosts, through undici's connection pools (one Agent per relay instance,
// closed with it). undici rather than node:http's client: it does the same work for about 30 µs less CPU per request,
// which was most of what put the relay short of a minimal node:http proxy on small answers (README, Benchmarks). Not
// fetch: the request line must carry the caller's query string byte for byte (WHATWG URL parsing would re-encode
// some characters; undici's `path` goes as given), and an answer streams straight back to the caller.
import { EventEmitter } from "node:events";
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { Agent } from "undici";

export class UpstreamTimeoutError extends Error {
  override name = "UpstreamTimeoutError";
}

export class UpstreamConnectionError extends Error {
  override name = "UpstreamConnectionError";
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export interface UpstreamCall {
  method: "GET" | "POST";
  /** Configured base URL; only its origin and path prefix are used. */
  base: URL;
  /** Path and query to append to the base path, already checked against the whitelist: "/price?query=…". */
  pathAndQuery: string;
  headers: Record<string, string>;
  /** A stream is piped as it arrives (imports); its errors abort the upstream request. */
  body?: Buffer | string | Readable;
  /**
   * The caller's response: when it closes before it was finished (the caller went away), the upstream call stops
   * too. Signalled through a plain EventEmitter (undici takes one): an AbortSignal's EventTarget costs several µs.
   */
  caller?: ServerResponse;
  /** Safe to send again (GET, token request): retried once when the connection drops before an answer. */
  idempotent?: boolean;
}

/** An answer whose head has arrived; the body is left to the caller to read or pipe (it errors as the answer breaks). */
export interface UpstreamAnswer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Readable;
}

/** Connection failures worth one more try for a request that is safe to send again. */
const DROPPED = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);

export class Upstream {
  private readonly agent: Agent;

  constructor(timeoutMs: number) {
    this.agent = new Agent({
      connections: 256,
      // A connection within the timeout (at most 10 s), the answer's head within the timeout of the request being
      // sent, and then no gap between body bytes longer than the timeout: an upstream dribbling or stalling halfway
      // cannot hold a call open.
      connect: { timeout: Math.min(10_000, timeoutMs) },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      // undici's keep-alive default stays (an idle socket is closed after 4 s, or the server's Keep-Alive hint less
      // 2 s): under common servers' own idle close, so an import, which is never sent twice, rarely meets a socket
      // the server has just closed.
    });
  }

  /** Resolves with the answer once its head arrives. Failures are an UpstreamTimeoutError or UpstreamConnectionError. */
  async request(call: UpstreamCall): Promise<UpstreamAnswer> {
    const signal = call.caller ? callerGoneSignal(call.caller) : undefined;
    try {
      return await this.attempt(call, signal);
    } catch (error) {
      const failure = upstreamFailure(error);
      // A server may close an idle kept-alive socket just as it is reused; that request never reached it.
      const retry = call.idempotent && failure instanceof UpstreamConnectionError && DROPPED.has(failure.code ?? "");
      if (!retry || (call.caller && callerGone(call.caller))) throw failure;
      try {
        return await this.attempt(call, signal);
      } catch (again) {
        throw upstreamFailure(again);
      }
    }
  }

  private async attempt(call: UpstreamCall, signal: EventEmitter | undefined): Promise<UpstreamAnswer> {
    const answer = await this.agent.request({
      origin: call.base.origin,
      path: call.base.pathname.replace(/\/+$/, "") + call.pathAndQuery,
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal,
    });
    return { statusCode: answer.statusCode, headers: answer.headers as IncomingHttpHeaders, body: answer.body };
  }

  close(): void {
    void this.agent.destroy();
  }
}

/** Emits "abort" (what undici listens for) when the caller's response closes before it was finished. */
function callerGoneSignal(caller: ServerResponse): EventEmitter {
  const signal = new EventEmitter();
  caller.once("close", () => {
    if (!caller.writableFinished) signal.emit("abort");
  });
  return signal;
}

function callerGone(caller: ServerResponse): boolean {
  return caller.closed && !caller.writableFinished;
}

/**
 * The relay's two kinds of upstream failure, from whatever undici or the socket threw: before the answer's head or
 * while its body streams. Wording is left to the routes.
 */
export function upstreamFailure(error: unknown): UpstreamTimeoutError | UpstreamConnectionError {
  if (error instanceof UpstreamTimeoutError || error instanceof UpstreamConnectionError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "UND_ERR_HEADERS_TIMEOUT") return new UpstreamTimeoutError("No answer within the timeout.");
  if (code === "UND_ERR_BODY_TIMEOUT") return new UpstreamTimeoutError("The answer stalled.");
  return new UpstreamConnectionError(connectionFailure(code, message), code);
}

function connectionFailure(code: string | undefined, message: string): string {
  switch (code) {
    case "ECONNREFUSED":
      return "the connection was refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "its host name could not be resolved";
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
    case "UND_ERR_ABORTED":
      return "the connection was dropped";
    case "ETIMEDOUT":
    case "ECONNABORTED":
    case "UND_ERR_CONNECT_TIMEOUT":
      return "the connection timed out";
    default:
      return code?.startsWith("ERR_TLS") || code?.includes("CERT") ? "its TLS certificate was not accepted" : message;
  }
}

/** Reads a whole (small) response body, refusing more than `limit` bytes. */
export async function readBody(response: Readable, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      response.destroy();
      throw new UpstreamConnectionError("the answer was larger than expected", "ETOOBIG");
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
