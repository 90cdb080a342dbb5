// Test setup: a bearer token from the sandbox's Azure-AD-like token endpoint for one of its configured clients.
// Tests of the token endpoint itself post their own forms; this is only for tests that need a token to get going.

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

/** Posts the client-credentials form for `client` (with its first scope) and returns the access token. */
export async function sandboxToken(tokenUrl: string, client: SandboxClient): Promise<string> {
  const response = await fetch(tokenUrl, {
    method: "POST",
    body: new URLSearchParams({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      grant_type: "client_credentials",
      scope: client.scopes[0],
    }),
  });
  if (response.status !== 200) {
    // Only the AAD error code goes into the message: enough to tell a wrong client from an outage.
    const { error } = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(
      `The sandbox token endpoint answered ${response.status} (${error ?? "no error code"}) for client ` +
        `${client.clientId}; check its id, secret and scope against the sandbox config.`,
    );
  }
  return ((await response.json()) as { access_token: string }).access_token;
}
