import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { OfficeAddinManifest } from "office-addin-manifest";
import { manifestProblems, rebaseUrls } from "../../src/dev/manifest-rules";
import pkg from "../../package.json";

const xml = readFileSync("manifest.xml", "utf8");

test("manifest.xml is well-formed XML (xmllint)", () => {
  const run = spawnSync("xmllint", ["--noout", "manifest.xml"], { encoding: "utf8" });
  assert.equal(run.error, undefined, "xmllint is missing: apt-get install libxml2-utils");
  assert.equal(run.status, 0, run.stderr);
});

test("office-addin-manifest reads it as an Excel task pane add-in", async () => {
  const info = await OfficeAddinManifest.readManifestFile("manifest.xml");
  assert.equal(info.officeAppType, "TaskPaneApp");
  assert.deepEqual(info.hosts, ["Workbook"]);
  assert.equal(info.displayName, "Kalibrate for Excel");
  assert.match(info.id ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

test("the project's own rules pass: resids, shared runtime wiring, namespace, version, lengths, https", () => {
  assert.deepEqual(manifestProblems(xml, { version: pkg.version }), []);
});

test("the rules catch each kind of break", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["undefined resid", xml.replace('resid="Refresh.Label"/>', 'resid="Nope.Label"/>'), /"Nope.Label" is used but not/],
    ["duplicate id", xml.replace('<bt:String id="Group.Label"', '<bt:String id="ShowPane.Label"'), /defined 2 times/],
    [
      "page off runtime",
      xml.replace(
        /<Page>\s*<SourceLocation resid="Taskpane.Url"/,
        '<Page><SourceLocation resid="Functions.Script.Url"',
      ),
      /<Page>/,
    ],
    [
      "function file off runtime",
      xml.replace('<FunctionFile resid="Taskpane.Url"/>', '<FunctionFile resid="Functions.Script.Url"/>'),
      /<FunctionFile>/,
    ],
    ["no shared runtime", xml.replace('<Set Name="SharedRuntime" MinVersion="1.1"/>', ""), /SharedRuntime 1.1/],
    ["floor not declared", xml.replace('<Set Name="ExcelApi" MinVersion="1.10"/>', ""), /declares ExcelApi not at all/],
    [
      "floor raised",
      xml.replace('Name="ExcelApi" MinVersion="1.10"', 'Name="ExcelApi" MinVersion="1.13"'),
      /ExcelApi 1.13;/,
    ],
    ["namespace", xml.replace('DefaultValue="KALIBRATE"', 'DefaultValue="CONTOSO"'), /namespace is "CONTOSO"/],
    ["version format", xml.replace(/<Version>[^<]+<\/Version>/, "<Version>0.1</Version>"), /four numbers/],
    ["long short string", xml.replace('DefaultValue="Refresh"', `DefaultValue="${"x".repeat(126)}"`), /over 125/],
    ["http url", xml.replace("https://localhost:3000/help.html", "http://localhost:3000/help.html"), /must use https/],
  ];
  for (const [name, broken, expected] of cases) {
    const problems = manifestProblems(broken, { version: pkg.version });
    assert.ok(
      problems.some((p) => expected.test(p)),
      `${name}: ${problems.join(" | ") || "no problem found"}`,
    );
  }
  assert.ok(manifestProblems(xml, { version: "9.9.9" }).some((p) => /does not match package.json/.test(p)));
});

test("a release manifest has every localhost URL rebased and passes the release rules", () => {
  assert.ok(manifestProblems(xml, { release: true }).some((p) => /development server/.test(p)));
  const release = rebaseUrls(xml, "https://excel.contoso.com/kalibrate/");
  assert.equal(release.includes("localhost"), false);
  assert.match(release, /https:\/\/excel\.contoso\.com\/kalibrate\/taskpane\.html/);
  assert.deepEqual(manifestProblems(release, { version: pkg.version, release: true }), []);
});
