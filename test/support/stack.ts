// The product's servers as a user meets them, on loopback: the sandbox (Data API + token endpoint) and the relay in
// front of it, which can also serve the built add-in. Tests start one per file and close it in after().
import { Writable } from "node:stream";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "../../src/sandbox/server";
import { startRelay } from "../../src/relay/server";

export interface Stack {
  sandbox: RunningSandbox;
  relayUrl: string;
  /** The sandbox's read-only and read-write clients, as the connect form takes them. */
  reader: { environment: string; clientId: string; clientSecret: string; scope: string };
  writer: { environment: string; clientId: string; clientSecret: string; scope: string };
  /** Requests the sandbox's Data API received (not the token endpoint). */
  dataRequests(): Promise<Array<{ method: string; url: string; status: number }>>;
  close(): Promise<void>;
}

const quiet = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

export interface StackOptions {
  sandbox?: SandboxOptions;
  staticDir?: string;
  now?: () => number;
  /**
   * More relay environments in front of the same sandbox, after "sandbox" (e.g. one marked production, to test that
   * data from two environments is not mixed silently). Connect to one with `{ ...stack.reader, environment: id }`.
   */
  extraEnvironments?: Array<{ id: string; label: string; production: boolean }>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox({ port: 0, now: options.now, ...options.sandbox });
  const relay = await startRelay({
    port: 0,
    staticDir: options.staticDir,
    logStream: quiet(),
    now: options.now,
    config: {
      environments: [
        {
          id: "sandbox",
          label: "Local sandbox",
          production: false,
          tokenUrl: sandbox.tokenUrl,
          dataApiUrl: sandbox.apiUrl,
        },
        ...(options.extraEnvironments ?? []).map((env) => ({
          ...env,
          tokenUrl: sandbox.tokenUrl,
          dataApiUrl: sandbox.apiUrl,
        })),
      ],
      allowedOrigins: [],
    },
  });
  const client = (rights: "Read" | "ReadWrite") => {
    const found = sandbox.config.clients.find((c) => c.rights === rights)!;
    return {
      environment: "sandbox",
      clientId: found.clientId,
      clientSecret: found.clientSecret,
      scope: found.scopes[0],
    };
  };
  return {
    sandbox,
    relayUrl: relay.url,
    reader: client("Read"),
    writer: client("ReadWrite"),
    async dataRequests() {
      const response = await fetch(`${sandbox.url}/_sandbox/requests`);
      const all = (await response.json()) as Array<{ method: string; url: string; status: number }>;
      return all.filter((r) => r.url.startsWith("/api/"));
    },
    async close() {
      await relay.close();
      await sandbox.close();
    },
  };
}
