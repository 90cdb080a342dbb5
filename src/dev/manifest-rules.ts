// The project's own manifest assertions. Microsoft's validator is an online service, unreachable here, and no npm
// package ships the XML schemas (office-addin-notes), so the wiring that silently breaks an add-in is checked here.

import { REQUIREMENT_FLOOR } from "../excel/requirements";

export const DEV_BASE_URL = "https://localhost:3000";

const SHORT_STRING_MAX = 125;
const LONG_STRING_MAX = 250;

function all(xml: string, re: RegExp): RegExpExecArray[] {
  return [...xml.matchAll(new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g"))];
}

function resourceSection(xml: string, tag: string): string {
  return new RegExp(`<bt:${tag}>([\\s\\S]*?)</bt:${tag}>`).exec(xml)?.[1] ?? "";
}

function sourceResid(xml: string, element: string): string | undefined {
  const block = new RegExp(`<${element}>([\\s\\S]*?)</${element}>`).exec(xml)?.[1] ?? "";
  return /<SourceLocation\s+resid="([^"]+)"/.exec(block)?.[1];
}

/** The requirement sets the manifest's <Requirements> declares, by name (MinVersion, or the DefaultMinVersion). */
export function declaredRequirementSets(xml: string): Record<string, string> {
  const block = /<Requirements>\s*<Sets([^>]*)>([\s\S]*?)<\/Sets>/.exec(xml);
  if (!block) return {};
  const fallback = /DefaultMinVersion="([^"]+)"/.exec(block[1])?.[1] ?? "1.1";
  const sets: Record<string, string> = {};
  for (const m of all(block[2], /<Set\s+Name="([^"]+)"(?:\s+MinVersion="([^"]+)")?\s*\/>/))
    sets[m[1]] = m[2] ?? fallback;
  return sets;
}

/** Every problem found, as sentences; an empty list means the manifest passes. */
export function manifestProblems(xml: string, options: { version?: string; release?: boolean } = {}): string[] {
  const problems: string[] = [];
  const resources = /<Resources>([\s\S]*?)<\/Resources>/.exec(xml)?.[1] ?? "";
  const defined = all(resources, /\bid="([^"]+)"/).map((m) => m[1]);
  const counts = new Map<string, number>();
  for (const id of defined) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const [id, n] of counts) if (n > 1) problems.push(`Resource id "${id}" is defined ${n} times; define it once.`);
  for (const [, resid] of all(xml, /\bresid="([^"]+)"/)) {
    if (!counts.has(resid)) problems.push(`resid "${resid}" is used but not defined under <Resources>.`);
  }

  const runtime = /<Runtime\s+resid="([^"]+)"\s+lifetime="long"\s*\/>/.exec(xml)?.[1];
  if (!runtime) problems.push('The shared runtime is missing: <Runtime resid=… lifetime="long"/>.');
  if (!/<Set\s+Name="SharedRuntime"\s+MinVersion="1\.1"\s*\/>/.test(xml)) {
    problems.push("The SharedRuntime 1.1 requirement set is missing.");
  }
  // The floor the code's guards assume (src/excel/requirements.ts) is exactly what the manifest declares.
  const declared = declaredRequirementSets(xml);
  for (const [name, version] of Object.entries(REQUIREMENT_FLOOR)) {
    if (declared[name] !== version) {
      problems.push(
        `The manifest declares ${name} ${declared[name] ?? "not at all"}; the add-in's floor is ${name} ${version} (src/excel/requirements.ts).`,
      );
    }
  }
  const page = sourceResid(xml, "Page");
  if (page !== runtime)
    problems.push(`The CustomFunctions <Page> (${page}) must use the runtime's resid (${runtime}).`);
  const functionFile = /<FunctionFile\s+resid="([^"]+)"/.exec(xml)?.[1];
  if (functionFile !== runtime) {
    problems.push(`<FunctionFile> (${functionFile}) must use the runtime's resid (${runtime}).`);
  }
  for (const m of all(xml, /<Action xsi:type="ShowTaskpane">[\s\S]*?<SourceLocation\s+resid="([^"]+)"/)) {
    if (m[1] !== runtime) problems.push(`The task pane button opens ${m[1]}, not the shared runtime's ${runtime}.`);
  }
  const namespaceResid = /<Namespace\s+resid="([^"]+)"/.exec(xml)?.[1];
  const namespace = new RegExp(`id="${namespaceResid}"\\s+DefaultValue="([^"]+)"`).exec(resources)?.[1];
  if (namespace !== "KALIBRATE") problems.push(`The custom functions namespace is "${namespace}", not KALIBRATE.`);
  if (!/<Host Name="Workbook"\s*\/>/.test(xml) || /<Host Name="(?!Workbook)/.test(xml)) {
    problems.push('The add-in must target Excel only (<Host Name="Workbook"/>).');
  }

  const version = /<Version>([^<]+)<\/Version>/.exec(xml)?.[1] ?? "";
  if (!/^\d{1,5}\.\d{1,5}\.\d{1,5}\.\d{1,5}$/.test(version)) {
    problems.push(`<Version> "${version}" must be four numbers, e.g. 1.2.3.0.`);
  } else if (options.version && version !== `${options.version}.0`) {
    problems.push(
      `<Version> ${version} does not match package.json ${options.version} (expected ${options.version}.0).`,
    );
  }

  for (const [, id, value] of all(resourceSection(xml, "ShortStrings"), /id="([^"]+)"\s+DefaultValue="([^"]*)"/)) {
    if (value.length > SHORT_STRING_MAX) problems.push(`Short string "${id}" is over ${SHORT_STRING_MAX} characters.`);
  }
  for (const [, id, value] of all(resourceSection(xml, "LongStrings"), /id="([^"]+)"\s+DefaultValue="([^"]*)"/)) {
    if (value.length > LONG_STRING_MAX) problems.push(`Long string "${id}" is over ${LONG_STRING_MAX} characters.`);
  }
  const description = /<Description DefaultValue="([^"]*)"/.exec(xml)?.[1] ?? "";
  if (description.length > LONG_STRING_MAX) problems.push(`<Description> is over ${LONG_STRING_MAX} characters.`);

  for (const [, url] of all(xml, /DefaultValue="((?:https?:)?\/\/[^"]*)"/)) {
    if (!url.startsWith("https://")) problems.push(`URL ${url} must use https.`);
    if (options.release && url.startsWith(DEV_BASE_URL)) {
      problems.push(`URL ${url} still points at the development server in a release manifest.`);
    }
  }
  return problems;
}

/** Points every development URL at the given base URL (all of them: a first-match-only rewrite misses most). */
export function rebaseUrls(text: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  return text.split(DEV_BASE_URL).join(base);
}
