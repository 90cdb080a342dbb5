// Which Office.js APIs the add-in calls, with the requirement set each needs, read from the `[Api set: …]` line of its
// declaration in @types/office-js (generated from Microsoft's reference docs). The TypeScript type checker resolves
// every property access in the source, so `table.resize(…)` is found as Excel.Table.resize whatever the variable is
// called. test/unit/api-requirement-sets.test.ts fails when a use above the manifest's floor has no guard.
//
// What counts as a guard: the use sits inside a function (or a function around it) that calls `isSetSupported(name,
// version)` or `isExcelApiSupported(version)` (src/excel/requirements.ts) with literal arguments naming that set at
// that version or higher. The check cannot prove that the call is on the guarded branch; code review does that.
import path from "node:path";
import ts from "typescript";

export interface ApiUse {
  /** "Excel.Table.resize" */
  api: string;
  /** The requirement sets the declaration names, e.g. [{ set: "ExcelApi", version: "1.13" }]. */
  sets: Array<{ set: string; version: string }>;
  file: string;
  line: number;
  /** The guard that covers this use ("ExcelApi 1.13"), when there is one. */
  guard?: string;
}

const API_SET = /\[Api set:\s*([^\]]+)\]/g;
const ONE_SET = /^([A-Za-z]+)\s+(\d+\.\d+)$/;
const GUARDS = new Set(["isSetSupported", "isExcelApiSupported"]);

function versionAtLeast(have: string, need: string): boolean {
  const [a, b] = [have, need].map((v) => v.split(".").map(Number));
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

function apiSetsOf(declaration: ts.Declaration): Array<{ set: string; version: string }> {
  const text = declaration.getSourceFile().text;
  const ranges = ts.getLeadingCommentRanges(text, declaration.getFullStart()) ?? [];
  const comments = ranges.map((r) => text.slice(r.pos, r.end)).join("\n");
  // "[Api set: ExcelApi 1.13]" or a list: "[Api set: SharedRuntime 1.1, Mailbox 1.10]".
  return [...comments.matchAll(API_SET)]
    .flatMap((m) => m[1].split(","))
    .map((entry) => ONE_SET.exec(entry.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ set: m[1], version: m[2] }));
}

/** The guards (set → highest version asked) called in `node`'s enclosing functions. */
function guardsAround(node: ts.Node): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && GUARDS.has(n.expression.text)) {
      const args = n.arguments.map((a) => (ts.isStringLiteralLike(a) ? a.text : undefined));
      const [set, version] = n.expression.text === "isExcelApiSupported" ? ["ExcelApi", args[0]] : [args[0], args[1]];
      if (set && version && (!found.has(set) || versionAtLeast(version, found.get(set)!))) found.set(set, version);
    }
    ts.forEachChild(n, visit);
  };
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isFunctionLike(at) && "body" in at && at.body) visit(at.body);
  }
  return found;
}

const isOfficeTypes = (file: ts.SourceFile) =>
  /[\\/]@types[\\/](office-js|office-runtime|custom-functions-runtime)[\\/]/.test(file.fileName);

/** Every use of an annotated Office.js API in `rootFiles` (and what they import from the project). */
export function officeApiUses(rootFiles: string[], compilerOptions: ts.CompilerOptions): ApiUse[] {
  const program = ts.createProgram(rootFiles, { ...compilerOptions, noEmit: true });
  const checker = program.getTypeChecker();
  const uses: ApiUse[] = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || file.fileName.includes("node_modules")) continue;
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAccessExpression(node)) {
        const symbol = checker.getSymbolAtLocation(node.name);
        const declarations = (symbol?.declarations ?? []).filter((d) => isOfficeTypes(d.getSourceFile()));
        const sets = declarations.flatMap(apiSetsOf);
        if (symbol && sets.length > 0) {
          const { line } = file.getLineAndCharacterOfPosition(node.name.getStart());
          const unique = [...new Map(sets.map((s) => [`${s.set} ${s.version}`, s])).values()];
          const guards = guardsAround(node);
          const covered = unique.find((s) => guards.has(s.set) && versionAtLeast(guards.get(s.set)!, s.version));
          uses.push({
            api: checker.getFullyQualifiedName(symbol),
            sets: unique,
            file: path.relative(process.cwd(), file.fileName),
            line: line + 1,
            ...(covered ? { guard: `${covered.set} ${guards.get(covered.set)}` } : {}),
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return uses;
}

/** True when one of the use's sets is within the floor (the lowest set an API is available in is enough). */
export function withinFloor(use: ApiUse, floor: Record<string, string>): boolean {
  return use.sets.some(({ set, version }) => floor[set] !== undefined && versionAtLeast(floor[set], version));
}

/**
 * APIs whose annotation is above the floor but that need no guard, each with the reason. Keep it short: a guard in
 * the code is the rule.
 */
export const NEEDS_NO_GUARD: Record<string, string> = {
  "Office.AddinCommands.Event.completed":
    "annotated with Outlook's Mailbox 1.3; in Excel a ribbon function command is AddinCommands 1.1, which every client with SharedRuntime 1.1 has",
  "CustomFunctions.Invocation.isInValuePreview":
    "a property the host sets on the invocation, not a call: a runtime before CustomFunctionsRuntime 1.5 leaves it undefined, which reads as 'not a preview', the right answer there",
};

/** Uses above the floor with no guard: each one would fail with ApiNotFound on an Excel at the floor. */
export function unguardedAboveFloor(
  uses: ApiUse[],
  floor: Record<string, string>,
  needsNoGuard: Record<string, string> = NEEDS_NO_GUARD,
): ApiUse[] {
  return uses.filter((use) => !withinFloor(use, floor) && !use.guard && !(use.api in needsNoGuard));
}

/** The project's compiler options and the add-in's source files (what runs in Excel). */
export function addinProgramInputs(root = process.cwd()): { files: string[]; options: ts.CompilerOptions } {
  const configPath = path.join(root, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const src = path.join(root, "src") + path.sep;
  // The relay, the sandbox and the dev tools run in Node; the fake host is Excel's stand-in, not a caller of it.
  const outside = ["relay", "sandbox", "dev", path.join("workbench", "fake-excel")].map(
    (d) => path.join(src, d) + path.sep,
  );
  const files = parsed.fileNames.filter((f) => f.startsWith(src) && !outside.some((o) => f.startsWith(o)));
  return { files, options: parsed.options };
}
