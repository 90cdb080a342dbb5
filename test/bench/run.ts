// npm run bench: every test/bench/*.bench.ts, one after another, each in its own process so one's memory and event
// loop never colour another's numbers. Speed and memory targets live here, never in tests (shared, noisy machines).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n== ${file.replace(".bench.ts", "")} ==`);
  const run = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", path.join(here, file)], {
    stdio: "inherit",
  });
  if (run.status !== 0) {
    failed++;
    console.log(`(${file} exited with ${run.status ?? run.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
