// The product's servers as a user meets them, on loopback: the sandbox (Data API + token endpoint) and the relay in
// front of it, which can also serve the built add-in. Tests start one per file and close it in after().
import { Writable } from "node:stream";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "../../src/sandbox/server";
import { startRelay } from "../../src/relay/server";
import { selfSignedLocalhost } from "../../src/dev/certificates";
import {
  startIdentityProvider,
  type IdentityUser,
  type RunningIdentityProvider,
} from "../../src/dev/identity-provider";

export interface Stack {
  sandbox: RunningSandbox;
  relayUrl: string;
  /** The sandbox's read-only and read-write clients, as the connect form takes them. */
  reader: { environment: string; clientId: string; clientSecret: string; scope: string };
  writer: { environment: string; clientId: string; clientSecret: string; scope: string };
  /** Requests the sandbox's Data API received (not the token endpoint). */
  dataRequests(): Promise<Array<{ method: string; url: string; status: number }>>;
  /** With `signIn`: the local identity provider and its made-up users (the managed environment is "managed"). */
  identity?: { issuer: string; users: IdentityUser[] };
  close(): Promise<void>;
}

/** The managed environment `signIn` adds: organisation sign-in through the local identity provider. */
export const MANAGED_ENVIRONMENT = { id: "managed", label: "Local sandbox (organisation sign-in)" };
const MANAGED_AUDIENCE = "api://kalibrate-relay-local";
const MANAGED_SPA_CLIENT = "kalibrate-addin-local";
const MANAGED_SECRET_ENV = "KALIBRATE_STACK_MANAGED_SECRET";

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
  /** Also start the local identity provider (https, self-signed) and a managed environment "managed" (issue 12). */
  signIn?:
    | boolean
    | { /** The identity provider's access-token lifetime (default an hour). */ accessTokenTtlSeconds?: number };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox({ port: 0, now: options.now, ...options.sandbox });
  const reader = sandbox.config.clients.find((c) => c.rights === "Read")!;
  let relayUrl = "";
  let identity: RunningIdentityProvider | undefined;
  let certificate: { private: string; cert: string } | undefined;
  if (options.signIn) {
    certificate = await selfSignedLocalhost();
    identity = await startIdentityProvider({
      certificate: { key: certificate.private, cert: certificate.cert },
      audience: MANAGED_AUDIENCE,
      scope: "Kalibrate.Read",
      clients: () => [{ clientId: MANAGED_SPA_CLIENT, redirectUris: [`${relayUrl}/auth-redirect.html`] }],
      ...(typeof options.signIn === "object" ? { accessTokenTtlSeconds: options.signIn.accessTokenTtlSeconds } : {}),
    });
  }
  const managed = identity
    ? [
        {
          ...MANAGED_ENVIRONMENT,
          production: false,
          tokenUrl: sandbox.tokenUrl,
          dataApiUrl: sandbox.apiUrl,
          managed: {
            clientId: reader.clientId,
            clientSecretEnv: MANAGED_SECRET_ENV,
            scope: reader.scopes[0],
            signIn: {
              issuer: identity.issuer,
              audience: MANAGED_AUDIENCE,
              clientId: MANAGED_SPA_CLIENT,
              scopes: [`${MANAGED_AUDIENCE}/Kalibrate.Read`],
              allowedTenants: [identity.tenantId],
              requiredRole: "Kalibrate.Read",
            },
          },
        },
      ]
    : [];
  const relay = await startRelay({
    port: 0,
    staticDir: options.staticDir,
    logStream: quiet(),
    now: options.now,
    managed: { env: { [MANAGED_SECRET_ENV]: reader.clientSecret }, identityCa: certificate?.cert },
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
        ...managed,
      ],
      allowedOrigins: [],
    },
  });
  relayUrl = relay.url;
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
    ...(identity ? { identity: { issuer: identity.issuer, users: identity.users } } : {}),
    async close() {
      await relay.close();
      await identity?.close();
      await sandbox.close();
    },
  };
}
