// Organisation sign-in, as the pane does it (issue 12): MSAL gets the analyst an access token for the relay's API
// (silently first, with Office's login hint under NAA; interactively, in a popup or Office's own dialog, when MSAL
// says interaction is required), the relay confirms the account may use the environment, and the runtime's one
// TokenProvider then hands that token to the pane, the custom functions and the ribbon and renews it silently. Plain
// module: components receive it.
import {
  BrowserAuthErrorCodes,
  InteractionRequiredAuthError,
  type AccountInfo,
  type AuthenticationResult,
} from "@azure/msal-browser";
import type { Environment, SignInSettings } from "../../core/api";
import { AuthError, NotSignedInError, type UserTokenSource } from "../../core/auth";
import type { Runtime } from "../../runtime";
import { recalculateKalibrateCells } from "../../excel/refresh";
import { createMsalApp, type MsalApp } from "./msal-app";
import { officeLoginHint } from "./office-auth";

export interface SignInService {
  /** Interactive when needed. Resolves once signed in; rejects with a sentence (window closed, no role…). */
  signIn(environment: Environment): Promise<void>;
  /** Signs in without any window if MSAL still holds an account for this environment. Resolves whether it did. */
  resume(environment: Environment): Promise<boolean>;
  signOut(environment: Environment): Promise<void>;
  /**
   * The pane chose a managed environment and nobody is connected: KALIBRATE cells say to sign in (rather than to
   * connect) from now on.
   */
  choose(environment: Environment): void;
}

export interface SignInDeps {
  createApp?: (signIn: SignInSettings) => Promise<MsalApp>;
  loginHint?: () => Promise<string | undefined>;
  fetch?: typeof fetch;
  recalculate?: () => Promise<unknown>;
}

export function createOrganisationSignIn(runtime: Runtime, deps: SignInDeps = {}): SignInService {
  const createApp = deps.createApp ?? ((signIn) => createMsalApp(signIn));
  const loginHint = deps.loginHint ?? officeLoginHint;
  const fetchImpl = deps.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const recalculate = deps.recalculate ?? recalculateKalibrateCells;
  const apps = new Map<string, Promise<MsalApp>>();
  const appFor = (environment: Environment) => {
    const settings = requireSignIn(environment);
    let app = apps.get(environment.id);
    if (!app) {
      app = createApp(settings).catch((error: Error) => {
        apps.delete(environment.id);
        throw new AuthError(
          `The sign-in could not start (${error.message}). Reload the pane; if it persists, tell IT.`,
        );
      });
      apps.set(environment.id, app);
    }
    return app;
  };

  /** The relay's word on this account: it names the user, or says why not (no role, another organisation). */
  const confirm = async (environment: Environment, accessToken: string): Promise<void> => {
    let response: Response;
    try {
      response = await fetchImpl(`${runtime.relayUrl}/api/signin/${encodeURIComponent(environment.id)}`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
      });
    } catch {
      throw new AuthError(`Cannot reach the Kalibrate relay at ${runtime.relayUrl}. Check your connection or ask IT.`);
    }
    if (response.ok) return;
    const body = (await response.json().catch(() => ({}))) as { message?: unknown };
    throw new AuthError(
      typeof body.message === "string" ? body.message : `The relay refused the sign-in (HTTP ${response.status}).`,
      { status: response.status },
    );
  };

  const begin = async (environment: Environment, { pca }: MsalApp, result: AuthenticationResult) => {
    const account = result.account;
    pca.setActiveAccount(account);
    try {
      await confirm(environment, result.accessToken);
    } catch (error) {
      await pca.clearCache({ account }).catch(() => undefined);
      throw error;
    }
    await runtime.tokens.signIn(userTokenSource(environment, pca, account, result));
    runtime.data.clearCache();
    await recalculate();
  };

  const signInOnce = async (environment: Environment) => {
    const app = await appFor(environment);
    const scopes = requireSignIn(environment).scopes;
    const account = app.pca.getActiveAccount() ?? app.pca.getAllAccounts()[0];
    let result: AuthenticationResult | undefined;
    try {
      if (account) result = await app.pca.acquireTokenSilent({ scopes, account });
      else if (app.nested) {
        // NAA: Office knows who is signed in; a silent attempt with that hint needs no window at all.
        const hint = await loginHint();
        if (hint) result = await app.pca.ssoSilent({ scopes, loginHint: hint });
      }
    } catch (error) {
      if (!(error instanceof InteractionRequiredAuthError)) throw describe(error);
    }
    try {
      result ??= await app.pca.acquireTokenPopup({ scopes });
    } catch (error) {
      throw describe(error);
    }
    await begin(environment, app, result);
  };

  const requireSignInNow = (environment: Environment) => {
    const { state } = runtime.tokens.status;
    if (state === "disconnected" || state === "error") runtime.tokens.signOut(environment.id);
  };

  return {
    choose: requireSignInNow,
    async signIn(environment) {
      try {
        await signInOnce(environment);
      } catch (error) {
        requireSignInNow(environment);
        throw error;
      }
    },
    async resume(environment) {
      if (!environment.managed || runtime.tokens.status.state === "connected") return false;
      const app = await appFor(environment);
      const account = app.pca.getActiveAccount() ?? app.pca.getAllAccounts()[0];
      if (!account) return false;
      try {
        const result = await app.pca.acquireTokenSilent({ scopes: requireSignIn(environment).scopes, account });
        await begin(environment, app, result);
        return true;
      } catch {
        return false;
      }
    },
    async signOut(environment) {
      const app = await appFor(environment);
      const account = app.pca.getActiveAccount();
      runtime.tokens.signOut(environment.id);
      runtime.data.clearCache();
      // Local sign-out: MSAL forgets the account and its tokens in this browser; the organisation's own session
      // (Entra ID's cookie, or the Office account under NAA) is the organisation's to end.
      if (account) await app.pca.clearCache({ account }).catch(() => undefined);
      app.pca.setActiveAccount(null);
      await recalculate();
    },
  };
}

function userTokenSource(
  environment: Environment,
  pca: MsalApp["pca"],
  account: AccountInfo,
  first: AuthenticationResult,
): UserTokenSource {
  let pending: AuthenticationResult | undefined = first;
  const scopes = requireSignIn(environment).scopes;
  return {
    environment: environment.id,
    username: account.username || account.name || "your account",
    async acquire({ force }) {
      // The first call takes the token the sign-in just got; later ones ask MSAL, which renews before expiry.
      const fresh = pending;
      pending = undefined;
      let result: AuthenticationResult;
      try {
        result = fresh && !force ? fresh : await pca.acquireTokenSilent({ scopes, account, forceRefresh: force });
      } catch (error) {
        if (error instanceof InteractionRequiredAuthError) throw new NotSignedInError();
        throw describe(error);
      }
      const expiresOn = result.expiresOn?.getTime() ?? Date.now() + 5 * 60_000;
      return { accessToken: result.accessToken, expiresOn };
    },
  };
}

function requireSignIn(environment: Environment): SignInSettings {
  if (!environment.managed || !environment.signIn) {
    throw new AuthError(
      `Environment ${environment.label} does not use organisation sign-in: enter its client id and secret.`,
    );
  }
  return environment.signIn;
}

/** MSAL's errors as sentences that say what to do. */
function describe(error: unknown): AuthError {
  const code = (error as { errorCode?: string }).errorCode;
  if (code === BrowserAuthErrorCodes.userCancelled) {
    return new AuthError("The sign-in window was closed before you finished. Click Sign in to try again.");
  }
  if (code === BrowserAuthErrorCodes.popupWindowError || code === BrowserAuthErrorCodes.emptyWindowError) {
    return new AuthError("The sign-in window could not open. Allow pop-ups for this add-in, then click Sign in again.");
  }
  if (code === BrowserAuthErrorCodes.timedOut) {
    return new AuthError("Signing in took too long. Click Sign in to try again.");
  }
  if (error instanceof AuthError) return error;
  const detail = (error as Error | undefined)?.message?.split("\n")[0];
  return new AuthError(
    `Signing in with your organisation failed${detail ? ` (${detail})` : ""}. Try again; if it persists, tell IT.`,
  );
}
