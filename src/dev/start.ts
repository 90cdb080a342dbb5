// npm start: the whole product on one machine, no Kalibrate account needed. Builds the add-in, starts the local
// sandbox (the Data API and its token endpoint) and the relay, which also serves the add-in over https on port 3000
// so the pane and the functions reach the relay at their own origin.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { startSandbox } from "../sandbox/server";
import { startRelay } from "../relay/server";
import { developmentCertificate } from "./certificates";
import { manifestForOrigin } from "./dev-manifest";
import { DEV_BASE_URL } from "./manifest-rules";
import { startIdentityProvider } from "./identity-provider";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3000" },
    "sandbox-port": { type: "string", default: "7071" },
    "idp-port": { type: "string", default: "7073" },
    "skip-build": { type: "boolean", default: false },
  },
});

function step(message: string) {
  console.log(`\u001b[36m›\u001b[0m ${message}`);
}

if (!values["skip-build"]) {
  step("Building the add-in (webpack)…");
  const build = spawnSync(path.resolve("node_modules/.bin/webpack"), ["--mode", "development"], { stdio: "inherit" });
  if (build.status !== 0) {
    console.error("The build failed (see above). Fix it and run npm start again.");
    process.exit(1);
  }
}

step("Starting the Kalibrate sandbox…");
const sandbox = await startSandbox({ port: Number(values["sandbox-port"]) });
const certificate = await developmentCertificate();
// Organisation sign-in (issue 12): a local OpenID provider plays Entra ID; its clients are read on its first request,
// by which time the relay (the redirect page's origin) is listening.
step("Starting the local identity provider…");
const audience = "api://kalibrate-relay-local";
const spaClientId = "kalibrate-addin-local";
let addinOrigin = "";
const identity = await startIdentityProvider({
  port: Number(values["idp-port"]),
  certificate,
  audience,
  scope: "Kalibrate.Read",
  clients: () => [{ clientId: spaClientId, redirectUris: [`${addinOrigin}/auth-redirect.html`] }],
});
const reader = sandbox.config.clients[0];
step("Starting the relay and the add-in server…");
const relay = await startRelay({
  port: Number(values.port),
  host: "127.0.0.1",
  staticDir: path.resolve("dist"),
  https: { key: certificate.key, cert: certificate.cert },
  config: {
    environments: [
      {
        id: "sandbox",
        label: "Local sandbox (made-up data)",
        production: false,
        tokenUrl: sandbox.tokenUrl,
        dataApiUrl: sandbox.apiUrl,
      },
      {
        id: "sandbox-managed",
        label: "Local sandbox (organisation sign-in)",
        production: false,
        tokenUrl: sandbox.tokenUrl,
        dataApiUrl: sandbox.apiUrl,
        managed: {
          clientId: reader.clientId,
          clientSecretEnv: "RELAY_SANDBOX_MANAGED_SECRET",
          scope: reader.scopes[0],
          signIn: {
            issuer: identity.issuer,
            audience,
            clientId: spaClientId,
            scopes: [`${audience}/Kalibrate.Read`],
            allowedTenants: [identity.tenantId],
            requiredRole: "Kalibrate.Read",
          },
        },
      },
    ],
    allowedOrigins: [],
  },
  // The sandbox reader's made-up secret stands in for the one IT would put in the relay's environment.
  managed: {
    env: { RELAY_SANDBOX_MANAGED_SECRET: reader.clientSecret },
    identityCa: certificate.ca ?? certificate.cert,
  },
});
addinOrigin = relay.url;
// The relay serves the add-in, so the pane and the functions call it at their own origin.
const origin = relay.url;
// manifest.xml points at port 3000; on any other port the manifest to sideload is a copy written for that port.
const manifest = await manifestForOrigin(origin);
const manifestNote =
  origin === DEV_BASE_URL
    ? ""
    : `\n                      (written for ${origin}; manifest.xml itself points at ${DEV_BASE_URL})`;

const [analyst, visitor] = identity.users;
console.log(`
Kalibrate for Excel is running.

  Add-in (task pane)  ${origin}/taskpane.html
  Workbench (no Excel needed: a simulated workbook beside the real pane)
                      ${origin}/workbench.html
  Manifest            ${manifest}${manifestNote}
  Relay               ${origin}/api/environments
  Sandbox Data API    ${sandbox.apiUrl}   token endpoint ${sandbox.tokenUrl}

  Sandbox credentials (made up, for the sandbox only; the workbench fills them in):
    environment sandbox   client id ${reader.clientId}   scope ${reader.scopes[0]}
    client secret: see src/sandbox/sandbox.config.json

  Organisation sign-in (environment "Local sandbox (organisation sign-in)"), local identity provider
                      ${identity.issuer}
    made-up users (src/dev/identity-provider.users.json):
      ${analyst.username} / ${analyst.password}   (has the Kalibrate.Read role)
      ${visitor.username} / ${visitor.password}   (no role: refused)

  Certificate: ${certificate.note}

  To use it in Excel: Home › Add-ins › Upload My Add-in (Excel on the web) and pick the manifest above;
  see README.md › Sideloading for Excel on Windows and Mac. Press Ctrl+C to stop.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  step("Stopping…");
  await relay.close();
  await identity.close();
  await sandbox.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
