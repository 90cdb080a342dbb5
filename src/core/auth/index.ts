export { TokenProvider } from "./token-provider";
export type { Credentials, TokenState, TokenStatus, TokenProviderOptions } from "./token-provider";
export { AuthError, NotConnectedError } from "./errors";
