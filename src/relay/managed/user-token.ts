// Validates an analyst's access token for a managed environment, the way an Entra ID protected API must: signature by
// `kid` from the issuer's published keys, only RS256/PS256/ES256, `iss` exactly the configured issuer, `aud`,
// `exp`/`nbf` with a small skew, `tid` in the allow-list and the required app role in `roles`. Every refusal is a
// RelayHttpError whose message says what to do; none quotes the token.
import { errors, jwtVerify, type JWTPayload } from "jose";
import { RelayHttpError } from "../relay-error";
import type { ManagedSignIn } from "./settings";
import { IdentityProviderUnavailable, type SigningKeys } from "./signing-keys";

/** Clock difference tolerated between the identity provider and the relay, for `exp` and `nbf`. */
export const CLOCK_SKEW_SECONDS = 60;
export const ALGORITHMS = ["RS256", "PS256", "ES256"];

export interface SignedInUser {
  oid?: string;
  preferredUsername?: string;
  tid: string;
}

export interface UserTokenVerifierOptions {
  environmentId: string;
  signIn: ManagedSignIn;
  keys: SigningKeys;
  now: () => number;
}

export class UserTokenVerifier {
  constructor(private readonly options: UserTokenVerifierOptions) {}

  async verify(token: string): Promise<SignedInUser> {
    const { signIn, keys, environmentId, now } = this.options;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys.getKey, {
        issuer: signIn.issuer,
        audience: signIn.audience,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_SKEW_SECONDS,
        currentDate: new Date(now()),
        requiredClaims: ["exp", "tid"],
      }));
    } catch (error) {
      throw refusal(error, environmentId);
    }
    const user: SignedInUser = {
      tid: String(payload.tid),
      ...(typeof payload.oid === "string" ? { oid: payload.oid } : {}),
      ...(typeof payload.preferred_username === "string" ? { preferredUsername: payload.preferred_username } : {}),
    };
    const who = user.preferredUsername ?? user.oid ?? "this account";
    if (!signIn.allowedTenants.includes(user.tid)) {
      throw new RelayHttpError(
        403,
        "tenant_not_allowed",
        `${who} signed in with an organisation (tenant ${user.tid}) that environment "${environmentId}" does not accept. Sign in with your work account of the organisation that runs this relay.`,
      );
    }
    const roles = Array.isArray(payload.roles) ? payload.roles : [];
    if (!roles.includes(signIn.requiredRole)) {
      throw new RelayHttpError(
        403,
        "missing_role",
        `${who} does not have the ${signIn.requiredRole} role for environment "${environmentId}". Ask IT to assign it to you (Entra ID › Enterprise applications › the Kalibrate relay › Users and groups), then sign in again.`,
      );
    }
    return user;
  }
}

function refusal(error: unknown, environmentId: string): RelayHttpError {
  const signInAgain = "Sign in again in the Kalibrate pane.";
  if (error instanceof IdentityProviderUnavailable) {
    return new RelayHttpError(
      502,
      "identity_provider_unavailable",
      `The relay could not check sign-ins for environment "${environmentId}": ${error.message}. Try again in a minute; if it persists, tell IT.`,
    );
  }
  if (error instanceof errors.JWTExpired) {
    return new RelayHttpError(401, "token_expired", `Your organisation sign-in has expired. ${signInAgain}`);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (claim === "nbf") {
      return new RelayHttpError(
        401,
        "token_not_yet_valid",
        `The sign-in token is not valid yet (check this computer's clock). ${signInAgain}`,
      );
    }
    if (claim === "aud") {
      return new RelayHttpError(
        401,
        "wrong_audience",
        `The sign-in token was issued for another application, not environment "${environmentId}" of this relay. ${signInAgain}`,
      );
    }
    if (claim === "iss") {
      return new RelayHttpError(
        401,
        "wrong_issuer",
        `The sign-in token comes from an identity provider that environment "${environmentId}" does not trust. ${signInAgain}`,
      );
    }
    return new RelayHttpError(
      401,
      "invalid_token",
      `The sign-in token lacks the "${claim}" claim environment "${environmentId}" needs. ${signInAgain}`,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new RelayHttpError(
      401,
      "algorithm_not_allowed",
      `The sign-in token is not signed with an accepted algorithm (${ALGORITHMS.join(", ")}). ${signInAgain}`,
    );
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new RelayHttpError(
      401,
      "unknown_signing_key",
      `The sign-in token is signed with a key the identity provider does not publish. ${signInAgain}`,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new RelayHttpError(
      401,
      "invalid_signature",
      `The sign-in token's signature does not match its contents. ${signInAgain}`,
    );
  }
  return new RelayHttpError(401, "invalid_token", `The sign-in token could not be read. ${signInAgain}`);
}
