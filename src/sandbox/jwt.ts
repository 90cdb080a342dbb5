// Access tokens: HS256 JWTs signed with a key drawn at start-up, so tokens die with the process and nothing
// outside it can mint one.

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

export interface AccessClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  sub: string;
  azp: string;
  appid: string;
  tid: string;
  roles: string[];
  ver: "2.0";
  jti: string;
}

export type Verification =
  | { ok: true; claims: AccessClaims }
  | { ok: false; reason: "malformed" | "signature" | "expired" | "not-yet-valid"; detail?: string };

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

export class TokenSigner {
  private readonly key = randomBytes(32);

  private sign(input: string): Buffer {
    return createHmac("sha256", this.key).update(input).digest();
  }

  issue(claims: Omit<AccessClaims, "jti" | "ver">): string {
    const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT", kid: "sandbox" }));
    const payload = base64url(JSON.stringify({ ...claims, ver: "2.0", jti: randomUUID() }));
    return `${header}.${payload}.${base64url(this.sign(`${header}.${payload}`))}`;
  }

  /** Checks signature, then the time window to the second, allowing `skewSeconds` either side. */
  verify(token: string, nowSeconds: number, skewSeconds: number): Verification {
    const parts = token.split(".");
    if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part)))
      return { ok: false, reason: "malformed" };
    let header: { alg?: unknown };
    let claims: AccessClaims;
    try {
      header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
      claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    } catch {
      return { ok: false, reason: "malformed" };
    }
    if (header.alg !== "HS256" || typeof claims !== "object" || claims === null || typeof claims.exp !== "number") {
      return { ok: false, reason: "malformed" };
    }
    const expected = this.sign(`${parts[0]}.${parts[1]}`);
    const given = Buffer.from(parts[2], "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: "signature" };
    if (nowSeconds >= claims.exp + skewSeconds) return { ok: false, reason: "expired" };
    if (nowSeconds < claims.nbf - skewSeconds) return { ok: false, reason: "not-yet-valid" };
    return { ok: true, claims };
  }
}
