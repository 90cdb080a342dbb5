// What the build produces (npm test builds dist/ before this runs) and what the release build changes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";

const dist = (file: string) => path.join("dist", file);
const HASH = /\.[0-9a-f]{12}\./;
const scriptOrder = (html: string) => [...html.matchAll(/<script[^>]*src="?([^" >]+)"?/g)].map((m) => m[1]);

test("dist holds the runtime page, functions.js, functions.json, the manifest and a local Office.js", () => {
  for (const file of ["taskpane.html", "functions.js", "functions.json", "manifest.xml", "assets/icon-80.png"]) {
    assert.ok(existsSync(dist(file)), `${file} is missing`);
  }
  assert.deepEqual(
    scriptOrder(readFileSync(dist("taskpane.html"), "utf8")).map((src) => src.replace(HASH, ".#.")),
    [
      "office-js/office.js",
      "runtime.#.js",
      "vendor.#.js",
      "shared.#.js",
      "taskpane.#.js",
      "functions.js",
      "commands.#.js",
    ],
  );
  assert.ok(existsSync(dist("office-js/office.js")));
  assert.equal(readFileSync(dist("manifest.xml"), "utf8"), readFileSync("manifest.xml", "utf8"));
});

/** Bundles of their own, each on a page of its own: the fake host, and the sign-in popup's redirect bridge. */
const SEPARATE_BUNDLES = new Set(["fake-excel.js", "auth-redirect.js"]);

/** Every chunk of the add-in's bundle (not the separate bundles) with the modules its source map lists. */
function chunks(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync("dist").filter((f) => f.endsWith(".js") && !SEPARATE_BUNDLES.has(f))) {
    const map = JSON.parse(readFileSync(dist(`${file}.map`), "utf8")) as { sources: string[] };
    out.set(file, map.sources);
  }
  return out;
}

test("no module is in two chunks", () => {
  const seen = new Map<string, string>();
  const twice: string[] = [];
  for (const [file, sources] of chunks()) {
    for (const source of sources) {
      const other = seen.get(source);
      if (other !== undefined && other !== file) twice.push(`${source} in ${other} and ${file}`);
      seen.set(source, file);
    }
  }
  assert.deepEqual(twice, []);
  assert.ok(seen.size > 500, "the source maps list the modules");
});

test("every script but functions.js (the manifest's <Script>) has a content hash in its name", () => {
  const files = [...chunks().keys()];
  for (const name of ["runtime", "vendor", "shared", "taskpane", "commands", "reports", "workbench"]) {
    assert.ok(
      files.some((f) => new RegExp(`^${name}\\.[0-9a-f]{12}\\.js$`).test(f)),
      `${name}.<hash>.js in ${files.join(", ")}`,
    );
  }
  assert.deepEqual(
    files.filter((f) => !HASH.test(f)),
    ["functions.js"],
  );
  assert.match(readFileSync("manifest.xml", "utf8"), /DefaultValue="https:\/\/localhost:3000\/functions\.js"/);
});

test("the pane's page loads no workbench module or package, and the builder, reports and MSAL load on demand", () => {
  const html = readFileSync(dist("taskpane.html"), "utf8");
  const initial = scriptOrder(html).filter((src) => !src.startsWith("office-js/"));
  const all = chunks();
  const workbenchOnly = [...all].filter(([file]) => /^workbench(-vendor)?\./.test(file));
  assert.equal(workbenchOnly.length, 2, "the workbench entry and its packages are chunks of their own");
  for (const src of initial) {
    assert.doesNotMatch(src, /^workbench/);
    const sources = all.get(src) ?? [];
    assert.ok(sources.length > 0, `${src} has a source map`);
    assert.deepEqual(
      sources.filter((s) => s.includes("/src/workbench/")),
      [],
      `${src} holds workbench modules`,
    );
    assert.deepEqual(
      sources.filter((s) => /\/src\/taskpane\/(builder|reports|import)\//.test(s)),
      [],
      `${src} holds the builder, reports or import panels`,
    );
    // Nor the services behind them or Refresh's code: the first screen is Connect and Refresh (issue 17).
    assert.deepEqual(
      sources.filter((s) =>
        /\/src\/(reports|imports|changes|share)\/|\/src\/composition\.ts|\/src\/commands\/refresh\.ts|\/src\/taskpane\/signin\/organisation-signin\.ts/.test(
          s,
        ),
      ),
      [],
      `${src} holds services the first screen does not need`,
    );
    // MSAL is for organisation sign-in only: it loads with the first managed environment (the msal chunk).
    assert.deepEqual(
      sources.filter((s) => s.includes("node_modules/@azure/msal")),
      [],
      `${src} holds MSAL`,
    );
  }
  const msal = [...all].find(([file]) => file.startsWith("msal."));
  assert.ok(msal?.[1].some((s) => s.includes("node_modules/@azure/msal-browser/")));
  const reports = [...all].find(([file]) => file.startsWith("reports."));
  assert.ok(reports?.[1].some((s) => s.includes("/src/taskpane/builder/QueryBuilder.tsx")));
  assert.ok(reports?.[1].some((s) => s.includes("/src/taskpane/reports/ProvenancePanel.tsx")));
  const imports = [...all].find(([file]) => file.startsWith("import."));
  assert.ok(imports?.[1].some((s) => s.includes("/src/taskpane/import/ImportPanel.tsx")));
});

test("functions.json describes every KALIBRATE function, and functions.js associates each one", () => {
  const { functions } = JSON.parse(readFileSync(dist("functions.json"), "utf8")) as {
    functions: Array<{ id: string; description: string; helpUrl: string; parameters: Array<{ description?: string }> }>;
  };
  assert.deepEqual(functions.map((f) => f.id).sort(), [
    "LOOKUP",
    "PRICE",
    "PRICEAT",
    "PRICEHISTORY",
    "QUERY",
    "SITE",
    "VERSION",
  ]);
  const script = readFileSync(dist("functions.js"), "utf8");
  const help = readFileSync(dist("help.html"), "utf8");
  for (const f of functions) {
    assert.match(help, new RegExp(`id="?${f.helpUrl.split("#")[1]}[" >]`), `help.html explains ${f.id}`);
    assert.ok(f.description.length > 10, `${f.id} has a description`);
    assert.match(f.helpUrl, /^https:\/\/localhost:3000\/help\.html#/);
    for (const p of f.parameters) assert.ok(p.description, `${f.id} documents each parameter`);
    assert.match(script, new RegExp(`CustomFunctions\\.associate\\("${f.id}"`));
  }
});

test("the development build carries the workbench and the fake host; the release build does not", () => {
  assert.ok(existsSync(dist("workbench.html")) && existsSync(dist("fake-excel.js")));
  const out = mkdtempSync(path.join(tmpdir(), "kalibrate-release-"));
  try {
    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/dev/build-release.ts",
        "--url",
        "https://excel.contoso.com/kalibrate",
        "--relay",
        "https://relay.contoso.com",
        "--out",
        out,
      ],
      { encoding: "utf8" },
    );
    assert.equal(run.status, 0, run.stderr + run.stdout);
    const html = readFileSync(path.join(out, "taskpane.html"), "utf8");
    assert.equal(scriptOrder(html)[0], "https://appsforoffice.microsoft.com/lib/1/hosted/office.js");
    assert.match(html, /<meta name="?kalibrate-relay"? content="?https:\/\/relay\.contoso\.com"?/);
    assert.doesNotMatch(readFileSync(dist("taskpane.html"), "utf8"), /kalibrate-relay/, "development: same origin");
    for (const file of ["workbench.html", "fake-excel.js", "office-js"]) {
      assert.equal(existsSync(path.join(out, file)), false, `${file} must not ship`);
    }
    for (const file of ["manifest.xml", "functions.json"]) {
      const text = readFileSync(path.join(out, file), "utf8");
      assert.equal(text.includes("localhost"), false, `${file} still names localhost`);
      assert.match(text, /https:\/\/excel\.contoso\.com\/kalibrate\//);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("the release build refuses a base URL Office cannot load", () => {
  const refused = [
    ["--url", "http://excel.contoso.com"],
    ["--url", "https://localhost:3000"],
    ["--url", "not a url"],
    ["--url", "https://excel.contoso.com", "--relay", "http://relay.contoso.com"],
  ];
  for (const args of refused) {
    const url = args.join(" ");
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/dev/build-release.ts", ...args], {
      encoding: "utf8",
    });
    assert.equal(run.status, 1, url);
    assert.match(run.stderr, /build:release: /);
  }
});
