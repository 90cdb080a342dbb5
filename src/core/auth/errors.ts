// Errors the TokenProvider raises. Their messages are shown to the user as they are, so each one is a sentence that
// says what failed and what to do; none of them ever contains the client secret or a token.

/** Getting a token failed: the relay or Kalibrate's sign-in service refused or could not be reached. */
export class AuthError extends Error {
  override readonly name = "AuthError";
  /** HTTP status from the relay; undefined when the relay could not be reached at all. */
  readonly status?: number;
  /** The relay's `error` code (for example `invalid_client`), when it sent one. */
  readonly code?: string;
  /** Seconds the relay asked us to wait (429), when it said. */
  readonly retryAfterSeconds?: number;

  constructor(message: string, details: { status?: number; code?: string; retryAfterSeconds?: number } = {}) {
    super(message);
    this.status = details.status;
    this.code = details.code;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** A token was asked for while no credentials are held (never connected, or disconnected). */
export class NotConnectedError extends Error {
  override readonly name: string = "NotConnectedError";

  constructor(message = "You are not connected to Kalibrate. Open the Kalibrate pane and connect first.") {
    super(message);
  }
}

/** What a cell says for a managed environment when nobody is signed in. */
export const SIGN_IN_REQUIRED = "Sign in in the Kalibrate pane (Home › Kalibrate), then press Refresh.";

/**
 * A token was asked for on an environment with organisation sign-in while nobody is signed in (signed out, or the
 * identity provider wants the user to sign in again). A NotConnectedError, so every caller treats it alike.
 */
export class NotSignedInError extends NotConnectedError {
  override readonly name = "NotSignedInError";

  constructor(message = SIGN_IN_REQUIRED) {
    super(message);
  }
}
