// The task pane's weight and its time to a usable "Connect" button, beside two floors built in this run with the same
// webpack settings, page template, Office.js and fake Excel host:
// - a 10-line Fluent v9 app (a provider and a Connect button);
// - a connect form made of the Fluent components the pane's first screen uses (header, card, dropdown, inputs,
//   checkbox, button, message bar, spinner, badge).
// Initial JS = every script taskpane.html loads except Office.js (raw and gzip). "Connect" visible = navigation start
// to the Connect button visible in headless Chromium, each round in a fresh browser context (cold cache), the three
// pages alternated, one warm-up round discarded, median of the rest.
// Targets (issue 17): pane initial JS ≤ 1.3× the connect-form floor (gzip), "Connect" visible ≤ 1.3× its time.
// Run: npx tsx test/bench/pane.bench.ts
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { startStack } from "../support/stack";

const require = createRequire(import.meta.url);
const ROUNDS = 6; // the first is a warm-up
const root = process.cwd();
// Inside the project, so the floors resolve packages exactly as the add-in does.
mkdirSync(path.join(root, "node_modules/.cache"), { recursive: true });
const work = mkdtempSync(path.join(root, "node_modules/.cache/pane-bench-"));

const HELLO = `
import { createRoot } from "react-dom/client";
import { Button, FluentProvider, webLightTheme } from "@fluentui/react-components";
void (typeof Office !== "undefined" && typeof Office.onReady === "function" ? Office.onReady() : Promise.resolve()).then(() =>
  createRoot(document.getElementById("root")!).render(
    <FluentProvider theme={webLightTheme}>
      <Button appearance="primary">Connect</Button>
    </FluentProvider>,
  ),
);
`;

const CONNECT_FORM = `
import { useState } from "react";
import { createRoot } from "react-dom/client";
import {
  Badge, Button, Card, CardHeader, Checkbox, Dropdown, Field, FluentProvider, Image, Input, makeStyles, MessageBar,
  MessageBarBody, Option, Spinner, Subtitle1, Subtitle2, tokens, webLightTheme,
} from "@fluentui/react-components";
const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
});
function Form() {
  const styles = useStyles();
  const [env, setEnv] = useState("Local sandbox");
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <form className={styles.form} onSubmit={(e) => { e.preventDefault(); setBusy(true); }}>
      <header><Image src="assets/icon-32.png" alt="" /><Subtitle1>Kalibrate</Subtitle1></header>
      <Card>
        <CardHeader header={<Subtitle2>Connection</Subtitle2>} action={<Badge appearance="outline">Sandbox</Badge>} />
        <Field label="Environment">
          <Dropdown value={env} onOptionSelect={(_, d) => setEnv(d.optionText ?? "")}>
            <Option>Local sandbox</Option>
            <Option>Production</Option>
          </Dropdown>
        </Field>
        <Field label="Client id" required><Input /></Field>
        <Field label="Client secret" required><Input type="password" /></Field>
        <Field label="Scope" required><Input /></Field>
        <Checkbox label="Remember on this device" checked={remember} onChange={(_, d) => setRemember(Boolean(d.checked))} />
        {remember && <MessageBar intent="warning"><MessageBarBody>Kept on this device.</MessageBarBody></MessageBar>}
        <div><Button appearance="primary" type="submit">Connect</Button>{busy && <Spinner size="tiny" label="Connecting…" />}</div>
      </Card>
    </form>
  );
}
void (typeof Office !== "undefined" && typeof Office.onReady === "function" ? Office.onReady() : Promise.resolve()).then(() =>
  createRoot(document.getElementById("root")!).render(<FluentProvider theme={webLightTheme}><Form /></FluentProvider>),
);
`;

/** A floor app built as the add-in is: production mode, ts-loader, one runtime chunk, a vendor chunk, the same page. */
function buildFloor(name: string, source: string): string {
  const dir = path.join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "index.tsx"), source);
  const config = path.join(dir, "webpack.config.cjs");
  writeFileSync(
    config,
    `const HtmlWebpackPlugin = require(${JSON.stringify(require.resolve("html-webpack-plugin"))});
module.exports = {
  mode: "production",
  context: ${JSON.stringify(dir)},
  devtool: "source-map",
  entry: { app: "./index.tsx" },
  output: { path: ${JSON.stringify(path.join(dir, "dist"))}, filename: "[name].[contenthash].js", clean: true },
  resolve: { extensions: [".ts", ".tsx", ".js"] },
  module: { rules: [{ test: /\\.tsx?$/, use: { loader: "ts-loader", options: { transpileOnly: true,
    configFile: ${JSON.stringify(path.join(root, "tsconfig.json"))}, compilerOptions: { noEmit: false } } } }] },
  optimization: { runtimeChunk: { name: "runtime" },
    splitChunks: { cacheGroups: { vendor: { name: "vendor", test: /[\\\\/]node_modules[\\\\/]/, chunks: "all", enforce: true } } } },
  performance: { hints: false },
  stats: "errors-warnings",
  plugins: [new HtmlWebpackPlugin({ filename: "index.html", template: ${JSON.stringify(path.join(root, "src/taskpane/page.html"))},
    templateParameters: { officeJs: "../../pane/office-js/office.js", fakeHost: false, title: ${JSON.stringify(name)}, relayUrl: "" } })],
};
`,
  );
  webpack(["--config", config]);
  return path.join(dir, "dist");
}

function webpack(args: string[]): void {
  const run = spawnSync(process.execPath, [path.join(root, "node_modules/webpack-cli/bin/cli.js"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`webpack failed:\n${(run.stdout + run.stderr).slice(0, 3000)}`);
}

/** Raw and gzip bytes of the scripts an HTML page loads, Office.js left out. */
function initialJs(dir: string, html: string): { raw: number; gzip: number; files: string[] } {
  const page = readFileSync(path.join(dir, html), "utf8");
  const files = [...page.matchAll(/<script[^>]*src="?([^" >]+)"?/g)]
    .map((m) => m[1])
    .filter((src) => !src.includes("office.js") && !src.includes("fake-excel"));
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(dir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw, gzip, files };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

let started = performance.now();
webpack(["--mode", "production", "--env", `out=${path.join(work, "pane")}`]);
const buildMs = performance.now() - started;
const floors = { hello: buildFloor("hello", HELLO), connectForm: buildFloor("connect-form", CONNECT_FORM) };
const pages = {
  hello: { url: `/${path.relative(work, floors.hello)}/index.html`, js: initialJs(floors.hello, "index.html") },
  connectForm: {
    url: `/${path.relative(work, floors.connectForm)}/index.html`,
    js: initialJs(floors.connectForm, "index.html"),
  },
  pane: { url: "/pane/taskpane.html", js: initialJs(path.join(work, "pane"), "taskpane.html") },
};
// The floors' headers load the pane's icon; give them the same file.
mkdirSync(path.join(floors.connectForm, "assets"), { recursive: true });
writeFileSync(
  path.join(floors.connectForm, "assets/icon-32.png"),
  readFileSync(path.join(work, "pane/assets/icon-32.png")),
);

const stack = await startStack({ staticDir: work });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"],
});
const fakeHost = readFileSync(path.join(work, "pane/fake-excel.js"), "utf8");
// Two conditions, alternated within each round: the page as shipped (Office.js loaded and awaited, as in Excel), and
// the app alone (Office.js requests refused, so only the app's own scripts and rendering are timed; the pane then
// starts on the fake host at once, the floors render at once).
const conditions = ["with Office.js", "app alone"] as const;
type Times = Record<keyof typeof pages, number[]>;
const times: Record<(typeof conditions)[number], Times> = {
  "with Office.js": { hello: [], connectForm: [], pane: [] },
  "app alone": { hello: [], connectForm: [], pane: [] },
};
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const condition of conditions) {
      for (const name of Object.keys(pages) as Array<keyof typeof pages>) {
        const context = await browser.newContext({ viewport: { width: 350, height: 760 } });
        if (condition === "app alone") await context.route(/office-js\//, (route) => route.abort());
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        await page.addInitScript({ content: fakeHost });
        started = performance.now();
        await page.goto(stack.relayUrl + pages[name].url, { waitUntil: "commit" });
        try {
          await page
            .getByRole("button", { name: "Connect", exact: true })
            .waitFor({ state: "visible", timeout: 120_000 });
        } catch (e) {
          throw new Error(
            `${name} ${condition} round ${round}: ${String(e).slice(0, 200)}\nerrors: ${errors.join("\n")}\nbody: ${(await page.locator("body").innerText()).slice(0, 800)}`,
          );
        }
        if (round > 0) times[condition][name].push(performance.now() - started);
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  await stack.close();
  rmSync(work, { recursive: true, force: true });
}

console.log(`pane build (production, this run): ${(buildMs / 1000).toFixed(1)} s`);
const ms = (values: number[]) => `${median(values).toFixed(0)} ms`;
console.log(
  `${"page".padEnd(22)} ${"initial JS".padStart(10)} ${"gzip".padStart(7)}   "Connect" visible: ${conditions.join(" / ")}`,
);
const labels = { hello: "10-line Fluent app", connectForm: "connect-form floor", pane: "task pane" };
for (const name of Object.keys(pages) as Array<keyof typeof pages>) {
  const { js } = pages[name];
  console.log(
    `${labels[name].padEnd(22)} ${kb(js.raw).padStart(10)} ${kb(js.gzip).padStart(7)}   ${conditions.map((c) => ms(times[c][name])).join(" / ")}`,
  );
}
const floor = pages.connectForm;
const timeRatio = (c: (typeof conditions)[number]) => (median(times[c].pane) / median(times[c].connectForm)).toFixed(2);
console.log(
  `pane / connect-form floor: initial JS ${(pages.pane.js.raw / floor.js.raw).toFixed(2)}× raw, ${(pages.pane.js.gzip / floor.js.gzip).toFixed(2)}× gzip (target ≤ 1.3); "Connect" visible ${timeRatio("with Office.js")}× with Office.js, ${timeRatio("app alone")}× app alone (target ≤ 1.3)`,
);
console.log(
  `initial JS bytes (raw / gzip): ${Object.entries(pages)
    .map(([name, { js }]) => `${labels[name as keyof typeof pages]} ${js.raw} / ${js.gzip}`)
    .join("; ")}`,
);
console.log(`pane initial scripts: ${pages.pane.js.files.join(", ")}`);
console.log(`load average: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
process.exit(0);
