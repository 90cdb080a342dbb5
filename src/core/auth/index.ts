export { TokenProvider } from "./token-provider";
export type {
  Credentials,
  TokenState,
  TokenStatus,
  TokenProviderOptions,
  UserTokenSource,
  UserToken,
} from "./token-provider";
export { AuthError, NotConnectedError, NotSignedInError, SIGN_IN_REQUIRED } from "./errors";
export { confirmSignInWithRelay } from "./relay-signin";
