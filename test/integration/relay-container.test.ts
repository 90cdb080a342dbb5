// The container as built: runs `npm run build:relay`, copies into an empty temporary folder exactly what the last
// stage of src/relay/Dockerfile copies (its COPY lines, read from the file), and starts the relay there with the
// Dockerfile's CMD under plain `node`: no TypeScript loader, no node_modules, no source tree beside it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stages } from "../support/dockerfile";
import { json, request as call } from "../support/raw-http";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DOCKERFILE = readFileSync(path.join(ROOT, "src/relay/Dockerfile"), "utf8");

describe("the relay container as the Dockerfile builds it", () => {
  let folder: string;
  let child: ChildProcess | undefined;

  before(() => {
    execFileSync("npm", ["run", "--silent", "build:relay"], { cwd: ROOT, stdio: "pipe" });
    folder = mkdtempSync(path.join(tmpdir(), "relay-container-"));
  });

  after(() => {
    child?.kill("SIGKILL");
    rmSync(folder, { recursive: true, force: true });
  });

  test("the final stage copies only the built relay (and the add-in folder) and it starts with node and answers /healthz", async () => {
    const all = stages(DOCKERFILE);
    const final = all[all.length - 1];
    const builder = all.find((stage) => stage.name === final.copies[0]?.from);
    assert.ok(builder, "the final stage copies from a build stage");
    // The build stage's working tree is the repository (COPY . .); other paths there (/addin) are the add-in build,
    // which this test does not ask for: an empty folder, as the image has without ADDIN_URL.
    const app = path.join(folder, "app");
    for (const copy of final.copies) {
      assert.equal(copy.from, builder.name, `${copy.source} comes from the build stage, never the source tree`);
      const destination = path.join(folder, copy.target);
      if (copy.source.startsWith(`${builder.workdir}/`)) {
        const local = path.join(ROOT, path.posix.relative(builder.workdir, copy.source));
        assert.ok(existsSync(local), `${local} exists after npm run build:relay`);
        assert.ok(!/\bsrc\b|node_modules/.test(path.relative(ROOT, local)), `${copy.source} is build output`);
        cpSync(local, destination, { recursive: true });
      } else {
        mkdirSync(destination, { recursive: true });
      }
    }
    assert.ok(final.cmd && final.cmd[0] === "node", "CMD runs plain node");
    assert.ok(
      !final.cmd.includes("--import") && !final.cmd.some((part) => part.endsWith(".ts")),
      "no TypeScript loader",
    );
    const config = path.join(folder, "test-config.json");
    writeFileSync(
      config,
      JSON.stringify({
        environments: [
          {
            id: "sandbox",
            label: "Container test",
            production: false,
            tokenUrl: "http://127.0.0.1:9/t/oauth2/v2.0/token",
            dataApiUrl: "http://127.0.0.1:9/api",
          },
        ],
        allowedOrigins: [],
      }),
    );
    const [command, ...args] = final.cmd;
    // The image's own CMD, with the container's paths mapped into the temporary folder.
    const mapped = args.map((part) => (part.startsWith("/") ? path.join(folder, part) : part));
    const started = spawn(command === "node" ? process.execPath : command, mapped, {
      cwd: path.join(folder, final.workdir),
      env: { PATH: process.env.PATH, ...final.env, RELAY_CONFIG: config, HOST: "127.0.0.1", PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    let stderr = "";
    started.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      const timer = setTimeout(() => reject(new Error(`no ready line:\n${stdout}\n${stderr}`)), 20_000);
      started.stdout?.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
        const ready = /"url":"(http:\/\/[^"]+)"/.exec(stdout);
        if (ready) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      });
      started.on("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the relay exited with ${code}:\n${stdout}\n${stderr}`));
      });
    });
    assert.ok(existsSync(app));
    assert.ok(
      existsSync(path.join(folder, final.env.RELAY_CONFIG)),
      "the image's default RELAY_CONFIG is in the image",
    );
    const health = await call(url, "/healthz");
    assert.equal(health.status, 200);
    assert.deepEqual(json(health), { status: "ok" });
    const environments = await call(url, "/api/environments");
    assert.deepEqual(JSON.parse(environments.body.toString("utf8")), [
      { id: "sandbox", label: "Container test", production: false },
    ]);
  });
});
