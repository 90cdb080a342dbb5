// Organisation sign-in, as the pane does it (issue 12): MSAL gets the analyst an access token for the relay's API
// (silently first, with Office's login hint under NAA; interactively, in a popup or Office's own dialog, when MSAL
// says interaction is required), the relay confirms the account may use the environment, and the runtime's one
// TokenProvider then hands that token to the pane, the custom functions and the ribbon and renews it silently. Plain
// module: components receive it.
// MSAL (~100 KB gzip) is loaded with the first managed environment's app (msal-app.ts, its own chunk), never with the
// pane's first screen: this module uses its types only, and knows its errors by their documented name and codes.
import type { AccountInfo, AuthenticationResult, BrowserAuthErrorCodes } from "@azure/msal-browser";
import type { Environment, SignInSettings } from "../../core/api";
import { AuthError, confirmSignInWithRelay, NotSignedInError, type UserTokenSource } from "../../core/auth";
import type { Runtime } from "../../runtime";
import { recalculateWaitingCells } from "../recalculate";
import { loadSavedSignIn, saveSignIn } from "../../excel/settings";
import type { MsalApp } from "./msal-app";
import { officeLoginHint } from "../../excel/office-auth";

export interface SignInService {
  /** Interactive when needed. Resolves once signed in; rejects with a sentence (window closed, no role…). */
  signIn(environment: Environment): Promise<void>;
  /**
   * Signs in without any window if MSAL still holds an account for this environment (or, under NAA, Office's
   * account signs in silently). Resolves whether it did.
   */
  resume(environment: Environment): Promise<boolean>;
  /**
   * When the pane starts: if the workbook remembers a managed environment, KALIBRATE cells say to sign in at once,
   * and the sign-in is resumed silently when MSAL can (no window ever opens). Resolves whether it signed in.
   */
  start(environments: () => Promise<Environment[]>): Promise<boolean>;
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
  /** The workbook's memory of the managed environment signed in to (document settings; an id, never a token). */
  remember?: (environment: string) => Promise<void>;
  recall?: () => Promise<string | undefined>;
}

/** One MSAL application per environment, made when first needed; a failed start is forgotten so a reload retries. */
function msalApps(
  createApp: (signIn: SignInSettings) => Promise<MsalApp>,
): (environment: Environment) => Promise<MsalApp> {
  const apps = new Map<string, Promise<MsalApp>>();
  return (environment) => {
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
}

/**
 * A token without any window: MSAL's cached account (its cache, refresh token or hidden frame), or under NAA
 * Office's own account as login hint. Undefined when there is nobody to sign in silently.
 */
async function silently({ pca, nested }: MsalApp, scopes: string[], loginHint: () => Promise<string | undefined>) {
  const account = pca.getActiveAccount() ?? pca.getAllAccounts()[0];
  if (account) return pca.acquireTokenSilent({ scopes, account });
  if (!nested) return undefined;
  const hint = await loginHint();
  return hint ? pca.ssoSilent({ scopes, loginHint: hint }) : undefined;
}

export function createOrganisationSignIn(runtime: Runtime, deps: SignInDeps = {}): SignInService {
  const createApp =
    deps.createApp ??
    ((signIn) =>
      import(/* webpackChunkName: "msal" */ "./msal-app").then(({ createMsalApp }) => createMsalApp(signIn)));
  const loginHint = deps.loginHint ?? officeLoginHint;
  const recalculate = deps.recalculate ?? recalculateWaitingCells;
  const remember = deps.remember ?? saveSignIn;
  const recall = deps.recall ?? loadSavedSignIn;
  const appFor = msalApps(createApp);

  const begin = async (environment: Environment, { pca }: MsalApp, result: AuthenticationResult) => {
    const account = result.account;
    pca.setActiveAccount(account);
    try {
      await confirmSignInWithRelay(runtime.relayUrl, environment.id, result.accessToken, deps.fetch);
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
    let result: AuthenticationResult | undefined;
    try {
      result = await silently(app, scopes, loginHint);
    } catch (error) {
      if (!interactionRequired(error)) throw describe(error);
    }
    try {
      result ??= await app.pca.acquireTokenPopup({ scopes });
    } catch (error) {
      throw describe(error);
    }
    await begin(environment, app, result);
    // The workbook remembers the environment so the next start resumes it; a workbook that cannot save settings
    // (read-only) still signs in, it only asks again next time.
    await remember(environment.id).catch(() => undefined);
  };

  const requireSignInNow = (environment: Environment) => {
    const { state } = runtime.tokens.status;
    if (state === "disconnected" || state === "error") runtime.tokens.signOut(environment.id);
  };

  const resume = async (environment: Environment): Promise<boolean> => {
    if (!environment.managed || runtime.tokens.status.state === "connected") return false;
    try {
      const app = await appFor(environment);
      const result = await silently(app, requireSignIn(environment).scopes, loginHint);
      if (!result) return false;
      await begin(environment, app, result);
      return true;
    } catch {
      // Interaction required, the relay refused, the provider unreachable: the pane offers Sign in.
      return false;
    }
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
    resume,
    async start(environments) {
      if (runtime.tokens.status.state !== "disconnected") return false;
      const id = await recall().catch(() => undefined);
      if (!id) return false;
      const environment = (await environments().catch(() => [])).find((candidate) => candidate.id === id);
      if (!environment?.managed || !environment.signIn) return false;
      // Cells evaluated while MSAL looks (and after, if it cannot) say to sign in, never wait.
      requireSignInNow(environment);
      return resume(environment);
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
        if (interactionRequired(error)) throw new NotSignedInError();
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

// MSAL's BrowserAuthErrorCodes, typed against the library's own constants (a changed code fails the type check).
const USER_CANCELLED: typeof BrowserAuthErrorCodes.userCancelled = "user_cancelled";
const POPUP_WINDOW_ERROR: typeof BrowserAuthErrorCodes.popupWindowError = "popup_window_error";
const EMPTY_WINDOW_ERROR: typeof BrowserAuthErrorCodes.emptyWindowError = "empty_window_error";
const TIMED_OUT: typeof BrowserAuthErrorCodes.timedOut = "timed_out";

/** MSAL's InteractionRequiredAuthError (msal-common sets this name on it). */
function interactionRequired(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "InteractionRequiredAuthError";
}

/** MSAL's errors as sentences that say what to do. */
function describe(error: unknown): AuthError {
  const code = (error as { errorCode?: string }).errorCode;
  if (code === USER_CANCELLED) {
    return new AuthError("The sign-in window was closed before you finished. Click Sign in to try again.");
  }
  if (code === POPUP_WINDOW_ERROR || code === EMPTY_WINDOW_ERROR) {
    return new AuthError("The sign-in window could not open. Allow pop-ups for this add-in, then click Sign in again.");
  }
  if (code === TIMED_OUT) {
    return new AuthError("Signing in took too long. Click Sign in to try again.");
  }
  if (error instanceof AuthError) return error;
  const detail = (error as Error | undefined)?.message?.split("\n")[0];
  return new AuthError(
    `Signing in with your organisation failed${detail ? ` (${detail})` : ""}. Try again; if it persists, tell IT.`,
  );
}
