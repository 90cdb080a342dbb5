// What the token route says when the shared store (Redis) cannot be reached. Kept apart from token-errors.ts, which
// words what Azure AD says: this one is the deployment's fault, not the caller's.
import { RelayHttpError } from "./relay-error";

export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
}

export function storeUnavailableError(): RelayHttpError {
  return new RelayHttpError(
    503,
    "token_store_unavailable",
    "The relay cannot reach its shared token store (Redis), so it cannot hand out tokens safely right now. Try again in a minute; if it persists, tell your administrator to check the relay's Redis.",
    "30",
  );
}
