// Lint: typescript-eslint's recommended rules, the Office add-in rules (load before read, sync after load, no
// context.sync in loops), prettier formatting, and the layers of src (README › Architecture › Layers): which folder
// may import which (eslint-plugin-boundaries), no fetch in functions/ and taskpane/, Office calls only in src/excel.
// The plugin's own flat presets leave the parser unset for .tsx (office-addin-notes), so the parser is named here.
// `npm run lint` also type-checks src/core alone, without DOM or Node types (src/core/tsconfig.json).
import tseslint from "typescript-eslint";
import officeAddins from "eslint-plugin-office-addins";
import prettier from "eslint-plugin-prettier";
import boundaries from "eslint-plugin-boundaries";

// Folders of src, each an element; a file's element is the folder it is in.
const FOLDERS = {
  "core-util": "src/core/util",
  "core-query": "src/core/query",
  "core-auth": "src/core/auth",
  "core-api": "src/core/api",
  "core-table": "src/core/table",
  functions: "src/functions",
  reports: "src/reports",
  imports: "src/imports",
  excel: "src/excel",
  commands: "src/commands",
  taskpane: "src/taskpane",
  workbench: "src/workbench",
  relay: "src/relay",
  sandbox: "src/sandbox",
  dev: "src/dev",
};
// Single files that are a layer of their own.
const FILES = {
  "core-catalogue": "src/core/catalogue.ts",
  "core-dates": "src/core/dates.ts",
  runtime: "src/runtime.ts",
  composition: "src/composition.ts",
  version: "src/version.ts",
  "package-json": "package.json",
  "sandbox-config": "src/sandbox/sandbox.config.json",
  // Every one-file module at the top of core (catalogue.ts, dates.ts and any new one): core's rules apply to it.
  "core-module": "src/core/*.ts",
};
const CORE_AREAS = ["core-util", "core-query", "core-auth", "core-api", "core-table"];
const CORE_FILES = ["core-catalogue", "core-dates"];

const folder = (...types) => ({ element: { types: { anyOf: types } } });
const file = (...categories) => ({ file: { categories: { anyOf: categories } } });
// Outside core, core is reached through its barrels (src/core/<area>/index.ts) and its one-file modules only.
const CORE_PUBLIC = [{ ...folder(...CORE_AREAS), file: { path: "src/core/*/index.ts" } }, file(...CORE_FILES)];
const allow = (from, ...to) => ({ from, allow: { to } });

// The matrix of allowed directions (the same table is in README › Architecture › Layers). Anything not listed is
// refused; a folder may always import its own files.
const POLICIES = [
  // Packages and Node's built-ins: allowed here, refused for core and the browser layers below.
  { allow: { to: { module: { origin: ["external", "core"] } } } },
  ...Object.keys(FOLDERS).map((type) => allow(folder(type), folder(type))),
  // Inside core: query and util stand alone, auth needs only util, api needs auth, table reads through api's types.
  allow(folder("core-query"), file("core-dates")),
  allow(folder("core-auth"), folder("core-util")),
  allow(folder("core-api"), folder("core-auth", "core-query", "core-util")),
  allow(folder("core-table"), folder("core-api", "core-util"), file("core-catalogue", "core-dates")),
  // The add-in.
  allow(file("runtime"), ...CORE_PUBLIC),
  allow(folder("functions"), ...CORE_PUBLIC, file("runtime", "version")),
  allow(folder("reports"), ...CORE_PUBLIC),
  // imports/ resolves sites and products and reads dates as the functions do (functions/entities, arguments, prices).
  allow(folder("imports"), ...CORE_PUBLIC, folder("functions")),
  // excel/ implements the ports of reports/ and imports/ (their types), never the services' wiring.
  allow(folder("excel"), ...CORE_PUBLIC, folder("reports", "imports")),
  allow(file("composition"), ...CORE_PUBLIC, folder("reports", "imports", "functions", "excel"), file("runtime")),
  allow(folder("commands"), ...CORE_PUBLIC, folder("excel", "reports"), file("runtime", "composition")),
  allow(
    folder("taskpane"),
    ...CORE_PUBLIC,
    folder("excel", "reports", "imports", "commands"),
    file("runtime", "composition", "version"),
  ),
  // The workbench hosts the real pane over the fake Excel host, filled in with the sandbox's made-up credentials.
  allow(folder("workbench"), folder("taskpane"), file("runtime", "sandbox-config")),
  // Node: the relay's container holds only dist/relay, which `npm run build:relay` bundles from relay/ and core/.
  allow(folder("relay"), ...CORE_PUBLIC),
  allow(folder("sandbox"), ...CORE_PUBLIC, file("version")),
  allow(folder("dev"), ...CORE_PUBLIC, folder("relay", "sandbox", "excel"), file("package-json", "version")),
  allow(file("version"), file("package-json")),
  // Core knows nothing of its host: no package and no Node built-in (DOM and Node types: src/core/tsconfig.json).
  {
    from: [folder(...CORE_AREAS), file("core-module")],
    disallow: { to: { module: { origin: ["external", "core"] } } },
  },
  // The add-in runs in a browser: no Node built-in.
  {
    from: [
      folder("functions", "reports", "imports", "excel", "commands", "taskpane", "workbench"),
      file("runtime", "composition"),
    ],
    disallow: { to: { module: { origin: "core" } } },
  },
];

const FETCH_GLOBALS = ["fetch", "XMLHttpRequest", "WebSocket", "EventSource"].map((name) => ({
  name,
  message: "functions/ and taskpane/ never fetch: go through the runtime's DataApiClient or TokenProvider (src/core).",
}));
const FETCH_PROPERTIES = ["globalThis", "window", "self"].map((object) => ({
  object,
  property: "fetch",
  message: "functions/ and taskpane/ never fetch: go through the runtime's DataApiClient or TokenProvider (src/core).",
}));
const OFFICE_GLOBALS = ["Office", "Excel", "OfficeRuntime"].map((name) => ({
  name,
  message: "Office calls live in src/excel (plain modules that the pane, reports and imports receive).",
}));

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "test-results/", "**/*.js"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mjs}"],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { "office-addins": officeAddins, prettier },
    rules: {
      "office-addins/call-sync-after-load": "error",
      "office-addins/call-sync-before-read": "error",
      "office-addins/load-object-before-read": "error",
      "office-addins/no-context-sync-in-loop": "warn",
      "office-addins/no-empty-load": "warn",
      "office-addins/no-navigational-load": "warn",
      "office-addins/no-office-initialize": "warn",
      "office-addins/test-for-null-using-isNullObject": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-eval": "error",
      "prettier/prettier": ["error", { endOfLine: "auto" }],
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { boundaries },
    settings: {
      "import/resolver": { node: { extensions: [".ts", ".tsx", ".json"] } },
      "boundaries/elements": Object.entries(FOLDERS).map(([type, pattern]) => ({ type, pattern, partialMatch: false })),
      "boundaries/files": Object.entries(FILES).map(([category, pattern]) => ({ category, pattern })),
    },
    rules: {
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          checkAllOrigins: true,
          message: "src/{{from.element.type}} may not import this (README › Architecture › Layers, eslint.config.mjs).",
          policies: POLICIES,
        },
      ],
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    // Office's own stand-ins (the workbench's fake host) and the ribbon's registration with Office are the exceptions.
    ignores: ["src/excel/**", "src/workbench/**", "src/dev/**", "src/commands/commands.ts"],
    rules: { "no-restricted-globals": ["error", ...OFFICE_GLOBALS] },
  },
  {
    files: ["src/functions/**/*.ts", "src/taskpane/**/*.{ts,tsx}"],
    rules: {
      // One list with the Office globals: a later block's options replace an earlier block's for the same rule.
      "no-restricted-globals": ["error", ...FETCH_GLOBALS, ...OFFICE_GLOBALS],
      "no-restricted-properties": ["error", ...FETCH_PROPERTIES],
    },
  },
);
