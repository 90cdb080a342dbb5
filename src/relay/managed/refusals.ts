// What the relay's credential routes answer for a managed environment.
import { RelayHttpError } from "../relay-error";

export function managedTokenRefusal(environmentId: string): RelayHttpError {
  return new RelayHttpError(
    400,
    "managed_environment",
    `Environment "${environmentId}" uses organisation sign-in: the relay holds its Kalibrate credentials. Sign in with your organisation in the Kalibrate pane instead of entering a client secret.`,
  );
}
