// TokenProvider: the one holder of the Kalibrate credentials in a runtime. It asks the relay for an access token
// (POST /api/token), hands the same token to every caller until shortly before it expires, and then asks again with
// the credentials it holds: Kalibrate's tokens cannot be refreshed (kalibrate-data-api §2). The client secret lives
// only in a private field of this object: it is never logged, persisted, put in a status or an error message.
import { Listeners, parseRetryAfter, SingleFlight } from "../util";
import { AuthError, NotConnectedError, NotSignedInError } from "./errors";
import { classifyTokenFailure, TOKEN_FAILURE_WORDING } from "./token-failures";

export interface Credentials {
  environment: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

export type TokenState = "disconnected" | "connecting" | "connected" | "error";

/** What the pane shows. Never holds the secret or the token. */
export interface TokenStatus {
  state: TokenState;
  environment?: string;
  clientId?: string;
  /** ISO date-time at which the current token expires. */
  expiresOn?: string;
  /** Why the state is "error": a sentence that says what to do. */
  message?: string;
  /** Organisation sign-in: who is signed in (their username). */
  user?: string;
  /** Organisation sign-in: `environment` needs a sign-in and nobody is signed in (cells say so). */
  signInRequired?: boolean;
}

export interface UserToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresOn: number;
}

/**
 * The other source of tokens beside the relay's client-credentials exchange: an analyst's organisation sign-in
 * (MSAL in the pane, src/taskpane/signin). The provider asks it for a token when it holds none or the one it holds is
 * due for renewal, and with `force` after the relay refused one. It rejects with NotSignedInError when the user must
 * sign in again interactively, or with an AuthError that says what failed.
 */
export interface UserTokenSource {
  environment: string;
  /** Who is signed in, for the status line. */
  username: string;
  acquire(options: { force: boolean }): Promise<UserToken>;
}

export interface TokenProviderOptions {
  relayUrl: string;
  fetch?: typeof fetch;
  /** Clock in epoch milliseconds (injected by tests). */
  now?: () => number;
  /** Ask for a new token this long before the current one expires. Default 5 minutes. */
  renewBeforeMs?: number;
}

type Listener = (status: TokenStatus) => void;

interface HeldToken {
  value: string;
  expiresAt: number;
  renewAt: number;
}

const DEFAULT_RENEW_BEFORE_MS = 5 * 60_000;
/** The relay itself gives up on the sign-in service after less than this. */
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;
/** A token this close to expiry is not handed out even as a fallback: the request it goes on would outlive it. */
const MIN_REMAINING_FOR_FALLBACK_MS = 60_000;

export class TokenProvider {
  readonly #relayUrl: string;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #renewBeforeMs: number;
  #credentials?: Credentials;
  #source?: UserTokenSource;
  /** The managed environment nobody is signed in to (after a sign-out): getToken says to sign in. */
  #signInRequired?: string;
  #forceNext = false;
  #token?: HeldToken;
  /** Concurrent getToken calls share one request (one flight: the key is always the same). */
  readonly #renewal = new SingleFlight<"token", string>();
  #pendingAbort?: AbortController;
  /** Bumped by connect and disconnect, so that an answer to an older request is ignored. */
  #generation = 0;
  #status: TokenStatus = { state: "disconnected" };
  readonly #listeners = new Listeners<[TokenStatus]>();

  constructor(options: TokenProviderOptions) {
    this.#relayUrl = options.relayUrl.replace(/\/+$/, "");
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#now = options.now ?? Date.now;
    this.#renewBeforeMs = options.renewBeforeMs ?? DEFAULT_RENEW_BEFORE_MS;
  }

  get status(): TokenStatus {
    return { ...this.#status };
  }

  /** Calls `listener` with the new status on every change; returns the function that stops it. */
  onChange(listener: Listener): () => void {
    return this.#listeners.add(listener);
  }

  /**
   * Holds the credentials and fetches a first token with them. Rejects with an AuthError saying what was refused;
   * the credentials are then dropped, so a later getToken rejects with NotConnectedError.
   */
  async connect(credentials: Credentials): Promise<TokenStatus> {
    const missing = (["environment", "clientId", "clientSecret", "scope"] as const).filter(
      (field) => typeof credentials[field] !== "string" || credentials[field].trim() === "",
    );
    if (missing.length > 0) {
      throw new AuthError(`Enter the ${listed(missing.map(fieldLabel))} before connecting.`);
    }
    this.#reset();
    this.#credentials = {
      environment: credentials.environment.trim(),
      clientId: credentials.clientId.trim(),
      clientSecret: credentials.clientSecret,
      scope: credentials.scope.trim(),
    };
    this.#setStatus({
      state: "connecting",
      environment: this.#credentials.environment,
      clientId: this.#credentials.clientId,
    });
    try {
      await this.#fetchToken();
    } catch (error) {
      if (error instanceof NotConnectedError) {
        throw new AuthError("Connecting was cancelled because you disconnected or connected again.");
      }
      throw error;
    }
    return this.status;
  }

  /** Forgets the credentials and the token; requests still in flight are aborted and their answers ignored. */
  disconnect(): void {
    this.#reset();
    this.#setStatus({ state: "disconnected" });
  }

  /**
   * The current token, fetching a new one when there is none or it is due for renewal. Concurrent callers share one
   * request. Rejects with NotConnectedError without credentials, or with an AuthError when the relay refuses.
   */
  async getToken(): Promise<string> {
    if (!this.#credentials && !this.#source) {
      throw this.#signInRequired ? new NotSignedInError() : new NotConnectedError();
    }
    const token = this.#token;
    if (token && this.#now() < token.renewAt) return token.value;
    return this.#fetchToken();
  }

  /**
   * Forgets the current token so that the next getToken fetches one (after the Data API answered 401). Pass the
   * rejected token so that a newer one fetched in the meantime by another caller is kept.
   */
  invalidate(rejectedToken?: string): void {
    if (rejectedToken === undefined || this.#token?.value === rejectedToken) {
      this.#token = undefined;
      this.#forceNext = true;
    }
  }

  /**
   * Organisation sign-in: from now on tokens come from `source` (the relay's exchange is not used). Resolves once a
   * first token is held; rejects with what the source said, and then nobody is signed in.
   */
  async signIn(source: UserTokenSource): Promise<TokenStatus> {
    this.#reset();
    this.#source = source;
    this.#setStatus({ state: "connecting", environment: source.environment, user: source.username });
    try {
      await this.#fetchToken();
    } catch (error) {
      if (error instanceof NotConnectedError && !(error instanceof NotSignedInError)) {
        throw new AuthError("Signing in was cancelled because you signed out or connected again.");
      }
      throw error;
    }
    return this.status;
  }

  /** Organisation sign-in: forgets the user and the token; `environment`'s cells then say to sign in. */
  signOut(environment: string): void {
    this.#reset();
    this.#signInRequired = environment;
    this.#setStatus({ state: "disconnected", environment, signInRequired: true });
  }

  #reset(): void {
    this.#generation += 1;
    this.#pendingAbort?.abort();
    this.#pendingAbort = undefined;
    this.#renewal.clear();
    this.#credentials = undefined;
    this.#source = undefined;
    this.#signInRequired = undefined;
    this.#forceNext = false;
    this.#token = undefined;
  }

  #fetchToken(): Promise<string> {
    return this.#renewal.run("token", () => this.#renewToken(this.#generation));
  }

  async #renewToken(generation: number): Promise<string> {
    const source = this.#source;
    if (source) return this.#renewUserToken(source, generation);
    const credentials = this.#credentials;
    if (!credentials) throw new NotConnectedError();
    const abort = new AbortController();
    this.#pendingAbort = abort;
    let fresh: HeldToken;
    try {
      fresh = await this.#requestToken(credentials, abort);
    } catch (error) {
      if (generation !== this.#generation) throw new NotConnectedError();
      return this.#afterFailure(error, credentials);
    } finally {
      if (this.#pendingAbort === abort) this.#pendingAbort = undefined;
    }
    if (generation !== this.#generation) throw new NotConnectedError();
    this.#token = fresh;
    this.#setStatus({
      state: "connected",
      environment: credentials.environment,
      clientId: credentials.clientId,
      expiresOn: new Date(fresh.expiresAt).toISOString(),
    });
    return fresh.value;
  }

  async #renewUserToken(source: UserTokenSource, generation: number): Promise<string> {
    const force = this.#forceNext;
    this.#forceNext = false;
    let token: UserToken;
    try {
      token = await source.acquire({ force });
    } catch (error) {
      if (generation !== this.#generation) throw new NotConnectedError();
      const old = this.#token;
      // A hiccup during renewal: keep using the old token while it has a minute to live, as with client credentials.
      if (!(error instanceof NotSignedInError) && old && this.#now() < old.expiresAt - MIN_REMAINING_FOR_FALLBACK_MS) {
        return old.value;
      }
      const environment = source.environment;
      const message =
        error instanceof NotSignedInError || error instanceof AuthError
          ? error.message
          : "Signing in with your organisation failed unexpectedly. Try again.";
      // A first token that fails, or a sign-in the identity provider ended, leaves nobody signed in; a failed
      // renewal keeps the user (the cause may pass) and says why.
      if (error instanceof NotSignedInError || this.#status.state === "connecting") {
        this.#reset();
        this.#signInRequired = environment;
        this.#setStatus({
          state: error instanceof NotSignedInError ? "disconnected" : "error",
          environment,
          signInRequired: true,
          message,
        });
      } else {
        this.#token = undefined;
        this.#setStatus({ state: "error", environment, user: source.username, message });
      }
      throw error instanceof NotSignedInError || error instanceof AuthError ? error : new AuthError(message);
    }
    if (generation !== this.#generation) throw new NotConnectedError();
    const now = this.#now();
    const lifetimeMs = token.expiresOn - now;
    const margin = Math.min(this.#renewBeforeMs, Math.max(0, lifetimeMs / 2));
    this.#token = { value: token.accessToken, expiresAt: token.expiresOn, renewAt: token.expiresOn - margin };
    this.#setStatus({
      state: "connected",
      environment: source.environment,
      user: source.username,
      expiresOn: new Date(token.expiresOn).toISOString(),
    });
    return token.accessToken;
  }

  /**
   * A failed first token ends the connection. A failed renewal keeps the credentials (the cause may pass) and, while
   * the old token still has a minute to live, keeps handing that one out instead of failing the caller.
   */
  #afterFailure(error: unknown, credentials: Credentials): string {
    const authError =
      error instanceof AuthError
        ? error
        : new AuthError("Connecting to Kalibrate failed unexpectedly. Try again; if it keeps failing, ask IT.");
    const old = this.#token;
    if (old && this.#now() < old.expiresAt - MIN_REMAINING_FOR_FALLBACK_MS) return old.value;
    const base = { environment: credentials.environment, clientId: credentials.clientId };
    if (this.#status.state === "connecting") this.#credentials = undefined;
    this.#token = undefined;
    this.#setStatus({ state: "error", ...base, message: authError.message });
    throw authError;
  }

  async #requestToken(credentials: Credentials, abort: AbortController): Promise<HeldToken> {
    const timer = setTimeout(() => abort.abort(), TOKEN_REQUEST_TIMEOUT_MS);
    let response: Response;
    try {
      response = await this.#fetch(`${this.#relayUrl}/api/token`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          environment: credentials.environment,
          clientId: credentials.clientId,
          clientSecret: credentials.clientSecret,
          scope: credentials.scope,
        }),
        signal: abort.signal,
      });
    } catch {
      throw new AuthError(
        abort.signal.aborted
          ? `The Kalibrate relay at ${this.#relayUrl} did not answer the sign-in within ${TOKEN_REQUEST_TIMEOUT_MS / 1000} s. Try again; if it keeps happening, ask IT whether the relay is running.`
          : `Cannot reach the Kalibrate relay at ${this.#relayUrl}. Check your connection or ask IT whether the relay is running.`,
      );
    } finally {
      clearTimeout(timer);
    }
    const body = await readJson(response);
    if (!response.ok) throw this.#failure(response, body, credentials);
    return this.#heldToken(body);
  }

  #heldToken(body: unknown): HeldToken {
    const record = (body ?? {}) as Record<string, unknown>;
    const value = record.accessToken;
    const now = this.#now();
    // expiresIn is relative, so it is immune to a skew between this machine's clock and the relay's; expiresOn is
    // only the fallback.
    const lifetimeMs =
      typeof record.expiresIn === "number" && Number.isFinite(record.expiresIn)
        ? record.expiresIn * 1000
        : typeof record.expiresOn === "string"
          ? Date.parse(record.expiresOn) - now
          : Number.NaN;
    if (typeof value !== "string" || value === "" || !(lifetimeMs > 0)) {
      throw new AuthError(
        `The relay at ${this.#relayUrl} answered the sign-in with something that is not a token. Ask IT to check that this address is the Kalibrate relay.`,
      );
    }
    // A margin larger than half the lifetime would make every call fetch a new token.
    const margin = Math.min(this.#renewBeforeMs, lifetimeMs / 2);
    return { value, expiresAt: now + lifetimeMs, renewAt: now + lifetimeMs - margin };
  }

  #failure(response: Response, body: unknown, credentials: Credentials): AuthError {
    const record = (body ?? {}) as Record<string, unknown>;
    const code = typeof record.error === "string" ? record.error : undefined;
    const relayMessage = typeof record.message === "string" ? scrub(record.message, credentials.clientSecret) : "";
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), this.#now());
    const retryAfterSeconds = retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000);
    const cause = classifyTokenFailure(response.status, code);
    const message = TOKEN_FAILURE_WORDING[cause]({
      status: response.status,
      credentials,
      relayMessage,
      retryAfterSeconds,
    });
    return new AuthError(message, { status: response.status, code, retryAfterSeconds });
  }

  #setStatus(status: TokenStatus): void {
    this.#status = status;
    try {
      this.#listeners.emit(this.status);
    } catch {
      // A failing listener must not break the token flow (the others have still been told).
    }
  }
}

function listed(words: string[]): string {
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

function fieldLabel(field: keyof Credentials): string {
  return { environment: "environment", clientId: "client id", clientSecret: "client secret", scope: "scope" }[field];
}

/** The relay should never echo the secret; if it ever does, it must not reach the screen. */
function scrub(text: string, secret: string): string {
  return secret.length > 0 ? text.split(secret).join("***") : text;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}
