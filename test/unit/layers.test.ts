// The layers of src are checked by `npm run lint` (README › Architecture › Layers): these tests plant violations
// where lint would meet them, through ESLint's and TypeScript's own APIs with the project's eslint.config.mjs and
// src/core/tsconfig.json, and show that each is refused. Nothing is written into src: ESLint lints the planted text
// under a path in src, and the TypeScript host serves the planted file from memory.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("lint refuses a planted cross-layer import or global", () => {
  let eslint: ESLint;
  before(() => {
    eslint = new ESLint({ cwd: root });
  });

  /** The rule ids lint reports for `code` as if it were the file at `file`. */
  async function refusals(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    return result.messages.filter((m) => m.severity === 2 && m.ruleId !== "prettier/prettier").map((m) => m.ruleId!);
  }

  const IMPORTS: Array<[what: string, file: string, code: string]> = [
    [
      "functions/ importing reports/ (the CellFetch leak)",
      "src/functions/planted.ts",
      'import type { CellFetch } from "../reports/service";\nexport type X = CellFetch;\n',
    ],
    [
      "an excel/ adapter importing functions/ (the composition-root leak)",
      "src/excel/reports/planted.ts",
      'import { cellFetches } from "../../functions/provenance";\nexport const x = cellFetches;\n',
    ],
    [
      "core/auth importing core/api (the mutual import)",
      "src/core/auth/planted.ts",
      'import { DataApiError } from "../api";\nexport const x = DataApiError;\n',
    ],
    [
      "the sandbox importing core past its barrel",
      "src/sandbox/planted.ts",
      'import { isNumberValue } from "../core/query/values";\nexport const x = isNumberValue;\n',
    ],
    [
      "core importing a Node built-in",
      "src/core/table/planted.ts",
      'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n',
    ],
    ["core importing React", "src/core/planted.ts", 'import { useState } from "react";\nexport const x = useState;\n'],
    [
      "the relay importing the add-in's Excel code (its container holds only relay/ and core/)",
      "src/relay/planted.ts",
      'import { REQUIREMENT_FLOOR } from "../excel/requirements";\nexport const x = REQUIREMENT_FLOOR;\n',
    ],
  ];
  for (const [what, file, code] of IMPORTS) {
    it(what, async () => {
      assert.deepEqual(await refusals(file, code), ["boundaries/dependencies"]);
    });
  }

  it("fetch in functions/ and taskpane/, directly or through globalThis", async () => {
    assert.deepEqual(await refusals("src/functions/planted.ts", "export const r = fetch('/api');\n"), [
      "no-restricted-globals",
    ]);
    assert.deepEqual(
      await refusals("src/taskpane/components/Planted.tsx", "export const r = globalThis.fetch('/api');\n"),
      ["no-restricted-properties"],
    );
  });

  it("an Office call outside src/excel", async () => {
    const code = "export const run = () => Excel.run(async (context) => context.sync());\n";
    assert.deepEqual(await refusals("src/reports/planted.ts", code), ["no-restricted-globals"]);
    assert.deepEqual(await refusals("src/excel/planted.ts", code), []);
  });

  it("the allowed directions pass: functions/ through core's barrels, excel/ implementing reports' ports", async () => {
    assert.deepEqual(
      await refusals(
        "src/functions/planted.ts",
        'import { parseQuery } from "../core/query";\nimport { parseIsoDate } from "../core/dates";\n' +
          "export const x = [parseQuery, parseIsoDate];\n",
      ),
      [],
    );
    assert.deepEqual(
      await refusals(
        "src/excel/reports/planted.ts",
        'import type { ReportWorkbook } from "../../reports/ports";\nexport type X = ReportWorkbook;\n',
      ),
      [],
    );
  });
});

describe("src/core is type-checked without DOM or Node types", () => {
  const configPath = path.join(root, "src/core/tsconfig.json");
  const planted = path.join(root, "src/core/planted.ts");

  /** The type errors in a planted core file (with every real core file in the same program). */
  function typeErrors(code: string): string[] {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
      },
    )!;
    const host = ts.createCompilerHost(parsed.options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.readFile = (file) => (path.resolve(file) === planted ? code : readFile(file));
    host.fileExists = (file) => path.resolve(file) === planted || fileExists(file);
    const program = ts.createProgram([...parsed.fileNames, planted], parsed.options, host);
    return ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file ? path.relative(root, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      );
  }

  // One program (type-checking core takes seconds): core's own files must have no error, the planted one five.
  it("DOM use (document, window, localStorage) and Node use (Buffer, process) in core fail the check", () => {
    const errors = typeErrors(
      [
        "export const title = document.title;",
        "export const origin = window.location.origin;",
        'export const saved = localStorage.getItem("k");',
        'export const bytes = Buffer.from("x");',
        "export const env = process.env.HOME;",
      ].join("\n"),
    );
    assert.deepEqual(
      errors.filter((e) => !e.startsWith("src/core/planted.ts")),
      [],
      "core as it is compiles alone",
    );
    for (const name of ["document", "window", "localStorage", "Buffer", "process"]) {
      assert.ok(
        errors.some((e) => e.startsWith("src/core/planted.ts") && e.includes(`'${name}'`)),
        `${name}: ${errors.join("\n")}`,
      );
    }
  });
});
