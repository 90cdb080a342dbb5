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
  override readonly name = "NotConnectedError";

  constructor(message = "You are not connected to Kalibrate. Open the Kalibrate pane and connect first.") {
    super(message);
  }
}
