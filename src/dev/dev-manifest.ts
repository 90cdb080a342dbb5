// The manifest npm start tells the user to sideload. manifest.xml in the project points at https://localhost:3000;
// when the server runs on another port (npm start -- --port N) a copy for that port is written to
// dist/dev/manifest.xml, regenerated from manifest.xml on every start so it always matches the port being served.
// Not dist/manifest.xml: that is the build's own copy (the release build rewrites it for its --url).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { DEV_BASE_URL, rebaseUrls } from "./manifest-rules";

export async function manifestForOrigin(origin: string, root = process.cwd()): Promise<string> {
  const source = path.join(root, "manifest.xml");
  if (origin.replace(/\/+$/, "") === DEV_BASE_URL) return source;
  const target = path.join(root, "dist", "dev", "manifest.xml");
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, rebaseUrls(await readFile(source, "utf8"), origin));
  return target;
}
