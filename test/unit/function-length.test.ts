// No function in the task pane is longer than 120 lines (issue 16): a longer one is a room with several jobs. Lines
// are counted with the TypeScript compiler from a function's first line to its last, nested functions included.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { test } from "node:test";
import ts from "typescript";

const MAX_LINES = 120;
const pane = resolve(import.meta.dirname, "../../src/taskpane");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

interface Measured {
  where: string;
  lines: number;
}

function functionsOf(path: string, text = readFileSync(path, "utf8")): Measured[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: Measured[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : "(anonymous)";
      found.push({ where: `${relative(pane, path)}:${first + 1} ${name}`, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test(`every function in src/taskpane is under ${MAX_LINES} lines`, (t) => {
  const all = files(pane).flatMap((path) => functionsOf(path));
  assert.ok(all.length > 50, `functions were found (${all.length})`);
  const longest = all.reduce((a, b) => (b.lines > a.lines ? b : a));
  t.diagnostic(`longest: ${longest.where}, ${longest.lines} lines`);
  const over = all.filter((f) => f.lines >= MAX_LINES).map((f) => `${f.where}: ${f.lines} lines`);
  assert.deepEqual(over, []);
});

test("the measure counts a function's lines, nested functions and arrow functions included", () => {
  const body = Array.from({ length: 5 }, (_, i) => `  const v${i} = () => ${i};`).join("\n");
  const measured = functionsOf("/virtual/x.tsx", `export function outer() {\n${body}\n  return 1;\n}\n`);
  assert.equal(measured.find((f) => f.where.endsWith(" outer"))?.lines, 8);
  assert.equal(measured.length, 6);
});
