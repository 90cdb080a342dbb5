// The one error shape the relay answers with: {error: "<code for programs>", message: "<sentence for people>"}.

export class RelayHttpError extends Error {
  override name = "RelayHttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter?: string,
  ) {
    super(message);
  }
  /** Answered before the request body was read: close the connection rather than read (and pay for) the rest. */
  closeConnection?: boolean;
}

/** Where a JSON body broke, without V8's quote of the body (which, for /api/token, would hold the secret). */
export function invalidJsonMessage(parseError: Error, what = "The request body"): string {
  const position = /position (\d+)/.exec(parseError.message)?.[1];
  return `${what} is not valid JSON${position ? ` (at character ${position})` : ""}. Fix it and send it again.`;
}
