// The relay's stdout log destination gathers lines into few writes (log-destination.ts): a line must still reach
// stdout soon while the relay runs, and none may be lost when the process exits with lines pending. Each case runs
// in a child process, since the destination writes to file descriptor 1.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const DESTINATION = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../src/relay/log-destination.ts");

/** Runs `body` with `log` (the destination) in scope; resolves with stdout and when each chunk of it arrived. */
function runChild(body: string): Promise<{ out: string; chunks: Array<{ at: number; text: string }> }> {
  const folder = mkdtempSync(path.join(tmpdir(), "log-destination-"));
  const script = path.join(folder, "child.ts");
  writeFileSync(
    script,
    `import { stdoutLogDestination } from ${JSON.stringify(DESTINATION)};\nconst log = stdoutLogDestination();\n${body}\n`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
    const started = Date.now();
    const chunks: Array<{ at: number; text: string }> = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push({ at: Date.now() - started, text: chunk.toString("utf8") }));
    child.on("error", reject);
    child.on("close", () => resolve({ out: chunks.map((chunk) => chunk.text).join(""), chunks }));
  });
}

describe("the relay's stdout log destination", () => {
  test("lines still gathered when the process exits are written, in order", async () => {
    const { out } = await runChild(
      `for (let i = 0; i < 500; i++) log.write(JSON.stringify({ line: i }) + "\\n");\nprocess.exit(0);`,
    );
    const lines = out
      .trim()
      .split("\n")
      .map((text) => JSON.parse(text) as { line: number });
    assert.deepEqual(
      lines.map((entry) => entry.line),
      Array.from({ length: 500 }, (_, i) => i),
    );
  });

  test("a line reaches stdout while the relay keeps running, not only at exit", async () => {
    const { chunks } = await runChild(
      `log.write('{"msg":"first"}\\n');\nsetTimeout(() => process.stdout.write("EXITING\\n"), 3000);`,
    );
    const first = chunks.find((chunk) => chunk.text.includes('"first"'));
    const exiting = chunks.find((chunk) => chunk.text.includes("EXITING"));
    assert.ok(first && exiting, "both lines arrive");
    assert.ok(!first.text.includes("EXITING"), "the log line came before the exit, in a write of its own");
    assert.ok(exiting.at - first.at > 1500, `the line arrived ${exiting.at - first.at} ms before the exit`);
  });
});
