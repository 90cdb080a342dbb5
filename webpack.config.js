// One runtime page (taskpane.html) loads the runtime, vendor, shared, taskpane, functions and commands chunks: the
// shared runtime the manifest wires to the task pane, the custom functions and the ribbon. Every module is in exactly
// one chunk: packages the page needs at start in `vendor`, our modules used by more than one entry in `shared`, the
// rest with its entry. The first screen is Connect and Refresh: the panels past it, their services and Refresh's code
// load on demand as `reports` (import() in src/taskpane and src/commands), organisation sign-in as `signin`.
// File names carry a content hash (the relay serves them as immutable), except what the manifest and Office name:
// taskpane.html, functions.js (the manifest's <Script>), functions.json, manifest.xml, help.html, assets.
// Development builds add the workbench (a browser stand-in for Excel, with its own `workbench-vendor` chunk for the
// packages only it uses) and the fake host used by end-to-end tests; the release build leaves both out and loads
// Office.js from Microsoft's CDN instead of the local copy.
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import HtmlWebpackPlugin from "html-webpack-plugin";
import CopyWebpackPlugin from "copy-webpack-plugin";
import CustomFunctionsMetadataPlugin from "custom-functions-metadata-plugin";

const require = createRequire(import.meta.url);
const root = path.dirname(fileURLToPath(import.meta.url));

const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const OFFICE_JS_LOCAL = "office-js/office.js";
const officeJsDist = path.dirname(require.resolve("@microsoft/office-js/dist/office.js"));

/** Office.js fetches only files beside itself; these are the ones an Excel host or a plain browser asks for. */
function isOfficeJsFileWeServe(resourcePath) {
  const rel = path.relative(officeJsDist, resourcePath).split(path.sep).join("/");
  if (rel.endsWith(".d.ts") || rel.includes(".debug.") || rel.includes("vsdoc")) return false;
  if (/^(outlook|word|powerpoint|project|onenote|access)/.test(rel)) return false;
  const top = rel.split("/")[0];
  if (/^[a-z]{2,3}-[a-z0-9]{2,4}(-[a-z]{2})?$/.test(top)) return top === "en-us" || top === "en-gb";
  return true;
}

/** Entries on the pane's page (taskpane.html). */
const PANE_ENTRIES = new Set(["taskpane", "functions", "commands"]);
/** Names the manifest or Office load by URL: never hashed. */
const STABLE_NAMES = new Set(["functions"]);

const inNodeModules = (module) => /[\\/]node_modules[\\/]/.test(module.nameForCondition?.() ?? "");
/** The chunk of what the pane loads on demand past its first screen (ExcelHome.tsx, Refresh on first use). */
const LAZY_CHUNKS = new Set(["reports"]);
const WORKBENCH = new Set(["workbench"]);
const inInitialChunk = (module, chunkGraph) => {
  for (const chunk of chunkGraph.getModuleChunksIterable(module)) if (chunk.canBeInitial()) return true;
  return false;
};
const inChunk = (module, chunkGraph, names) => {
  for (const chunk of chunkGraph.getModuleChunksIterable(module)) if (names.has(chunk.name)) return true;
  return false;
};

export default (env = {}, argv = {}) => {
  const release = Boolean(env.release);
  const mode = argv.mode ?? (release ? "production" : "development");
  const entry = {
    taskpane: "./src/taskpane/index.tsx",
    functions: "./src/functions/functions.ts",
    commands: "./src/commands/commands.ts",
  };
  if (!release) entry.workbench = "./src/workbench/index.tsx";
  const html = (filename, chunks, { officeJs = "", fakeHost = false, title = "Kalibrate" }) =>
    new HtmlWebpackPlugin({
      filename,
      template: "./src/taskpane/page.html",
      chunks,
      chunksSortMode: "manual",
      templateParameters: { officeJs, fakeHost, title, relayUrl: env.relay ?? "" },
    });
  const common = {
    mode,
    context: root,
    devtool: mode === "production" ? "source-map" : "eval-cheap-module-source-map",
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { noEmit: false } } },
        },
        // core/ is pure (no module does anything on import), so an import through a folder's index.ts brings only
        // the modules that export what is used: functions.js's error classification no longer carries the table code.
        { test: /[\\/]src[\\/]core[\\/]/, sideEffects: false },
      ],
    },
    performance: { hints: false },
    stats: "errors-warnings",
  };
  const outputPath = path.resolve(root, env.out ?? "dist");

  const addin = {
    ...common,
    name: "addin",
    entry,
    output: {
      path: outputPath,
      filename: (pathData) => (STABLE_NAMES.has(pathData.chunk?.name) ? "[name].js" : "[name].[contenthash:12].js"),
      chunkFilename: "[name].[contenthash:12].js",
      clean: { keep: /^(fake-excel\.js|auth-redirect\.)/ },
    },
    optimization: {
      // One webpack runtime for every chunk on the page: the pane, the functions and the ribbon share module
      // instances, hence one TokenProvider and one DataApiClient per Office runtime.
      runtimeChunk: { name: "runtime" },
      splitChunks: {
        cacheGroups: {
          default: false,
          defaultVendors: false,
          // Packages the pane's page needs at start (the workbench page loads this chunk too).
          vendor: {
            name: "vendor",
            chunks: "all",
            test: (module, { chunkGraph }) => inNodeModules(module) && inChunk(module, chunkGraph, PANE_ENTRIES),
            enforce: true,
            priority: 30,
          },
          // Packages the on-demand panels use: loaded with them (the workbench, which also uses some, at start).
          reportsVendor: {
            name: "reports-vendor",
            chunks: "all",
            test: (module, { chunkGraph }) => inNodeModules(module) && inChunk(module, chunkGraph, LAZY_CHUNKS),
            enforce: true,
            priority: 20,
          },
          // Packages only the workbench uses: never on the pane's page.
          workbenchVendor: {
            name: "workbench-vendor",
            chunks: "all",
            test: (module, { chunkGraph }) => inNodeModules(module) && inChunk(module, chunkGraph, WORKBENCH),
            enforce: true,
            priority: 10,
          },
          // Our modules that more than one chunk uses, one of them loaded at start (runtime.ts, core/'s client, the
          // connection): once, at start. What only on-demand chunks share is not the first screen's (below).
          shared: {
            name: "shared",
            chunks: "all",
            minChunks: 2,
            enforce: true,
            priority: 0,
            test: (module, { chunkGraph }) => inInitialChunk(module, chunkGraph),
          },
          // Our modules that more than one on-demand chunk uses (the table code of reports and the functions' work):
          // once, loaded with the first of them.
          lazyShared: { name: "lazy-shared", chunks: "async", minChunks: 2, enforce: true, priority: -5 },
        },
      },
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: "./src/functions/functions.ts" }),
      html("taskpane.html", ["runtime", "vendor", "shared", "taskpane", "functions", "commands"], {
        officeJs: release ? OFFICE_JS_CDN : OFFICE_JS_LOCAL,
      }),
      ...(release
        ? []
        : [
            html(
              "workbench.html",
              ["runtime", "vendor", "reports-vendor", "workbench-vendor", "shared", "functions", "workbench"],
              {
                fakeHost: true,
                title: "Kalibrate workbench",
              },
            ),
          ]),
      new CopyWebpackPlugin({
        patterns: [
          { from: "manifest.xml", to: "manifest.xml" },
          { from: "assets", to: "assets" },
          { from: "src/taskpane/help.html", to: "help.html" },
          ...(release
            ? []
            : [{ from: officeJsDist, to: "office-js", filter: isOfficeJsFileWeServe, info: { minimized: true } }]),
        ],
      }),
    ],
  };

  // The fake Excel host is a bundle of its own, runnable alone: end-to-end tests inject it into a page before any
  // other script, and the workbench page loads it first.
  const fakeHost = {
    ...common,
    name: "fake-excel",
    entry: { "fake-excel": "./src/workbench/install-fake-host.ts" },
    output: { path: outputPath, filename: "[name].js" },
    devtool: false,
  };
  // auth-redirect.html: where the sign-in popup (and MSAL's hidden renewal frame) returns; MSAL v5's redirect bridge
  // hands the answer to the pane. A bundle of its own so the page loads nothing else (issue 12).
  const authRedirect = {
    ...common,
    name: "auth-redirect",
    entry: { "auth-redirect": "./src/taskpane/signin/redirect.ts" },
    output: { path: outputPath, filename: "[name].js" },
    devtool: false,
    plugins: [
      new HtmlWebpackPlugin({
        filename: "auth-redirect.html",
        chunks: ["auth-redirect"],
        templateContent:
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head>' +
          '<body><p id="message">Signing in… this window closes by itself.</p></body></html>',
      }),
    ],
  };
  return release ? [addin, authRedirect] : [addin, fakeHost, authRedirect];
};
