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

// The Kalibrate group's buttons as manifest.xml declares them: control id, label (through its resid), action and
// icons, in order.
function manifestButtons(manifest: string) {
  const strings = new Map(
    [...manifest.matchAll(/<bt:String id="([^"]+)" DefaultValue="([^"]*)"\/>/g)].map((m) => [m[1], m[2]]),
  );
  const images = new Map(
    [...manifest.matchAll(/<bt:Image id="([^"]+)" DefaultValue="([^"]*)"\/>/g)].map((m) => [m[1], m[2]]),
  );
  return [...manifest.matchAll(/<Control xsi:type="Button" id="([^"]+)">([\s\S]*?)<\/Control>/g)].map(
    ([, id, body]) => ({
      id,
      label: strings.get(/<Label resid="([^"]+)"/.exec(body)![1]),
      tooltip: strings.get(/<Description resid="([^"]+)"/.exec(body)![1]),
      command: /<FunctionName>([^<]+)<\/FunctionName>/.exec(body)?.[1],
      showsPane: body.includes('xsi:type="ShowTaskpane"'),
      icons: [...body.matchAll(/<bt:Image size="(\d+)" resid="([^"]+)"\/>/g)].map((m) => [
        Number(m[1]),
        images.get(m[2]),
      ]),
    }),
  );
}

test("the ribbon's buttons are the ones the add-in associates and the workbench shows, each with its icons", async () => {
  const { RIBBON_BUTTONS } = await import("../../src/commands/ribbon");
  const declared = manifestButtons(xml);
  assert.deepEqual(
    declared.map((b) => [b.id, b.label, b.command]),
    RIBBON_BUTTONS.map((b) => [b.id, b.label, b.command]),
  );
  assert.deepEqual(
    declared.map((b) => b.label),
    ["Kalibrate", "Refresh", "What moved", "Clear marks", "Share as values", "Restore formulas"],
  );
  for (const button of declared) {
    assert.equal(button.showsPane, button.command === undefined, `${button.id}: ShowTaskpane exactly when no function`);
    assert.ok(button.tooltip && button.tooltip.length <= 250, `${button.id} has a tooltip within 250 characters`);
    assert.deepEqual(
      button.icons.map(([size]) => size),
      [16, 32, 80],
      `${button.id} has the sizes the other buttons use`,
    );
    for (const [size, url] of button.icons) {
      const file = readFileSync(String(url).replace("https://localhost:3000/", ""));
      // A PNG's IHDR: signature, then width and height as 32-bit big-endian numbers at bytes 16 and 20.
      assert.equal(file.subarray(1, 4).toString(), "PNG", `${url} is a PNG`);
      assert.deepEqual([file.readUInt32BE(16), file.readUInt32BE(20)], [size, size], `${url} is ${size}×${size}`);
    }
  }
});

test("the rules catch a button whose function is not associated", async () => {
  const { RIBBON_BUTTONS } = await import("../../src/commands/ribbon");
  const broken = xml.replace("<FunctionName>clearMarks</FunctionName>", "<FunctionName>clearMark</FunctionName>");
  assert.notDeepEqual(
    manifestButtons(broken).map((b) => b.command),
    RIBBON_BUTTONS.map((b) => b.command),
  );
});
