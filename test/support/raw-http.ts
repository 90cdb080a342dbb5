// Test helper: one HTTP request over node:http rather than fetch, so the request line goes out exactly as written
// (no URL normalisation) and the raw reply bytes come back for the test to inspect.
import http, { type IncomingHttpHeaders } from "node:http";

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function request(base: string, pathAndQuery: string, options: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const outgoing = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? "GET",
        path: pathAndQuery,
        headers: options.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

/** The reply body parsed as a JSON object. */
export function json(reply: Reply): Record<string, unknown> {
  return JSON.parse(reply.body.toString("utf8"));
}
