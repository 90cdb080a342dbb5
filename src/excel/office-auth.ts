// What Office says about signing in: whether the host brokers nested app authentication (NestedAppAuth 1.1), and the
// account Office is signed in with (the login hint for a silent first attempt). Plain Office calls, no React.

/** True where the Office host can broker tokens for the add-in (Excel on the web, Windows, Mac, iPad). */
export function nestedAppAuthSupported(): boolean {
  try {
    return (
      typeof Office !== "undefined" && Office.context?.requirements?.isSetSupported("NestedAppAuth", "1.1") === true
    );
  } catch {
    return false;
  }
}

/** The user principal name Office is signed in with, when it says (NAA hosts only); undefined otherwise. */
export async function officeLoginHint(): Promise<string | undefined> {
  try {
    const context = await Office.auth.getAuthContext();
    return context.userPrincipalName || undefined;
  } catch {
    return undefined;
  }
}
