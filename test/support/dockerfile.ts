// Test and bench helper: the stages of a Dockerfile as far as this project's tests read them (WORKDIR, COPY, ENV, CMD),
// so the container test and the relay bench run the relay as its image would.
import path from "node:path";

export interface Stage {
  name?: string;
  workdir: string;
  copies: Array<{ from?: string; source: string; target: string }>;
  cmd?: string[];
  env: Record<string, string>;
}

/** The Dockerfile's stages with their WORKDIR, COPY, ENV and CMD (line continuations joined). */
export function stages(text: string): Stage[] {
  const lines = text
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((line) => line.trim());
  const result: Stage[] = [];
  for (const line of lines) {
    if (line === "" || line.startsWith("#")) continue;
    const [instruction, ...rest] = line.split(/\s+/);
    const stage = result[result.length - 1];
    switch (instruction.toUpperCase()) {
      case "FROM":
        result.push({ name: /\bAS\s+(\S+)/i.exec(line)?.[1], workdir: "/", copies: [], env: {} });
        break;
      case "WORKDIR":
        stage.workdir = path.posix.resolve(stage.workdir, rest[0]);
        break;
      case "COPY": {
        const from = rest.find((part) => part.startsWith("--from="))?.slice("--from=".length);
        const [source, target] = rest.filter((part) => !part.startsWith("--"));
        stage.copies.push({ from, source, target: path.posix.resolve(stage.workdir, target) });
        break;
      }
      case "ENV":
        for (const match of line.slice(3).matchAll(/(\w+)=(\S+)/g)) stage.env[match[1]] = match[2];
        break;
      case "CMD":
        stage.cmd = JSON.parse(line.slice(3).trim());
        break;
    }
  }
  return result;
}

/** The options a `node …` CMD gives node itself: everything before the script (["--flag", "script.mjs", …]). */
export function nodeFlags(cmd: readonly string[] | undefined): string[] {
  if (!cmd || cmd[0] !== "node") return [];
  const script = cmd.findIndex((part, index) => index > 0 && !part.startsWith("-"));
  return cmd.slice(1, script === -1 ? cmd.length : script);
}
