// npm start as a user runs it (with the build already made by npm test): sandbox, relay and add-in come up, every URL
// is printed and answers, and Ctrl+C stops everything cleanly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import https from "node:https";
import { readFileSync } from "node:fs";

/** GET over https, accepting the development certificate (which this machine does not trust). */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { rejectUnauthorized: false }, (response) => {
        let body = "";
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

test("npm start serves the add-in, the workbench and the relay over https, then stops on SIGINT", async () => {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "src/dev/start.ts", "--skip-build", "--port", "0", "--sandbox-port", "0", "--idp-port", "0"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const deadline = Date.now() + 60_000;
    while (!output.includes("Press Ctrl+C to stop") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(output, /Kalibrate for Excel is running/, output);
    const pane = /Add-in \(task pane\)\s+(\S+)/.exec(output)?.[1];
    const workbench = /^\s+(https:\/\/\S+\/workbench\.html)/m.exec(output)?.[1];
    assert.ok(pane?.startsWith("https://") && workbench, output);
    assert.match(output, /Manifest\s+\S+manifest\.xml/);
    // --port 0 serves another port than manifest.xml's 3000: the printed manifest is written for the port served.
    const manifestPath = /Manifest\s+(\S+manifest\.xml)/.exec(output)?.[1];
    const origin = new URL(pane!).origin;
    assert.match(output, /manifest\.xml itself points at https:\/\/localhost:3000/);
    const manifest = readFileSync(manifestPath!, "utf8");
    assert.ok(manifest.includes(`${origin}/taskpane.html`), `${manifestPath} points at ${origin}`);
    assert.doesNotMatch(manifest, /localhost:3000/);
    assert.match(output, /client id sandbox-reader/);
    assert.doesNotMatch(output, /sandbox-secret-not-real/, "the secret is not printed");

    assert.equal((await get(pane!)).status, 200);
    assert.equal((await get(workbench!)).status, 200);
    const environments = JSON.parse((await get(new URL("/api/environments", pane).href)).body);
    assert.deepEqual(environments[0], { id: "sandbox", label: "Local sandbox (made-up data)", production: false });
    // Issue 12: the same sandbox as a managed environment, signed in to through the local identity provider.
    assert.equal(environments.length, 2);
    assert.equal(environments[1].id, "sandbox-managed");
    assert.equal(environments[1].managed, true);
    const issuer = environments[1].signIn.issuer as string;
    assert.match(output, /analyst@contoso\.example \/ analyst-password-not-real/);
    const discovery = JSON.parse((await get(`${issuer}/.well-known/openid-configuration`)).body);
    assert.equal(discovery.issuer, issuer);

    child.kill("SIGINT");
    assert.equal(await exited, 0);
  } finally {
    child.kill("SIGKILL");
  }
});
