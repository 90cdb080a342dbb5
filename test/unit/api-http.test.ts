// The DataApiClient and TokenProvider over real HTTP (a loopback server speaking the relay contract), where sockets
// matter: client timeouts, aborted requests, the raw query string on the wire.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CancelledError, DataApiClient, DataApiError } from "../../src/core/api";
import { TokenProvider } from "../../src/core/auth";

const PRODUCTS = Array.from({ length: 23 }, (_, i) => ({
  id: { entityId: `p${String(i).padStart(2, "0")}`, entityVariant: "Global" },
  data: { name: `Product ${i}` },
}));

let server: Server;
let relayUrl: string;
const rawUrls: string[] = [];
const authorizations: Array<string | undefined> = [];
const closedEarly: string[] = [];
const held: ServerResponse[] = [];

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const url = req.url ?? "";
  if (req.method === "POST" && url === "/api/token") {
    req.resume();
    req.on("end", () => answer(res, 200, { accessToken: "real-token", tokenType: "Bearer", expiresIn: 3600 }));
    return;
  }
  rawUrls.push(url);
  authorizations.push(req.headers.authorization);
  if (url.startsWith("/api/data/sandpit/price")) {
    // Never answers: the client's timeout or the caller's abort must end it.
    held.push(res);
    res.on("close", () => {
      if (!res.writableEnded) closedEarly.push(url);
    });
    return;
  }
  if (url.toLowerCase().startsWith("/api/data/sandpit/product?query=")) {
    const query = decodeURIComponent(url.slice(url.indexOf("=") + 1));
    const limit = Number(/\(limit=(\d+)\)/.exec(query)?.[1] ?? 1000);
    const offset = Number(/\(offset=(\d+)\)/.exec(query)?.[1] ?? 0);
    answer(res, 200, PRODUCTS.slice(offset, offset + limit), { "x-correlation-id": `corr-${offset}` });
    return;
  }
  answer(res, 404, { error: "not_found", message: "The relay does not forward this path." });
}

before(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  relayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function connectedClient(options: { timeoutMs?: number } = {}) {
  const tokens = new TokenProvider({ relayUrl });
  await tokens.connect({ environment: "sandpit", clientId: "c", clientSecret: "s", scope: "api://x/.default" });
  return new DataApiClient({ relayUrl, tokens, environment: () => "sandpit", pageSize: 10, ...options });
}

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), "condition not reached");
};

describe("DataApiClient over HTTP", () => {
  it("pages a real relay: raw + separators on the wire, bearer token, correlation id", async () => {
    const api = await connectedClient();
    const result = await api.query("Product", "(entityVariant=Global)+(limit=0)");
    assert.equal(result.documents.length, 23);
    assert.deepEqual(
      result.documents.map((d) => (d as { id: { entityId: string } }).id.entityId),
      PRODUCTS.map((p) => p.id.entityId),
    );
    assert.deepEqual(rawUrls.slice(0, 3), [
      "/api/data/sandpit/Product?query=(entityVariant=Global)+(orderBy=entityId)+(limit=10)+(offset=0)",
      "/api/data/sandpit/Product?query=(entityVariant=Global)+(orderBy=entityId)+(limit=10)+(offset=10)",
      "/api/data/sandpit/Product?query=(entityVariant=Global)+(orderBy=entityId)+(limit=10)+(offset=20)",
    ]);
    assert.equal(result.correlationId, "corr-0");
    assert.ok(authorizations.every((value) => value === "Bearer real-token"));
  });

  it("times out a request that gets no answer, without retrying it", async () => {
    const api = await connectedClient({ timeoutMs: 150 });
    const before = rawUrls.length;
    const error = await api.query("price", "(limit=1)").catch((e: unknown) => e);
    assert.ok(error instanceof DataApiError);
    assert.equal(error.kind, "timeout");
    assert.equal(
      error.message,
      "Kalibrate did not answer the query on price within 0.2 s. Narrow the query (add a filter or a limit) or try again later.",
    );
    assert.equal(rawUrls.length - before, 1);
    await waitFor(() => closedEarly.length >= 1);
  });

  it("an abort closes the pending request and rejects with CancelledError", async () => {
    const api = await connectedClient();
    const controller = new AbortController();
    const closedBefore = closedEarly.length;
    const pending = api.query("price", "(limit=2)", { signal: controller.signal });
    await waitFor(() => rawUrls.some((url) => url.endsWith("(limit=2)")));
    controller.abort();
    await assert.rejects(pending, CancelledError);
    await waitFor(() => closedEarly.length > closedBefore);
  });

  it("a path the relay does not forward is a not-found error with its message", async () => {
    const api = await connectedClient();
    await assert.rejects(api.query("Volume", "(limit=1)"), {
      kind: "not-found",
      status: 404,
      message: "The relay does not forward this path.",
    });
  });
});
