// Whether the connected credentials may import, read from the access token's `roles` claim (Kalibrate's rights are
// Read or ReadWrite; the sandbox issues them as Azure AD app roles). The token is decoded, not verified: this only
// decides what to tell the user first. Without a recognisable claim the answer is "unknown", and the first import
// call's 403 stops the import before a second batch.
export type Rights = "Read" | "ReadWrite" | "unknown";

function payloadOf(token: string): Record<string, unknown> | undefined {
  const part = token.split(".")[1];
  if (!part) return undefined;
  try {
    const base64 = part
      .replace(/-/g, "+")
      .replace(/_/g, "/")
      .padEnd(Math.ceil(part.length / 4) * 4, "=");
    const json = decodeURIComponent(
      Array.from(atob(base64), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join(""),
    );
    const payload = JSON.parse(json) as unknown;
    return payload && typeof payload === "object" ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function rightsFromToken(token: string): Rights {
  const roles = payloadOf(token)?.roles;
  if (!Array.isArray(roles) || roles.length === 0) return "unknown";
  const names = roles.map((role) => String(role).toLowerCase());
  if (names.some((role) => role === "readwrite" || role.endsWith(".readwrite") || role.includes("write"))) {
    return "ReadWrite";
  }
  if (names.some((role) => role === "read" || role.endsWith(".read"))) return "Read";
  return "unknown";
}

export function readOnlyMessage(clientId: string | undefined): string {
  const who = clientId ? `Client "${clientId}"` : "These credentials";
  return (
    `${who} can only read: Kalibrate's imports need the ReadWrite credentials issued for imports. ` +
    "Disconnect and connect with those before preparing an import; nothing has been sent."
  );
}
