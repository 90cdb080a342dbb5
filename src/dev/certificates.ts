// HTTPS for the development server: Office only loads add-ins over https. office-addin-dev-certs makes a local CA and
// a localhost certificate; where it cannot install the CA (no sudo, or no trust store) it still leaves the files, and
// where there are none at all a self-signed certificate is generated for this run.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import devCerts from "office-addin-dev-certs";
import selfsigned from "selfsigned";

export interface Certificate {
  key: string | Buffer;
  cert: string | Buffer;
  /** The CA that issued `cert`, when it is not self-signed (servers calling each other over https trust it). */
  ca?: string | Buffer;
  /** What the user should know about trusting it. */
  note: string;
}

const CERT_DIR = path.join(homedir(), ".office-addin-dev-certs");

export async function developmentCertificate(): Promise<Certificate> {
  try {
    const options = await devCerts.getHttpsServerOptions();
    return {
      key: options.key,
      cert: options.cert,
      ca: options.ca,
      note: "Office add-in developer certificate (trusted).",
    };
  } catch (error) {
    const key = path.join(CERT_DIR, "localhost.key");
    const cert = path.join(CERT_DIR, "localhost.crt");
    const why = (error as Error).message.split("\n")[0];
    if (existsSync(key) && existsSync(cert)) {
      const ca = path.join(CERT_DIR, "ca.crt");
      return {
        key: readFileSync(key),
        cert: readFileSync(cert),
        ...(existsSync(ca) ? { ca: readFileSync(ca) } : {}),
        note: `Office developer certificate, but its CA could not be trusted (${why}). Trust ${path.join(CERT_DIR, "ca.crt")} in your OS or browser, or accept the warning once.`,
      };
    }
    const generated = await selfSignedLocalhost();
    return {
      key: generated.private,
      cert: generated.cert,
      note: `Self-signed certificate for this run (${why}). Your browser will warn once; Excel desktop needs a trusted one: run npx office-addin-dev-certs install.`,
    };
  }
}

/** A throw-away certificate for localhost and 127.0.0.1 (tests, and runs without a developer certificate). */
export async function selfSignedLocalhost(): Promise<{ private: string; cert: string }> {
  return selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    notAfterDate: new Date(Date.now() + 30 * 86_400_000),
    keySize: 2048,
    extensions: [
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
}
