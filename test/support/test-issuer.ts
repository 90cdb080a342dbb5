// A stand-in for Entra ID's published keys, for relay tests: an OpenID discovery document and a JWKS on loopback
// HTTP, signing keys of its own (generated with jose) that a test can rotate, and a counter of JWKS downloads.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

export interface SigningKey {
  kid: string;
  alg: "RS256" | "PS256" | "ES256";
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface TestIssuer {
  issuer: string;
  /** Keys published in the JWKS right now. */
  published: SigningKey[];
  jwksFetches: number;
  newKey(alg?: SigningKey["alg"], kid?: string): Promise<SigningKey>;
  sign(payload: JWTPayload, key?: SigningKey, header?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  let base = "";
  const state: TestIssuer = {
    issuer: "",
    published: [],
    jwksFetches: 0,
    async newKey(alg = "RS256", kid = `key-${Math.random().toString(36).slice(2, 10)}`) {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
    },
    async sign(payload, key = state.published[0], header = {}) {
      return new SignJWT(payload)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT", ...header })
        .sign(key.privateKey);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((request, response) => {
    const send = (body: unknown) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.url === "/tenant/v2.0/.well-known/openid-configuration") {
      return send({ issuer: state.issuer, jwks_uri: `${base}/tenant/discovery/v2.0/keys` });
    }
    if (request.url === "/tenant/discovery/v2.0/keys") {
      state.jwksFetches += 1;
      return send({ keys: state.published.map((key) => key.publicJwk) });
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.issuer = `${base}/tenant/v2.0`;
  state.published.push(await state.newKey());
  return state;
}
