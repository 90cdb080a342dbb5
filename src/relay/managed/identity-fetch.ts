// GETs a small JSON document from the identity provider (OpenID discovery, JWKS): https, or http on loopback only,
// bounded in size and time. Optionally trusts an extra CA (a local provider's development certificate).
import http from "node:http";
import https from "node:https";
import { isAllowedIdentityUrl } from "./settings";

export type FetchJson = (url: string) => Promise<unknown>;

const MAX_BYTES = 512 * 1024;
const TIMEOUT_MS = 10_000;

export function identityFetch(ca?: string | Buffer): FetchJson {
  return (address) =>
    new Promise((resolve, reject) => {
      const url = new URL(address);
      if (!isAllowedIdentityUrl(url)) {
        reject(new Error(`${address} is not https (plain http is allowed only on localhost/127.0.0.1)`));
        return;
      }
      const client = url.protocol === "https:" ? https : http;
      const request = client.get(
        url,
        {
          headers: { accept: "application/json" },
          timeout: TIMEOUT_MS,
          ...(ca && url.protocol === "https:" ? { ca } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BYTES) request.destroy(new Error(`${address} answered more than ${MAX_BYTES} bytes`));
            else chunks.push(chunk);
          });
          response.on("end", () => {
            if (response.statusCode !== 200) {
              reject(new Error(`${address} answered HTTP ${response.statusCode}`));
              return;
            }
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
            } catch {
              reject(new Error(`${address} did not answer JSON`));
            }
          });
          response.on("error", reject);
        },
      );
      request.on("timeout", () =>
        request.destroy(new Error(`${address} did not answer within ${TIMEOUT_MS / 1000} s`)),
      );
      request.on("error", reject);
    });
}
