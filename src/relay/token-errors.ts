// Turns what Azure AD's token endpoint says into the relay's error shape {error, message}: the AAD error code kept for
// programs, a sentence for people (the error_description without its AADSTS prefix and Trace/Correlation/Timestamp
// lines) followed by what to do, and a status that says whose fault it is.

import { RelayHttpError } from "./relay-error";

interface Advice {
  status: number;
  advice: string;
}

const CREDENTIALS_ADVICE =
  "Check the client id and client secret Kalibrate issued for this environment (secrets are rotated: ask Kalibrate for the current one).";
const SCOPE_FORM = "the one Kalibrate issued for this environment, of the form api://…/.default";

/**
 * Azure AD's AADSTS codes for the set-up mistakes people make, each with what to fix. The code says more than the
 * `error` word (unauthorized_client is both "no such client id" and "client not allowed this scope"), so it is
 * looked up first. Sources for each code: src/sandbox/README.md (token failures).
 */
const BY_AADSTS_CODE: Record<number, Advice> = {
  700016: {
    status: 401,
    advice:
      "Check the client id: Azure AD knows no application with that id in this environment's tenant. Use the client id Kalibrate issued for this environment (test and production credentials differ).",
  },
  7000215: {
    status: 401,
    advice:
      "Check the client secret: use the secret's value (not its id) that Kalibrate issued for this client id; secrets are rotated, so ask Kalibrate for the current one if it has expired.",
  },
  7000218: { status: 401, advice: "Enter the client secret Kalibrate issued for this client id." },
  500011: {
    status: 400,
    advice: `Check the scope: the resource it names does not exist in this environment's tenant. Use ${SCOPE_FORM}.`,
  },
  70011: {
    status: 400,
    advice: `Check the scope: it must be a single URI with no spaces, ${SCOPE_FORM}.`,
  },
  1002012: { status: 400, advice: `Check the scope: it must end in /.default; use ${SCOPE_FORM}.` },
  501051: {
    status: 403,
    advice:
      "Check that the client id and the scope were issued together: this client id is not allowed that scope. Ask Kalibrate which scope belongs to your client id.",
  },
  900144: { status: 400, advice: "Fill in the client id, client secret and scope, then connect again." },
  90002: {
    status: 502,
    advice:
      "The environment's token URL names a tenant Azure AD does not know: ask your administrator to check the environment's tokenUrl in the relay configuration.",
  },
  70003: { status: 502, advice: "The relay sends client_credentials; report this to your administrator." },
};

/** When the answer carries no code this table knows: by the OAuth `error` word. */
const BY_ERROR: Record<string, Advice> = {
  invalid_client: { status: 401, advice: CREDENTIALS_ADVICE },
  unauthorized_client: {
    status: 401,
    advice:
      "Check the client id and that you picked the environment Kalibrate issued it for (test and production credentials differ).",
  },
  invalid_resource: { status: 400, advice: `Check the scope: use ${SCOPE_FORM}.` },
  invalid_scope: { status: 400, advice: `Check the scope: use ${SCOPE_FORM}.` },
  invalid_request: { status: 400, advice: "Check the client id, client secret and scope for typos or stray spaces." },
  invalid_grant: { status: 400, advice: CREDENTIALS_ADVICE },
  unsupported_grant_type: {
    status: 400,
    advice: "The relay sends client_credentials; report this to your administrator.",
  },
  temporarily_unavailable: { status: 503, advice: "Azure AD is busy: try again in a minute." },
  server_error: { status: 502, advice: "Azure AD had an internal error: try again in a minute." },
};

/** The first AADSTS code of the answer: `error_codes[0]`, else the `AADSTSnnnn:` prefix of the description. */
function aadstsCode(aad: Record<string, unknown>): number | undefined {
  const codes = aad.error_codes;
  if (Array.isArray(codes) && Number.isInteger(codes[0])) return codes[0] as number;
  const match = typeof aad.error_description === "string" ? /AADSTS(\d+)/.exec(aad.error_description) : null;
  return match ? Number(match[1]) : undefined;
}

/** error_description without the AADSTSnnnn: prefix and without the Trace ID / Correlation ID / Timestamp lines. */
export function cleanAadDescription(description: string): string {
  return description
    .split(/\r?\n/)
    .filter((line) => !/^\s*(Trace ID|Correlation ID|Timestamp)\s*:/i.test(line))
    .join(" ")
    .replace(/\bAADSTS\d+\s*:\s*/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function sentence(text: string): string {
  if (!text) return "";
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Maps a non-2xx answer from the token endpoint (its status and parsed JSON body, if any) to the relay's error. */
export function tokenEndpointError(status: number, body: unknown, retryAfter?: string): RelayHttpError {
  const aad = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof aad.error === "string" && /^[a-z_]{1,64}$/.test(aad.error) ? aad.error : undefined;
  const description = typeof aad.error_description === "string" ? cleanAadDescription(aad.error_description) : "";
  if (status === 429) {
    const wait = retryAfter && /^\d+$/.test(retryAfter) ? ` ${retryAfter} seconds` : " a minute";
    const said = sentence(description) || "The token endpoint is throttling requests.";
    return new RelayHttpError(429, code ?? "too_many_requests", `${said} Wait${wait} and try again.`, retryAfter);
  }
  if (!code) {
    return new RelayHttpError(
      status === 503 ? 503 : 502,
      "token_endpoint_error",
      `The token endpoint answered HTTP ${status} without an explanation. Try again in a minute; if it persists, check the environment's tokenUrl in the relay configuration.`,
      retryAfter,
    );
  }
  const aadsts = aadstsCode(aad);
  const advice = (aadsts !== undefined ? BY_AADSTS_CODE[aadsts] : undefined) ??
    BY_ERROR[code] ?? {
      status: status >= 400 && status < 500 ? status : 502,
      advice: "Check the client id, client secret and scope for this environment.",
    };
  const said = sentence(description) || `Azure AD refused the request (${code}).`;
  return new RelayHttpError(advice.status, code, `${said} ${advice.advice}`, retryAfter);
}
