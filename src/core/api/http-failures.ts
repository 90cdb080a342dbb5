// Why a Data API request failed, apart from how the pane and the cells say it (as src/relay/token-errors.ts does for
// Azure AD): `classifyHttpFailure` is a pure function from an answer's status (or the lack of one) to a cause,
// HTTP_FAILURES the table from each cause to its DataApiError kind, whether the relay's own sentence may stand in
// for ours, and our wording. Whether to retry is the retry policy's business (request-sender.ts), not the wording's.
import type { DataApiErrorKind } from "./errors";

export type HttpFailure =
  | "malformed"
  | "sign-in-refused"
  | "forbidden"
  | "not-found"
  | "busy"
  | "gateway-timeout"
  | "server"
  | "refused"
  | "client-timeout"
  | "unreachable"
  | "unreachable-import";

/** The cause of an HTTP answer that is not ok. */
export function classifyHttpFailure(status: number): HttpFailure {
  if (status === 400) return "malformed";
  if (status === 401) return "sign-in-refused";
  if (status === 403) return "forbidden";
  if (status === 404) return "not-found";
  if (status === 429) return "busy";
  if (status === 504) return "gateway-timeout";
  if (status >= 500) return "server";
  return "refused";
}

export interface FailureContext {
  /** Words for the request, e.g. `the query on Price`. */
  what: string;
  status: number;
  /** " (correlation id …)" when the answer carried one, else "". */
  reference: string;
  /** Seconds to wait (429) or the client's timeout in seconds. */
  seconds: string;
  relayUrl: string;
}

export interface FailureRule {
  kind: DataApiErrorKind;
  /** The relay's (or Kalibrate's) own `message` is shown instead of ours when there is one. */
  relaySays: boolean;
  words: (c: FailureContext) => string;
}

const UNREACHABLE = ({ relayUrl }: FailureContext) =>
  `Cannot reach the Kalibrate relay at ${relayUrl}. Check your connection or ask IT whether the relay is running.`;

export const HTTP_FAILURES: Readonly<Record<HttpFailure, FailureRule>> = {
  malformed: {
    kind: "bad-request",
    relaySays: true,
    words: ({ what }) => `Kalibrate rejected ${what} as malformed. Check it.`,
  },
  "sign-in-refused": {
    kind: "unauthorized",
    relaySays: false,
    words: ({ what }) =>
      `Kalibrate did not accept the sign-in for ${what}. Disconnect and connect again; if it keeps happening, ask Kalibrate whether your client id may read this environment.`,
  },
  forbidden: {
    kind: "forbidden",
    relaySays: true,
    words: ({ what }) =>
      `Your client id is not allowed ${what}. Ask Kalibrate for credentials with that right (imports need ReadWrite credentials).`,
  },
  "not-found": {
    kind: "not-found",
    relaySays: true,
    words: ({ what }) => `Kalibrate has nothing at ${what}. Check the collection name.`,
  },
  busy: {
    kind: "rate-limited",
    relaySays: false,
    words: ({ seconds }) => `Kalibrate is busy: try again in ${seconds} s.`,
  },
  "gateway-timeout": {
    kind: "timeout",
    relaySays: true,
    words: ({ what, reference }) =>
      `Kalibrate did not answer ${what} in time${reference}. Narrow the query or try again later.`,
  },
  server: {
    kind: "server",
    relaySays: true,
    words: ({ what, status, reference }) =>
      `Kalibrate failed to answer ${what} (HTTP ${status})${reference}. Try again in a few minutes; if it keeps failing, tell Kalibrate the correlation id.`,
  },
  refused: {
    kind: "bad-request",
    relaySays: true,
    words: ({ what, status }) => `Kalibrate refused ${what} (HTTP ${status}). Check what was sent.`,
  },
  "client-timeout": {
    kind: "timeout",
    relaySays: false,
    words: ({ what, seconds }) =>
      `Kalibrate did not answer ${what} within ${seconds} s. Narrow the query (add a filter or a limit) or try again later.`,
  },
  unreachable: { kind: "network", relaySays: false, words: UNREACHABLE },
  "unreachable-import": {
    kind: "network",
    relaySays: false,
    words: (c) =>
      `${UNREACHABLE(c)} The records may or may not have been imported: check Import Status in Kalibrate before sending them again.`,
  },
};
