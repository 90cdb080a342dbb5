// The relay's word on an organisation account (GET /api/signin/{environment}): it names the user, or says why not
// (no role, another organisation). In core with the rest of the add-in's HTTP, so the pane itself never fetches.
import { AuthError } from "./errors";

export async function confirmSignInWithRelay(
  relayUrl: string,
  environmentId: string,
  accessToken: string,
  fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init),
): Promise<void> {
  let response: Response;
  try {
    response = await fetchImpl(`${relayUrl}/api/signin/${encodeURIComponent(environmentId)}`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
    });
  } catch {
    throw new AuthError(`Cannot reach the Kalibrate relay at ${relayUrl}. Check your connection or ask IT.`);
  }
  if (response.ok) return;
  const body = (await response.json().catch(() => ({}))) as { message?: unknown };
  throw new AuthError(
    typeof body.message === "string" ? body.message : `The relay refused the sign-in (HTTP ${response.status}).`,
    { status: response.status },
  );
}
