// HTTP(S) calls to the configured Kalibrate hosts. node:http rather than fetch because the request line must carry the
// caller's query string byte for byte (WHATWG URL parsing would re-encode some characters), and because a response
// streams straight back to the caller. Keep-alive agents are per relay instance and closed with it.
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";

export class UpstreamTimeoutError extends Error {
  override name = "UpstreamTimeoutError";
}

export class UpstreamConnectionError extends Error {
  override name = "UpstreamConnectionError";
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly staleSocket = false,
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
   * too. A plain "close" listener rather than an AbortSignal: EventTarget costs several µs per request.
   */
  caller?: ServerResponse;
  /** Safe to send again (GET, token request): retried once when a kept-alive socket turns out to be closed. */
  idempotent?: boolean;
}

export class Upstream {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(private readonly timeoutMs: number) {}

  /** Resolves with the response once its headers arrive; the body is left to the caller to read or pipe. */
  async request(call: UpstreamCall): Promise<IncomingMessage> {
    try {
      return await this.attempt(call);
    } catch (error) {
      // The server may close an idle kept-alive socket just as we reuse it; that request never reached it.
      if (call.idempotent && error instanceof UpstreamConnectionError && error.staleSocket && !callerGone(call)) {
        return this.attempt(call);
      }
      throw error;
    }
  }

  private attempt(call: UpstreamCall): Promise<IncomingMessage> {
    const secure = call.base.protocol === "https:";
    const client = secure ? https : http;
    const basePath = call.base.pathname.replace(/\/+$/, "");
    return new Promise((resolve, reject) => {
      const request = client.request({
        protocol: call.base.protocol,
        hostname: call.base.hostname.replace(/^\[|\]$/g, ""),
        port: call.base.port || (secure ? 443 : 80),
        method: call.method,
        path: basePath + call.pathAndQuery,
        headers: call.headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
      });
      const onCallerClose = () => {
        if (!call.caller?.writableFinished) request.destroy(new Error("The caller went away."));
      };
      call.caller?.once("close", onCallerClose);
      const fail = (error: Error) => {
        clearTimeout(timer);
        call.caller?.off("close", onCallerClose);
        reject(error);
      };
      // The whole answer's head within the timeout (an upstream dribbling bytes cannot hold the call open)...
      const timer = setTimeout(() => {
        request.destroy(new UpstreamTimeoutError(`No answer within ${Math.round(this.timeoutMs / 1000)} seconds.`));
      }, this.timeoutMs);
      // ...and an answer that stalls halfway is cut off after the same idle time.
      request.setTimeout(this.timeoutMs, () => request.destroy(new UpstreamTimeoutError("The answer stalled.")));
      request.on("error", (error) => {
        if (error instanceof UpstreamTimeoutError) return fail(error);
        const code = (error as NodeJS.ErrnoException).code;
        const stale = request.reusedSocket && (code === "ECONNRESET" || code === "EPIPE");
        fail(new UpstreamConnectionError(connectionFailure(code, error.message), code, stale));
      });
      request.on("response", (response) => {
        clearTimeout(timer);
        response.on("close", () => {
          call.caller?.off("close", onCallerClose);
          // Answered before the body was all sent (a refusal): this request can never finish, free its socket.
          if (!request.writableFinished) request.destroy();
        });
        resolve(response);
      });
      const body = call.body;
      if (body === undefined || typeof body === "string" || Buffer.isBuffer(body)) {
        request.end(body);
      } else {
        body.once("error", (error) => request.destroy(error));
        body.pipe(request);
      }
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function callerGone(call: UpstreamCall): boolean {
  return call.caller !== undefined && call.caller.closed && !call.caller.writableFinished;
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
      return "the connection was dropped";
    case "ETIMEDOUT":
    case "ECONNABORTED":
      return "the connection timed out";
    default:
      return code?.startsWith("ERR_TLS") || code?.includes("CERT") ? "its TLS certificate was not accepted" : message;
  }
}

/** Reads a whole (small) response body, refusing more than `limit` bytes. */
export async function readBody(response: IncomingMessage, limit = 1024 * 1024): Promise<string> {
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
