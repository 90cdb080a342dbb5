// Why the relay refused a token, apart from how the pane says it (as src/relay/token-errors.ts does for Azure AD):
// `classifyTokenFailure` is a pure function from the answer's status and code to one of a few causes, and
// TOKEN_FAILURE_WORDING is the table from each cause to the sentence that says what to do.
import type { Credentials } from "./token-provider";

export type TokenFailure =
  | "unknown-client"
  | "too-many-attempts"
  | "secret-refused"
  | "scope-refused"
  | "unknown-environment"
  | "busy"
  | "upstream-unreachable"
  | "upstream-timeout"
  | "refused"
  | "failed";

/**
 * The relay's codes (src/relay/token-errors.ts) first, because unauthorized_client is a 401 too; then the status.
 * invalid_resource is Azure AD's answer (AADSTS500011) for a scope naming a resource the tenant does not have.
 */
export function classifyTokenFailure(status: number, code: string | undefined): TokenFailure {
  if (code === "unauthorized_client") return "unknown-client";
  if (code === "too_many_failed_attempts") return "too-many-attempts";
  if (code === "invalid_client" || code === "invalid_grant" || status === 401) return "secret-refused";
  if (code === "invalid_scope" || code === "invalid_resource") return "scope-refused";
  if (code === "unknown_environment" || status === 404) return "unknown-environment";
  if (status === 429 || status === 503) return "busy";
  if (status === 502) return "upstream-unreachable";
  if (status === 504) return "upstream-timeout";
  if (status === 400) return "refused";
  return "failed";
}

export interface TokenFailureContext {
  status: number;
  credentials: Pick<Credentials, "environment" | "clientId" | "scope">;
  /** What the relay said, with the secret scrubbed ("" for nothing). */
  relayMessage: string;
  retryAfterSeconds?: number;
}

export const TOKEN_FAILURE_WORDING: Readonly<Record<TokenFailure, (c: TokenFailureContext) => string>> = {
  "unknown-client": ({ credentials: { clientId, environment } }) =>
    `Client id ${clientId} is not known for environment ${environment}. Check the client id, and that Kalibrate issued it for ${environment} (test and production credentials differ).`,
  "too-many-attempts": ({ credentials: { clientId }, retryAfterSeconds }) =>
    `Too many failed sign-in attempts for client id ${clientId}: wait ${retryAfterSeconds ?? 60} s, then try again with the correct client secret and scope.`,
  "secret-refused": ({ credentials: { clientId } }) =>
    `The client secret was not accepted for client id ${clientId}. Check it, or ask Kalibrate for a new one.`,
  "scope-refused": ({ credentials: { clientId, scope } }) =>
    `The scope ${scope} was not accepted for client id ${clientId}. Check the scope Kalibrate gave you; it looks like api://…/.default.`,
  "unknown-environment": ({ credentials: { environment } }) =>
    `The relay does not know the environment "${environment}". Pick one of the environments the pane lists.`,
  busy: ({ retryAfterSeconds }) => `Kalibrate's sign-in service is busy: try again in ${retryAfterSeconds ?? 30} s.`,
  "upstream-unreachable": () =>
    "The relay could not reach Kalibrate's sign-in service. Try again in a minute; if it keeps failing, ask IT whether the relay can reach the internet.",
  "upstream-timeout": () => "Kalibrate's sign-in service did not answer in time. Try again in a minute.",
  refused: ({ relayMessage }) => {
    const detail = relayMessage ? ` (${relayMessage.replace(/\.$/, "")})` : "";
    return `Kalibrate refused the sign-in${detail}. Check the client id, secret and scope.`;
  },
  failed: ({ status }) =>
    `Signing in to Kalibrate failed (HTTP ${status}). Try again; if it keeps failing, ask IT to check the relay.`,
};
