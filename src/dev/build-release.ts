// npm run build:release -- --url https://excel.contoso.com/kalibrate [--relay https://relay.contoso.com] [--out dist]
// A production build that loads Office.js from Microsoft's CDN (store policy), leaves out the workbench and the fake
// host, and points every development URL in manifest.xml and functions.json at the given base URL. The add-in calls
// the relay at its own origin unless --relay names another (which must then allow the add-in's origin).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { spawnSync } from "node:child_process";
import pkg from "../../package.json";
import { manifestProblems, rebaseUrls } from "./manifest-rules";
import { originAdvice } from "./origin-advice";

function fail(message: string): never {
  console.error(`build:release: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: { url: { type: "string" }, relay: { type: "string" }, out: { type: "string", default: "dist" } },
});
if (!values.url) fail("say where the add-in will be hosted: npm run build:release -- --url https://your.host/path");
let base: URL;
try {
  base = new URL(values.url);
} catch {
  fail(`"${values.url}" is not a URL; give the https address the add-in will be hosted at.`);
}
if (base.protocol !== "https:") fail(`Office only loads add-ins over https; ${values.url} is not https.`);
if (["localhost", "127.0.0.1", "[::1]"].includes(base.hostname)) fail("a release must not point at localhost.");

if (values.relay !== undefined && !/^https:\/\/[^\s"<>]+$/.test(values.relay)) {
  fail(`--relay "${values.relay}" must be the relay's https address, e.g. https://relay.contoso.com.`);
}
const out = path.resolve(values.out!);
const build = spawnSync(
  path.resolve("node_modules/.bin/webpack"),
  [
    "--mode",
    "production",
    "--env",
    "release",
    "--env",
    `out=${out}`,
    ...(values.relay ? ["--env", `relay=${values.relay}`] : []),
  ],
  { stdio: "inherit" },
);
if (build.status !== 0) fail("webpack failed (see above).");

for (const file of ["manifest.xml", "functions.json"]) {
  const target = path.join(out, file);
  await writeFile(target, rebaseUrls(await readFile(target, "utf8"), base.href));
}
const problems = manifestProblems(await readFile(path.join(out, "manifest.xml"), "utf8"), {
  version: pkg.version,
  release: true,
});
if (problems.length > 0) fail(`the release manifest has problems:\n- ${problems.join("\n- ")}`);
console.log(
  `Release build in ${out}, add-in at ${base.href}. Upload ${path.join(out, "manifest.xml")} to your tenant.`,
);
console.log(originAdvice(base));
