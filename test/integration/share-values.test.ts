// Share as values and Restore formulas in Node, on the fake Excel host with the real functions, relay and sandbox:
// three sheets of PRICE cells, a spilled QUERY and a report; sharing leaves no KALIBRATE formula, stamps each sheet,
// keeps a restore map; the saved file opened without the add-in shows only values; Restore brings back every formula
// and report cell by cell; a failure injected halfway leaves the workbook restorable; the outside variant cannot be.
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  installFakeOffice,
  type FakeExcelHandle,
  type RequestContext as Context,
} from "../../src/workbench/fake-excel";
import { openWorkbookFile } from "../../src/workbench/fake-excel/open-workbook-file";
import { cellSnapshot } from "../../src/workbench/fake-excel/workbook-file";
import { startStack, type Stack } from "../support/stack";
import type { Runtime } from "../../src/runtime";
import type { ShareService } from "../../src/share/service";
import { RESTORE_NAMESPACE } from "../../src/share/restore-map";

let stack: Stack;
let host: FakeExcelHandle;
let rt: Runtime;
let share: ShareService;
let limits: { formulas: number; cells: number };
const wb = () => host.workbook;

type Snapshot = Record<string, Array<[string, unknown]>>;

/** Every cell of every sheet: its formula (or value) and the value it shows. */
const snapshot = (workbook = wb()): Snapshot => cellSnapshot(workbook);

const reportSettings = () =>
  Object.fromEntries(Object.entries(wb().settings()).filter(([key]) => key.startsWith("kalibrate.report.")));
const kalibrateFormulas = (snap: Snapshot) =>
  Object.values(snap)
    .flat()
    .filter(([formula]) => /KALIBRATE\./i.test(String(formula)));

async function settle() {
  for (let i = 0; i < 3; i++) {
    await wb().idle();
    await rt.idle();
  }
}

let original: Snapshot;
let originalFile: ReturnType<FakeExcelHandle["workbook"]["saveFile"]>;
let originalReports: Record<string, unknown>;

before(async () => {
  stack = await startStack({ sandbox: { size: 2000 } });
  await import("../../src/runtime").then(({ createRuntime, setRuntime }) => setRuntime(createRuntime(stack.relayUrl)));
  host = installFakeOffice(globalThis, { sheets: ["Prices", "Brands"] });
  const fns = await import("../../src/functions/functions");
  host.registerFunctions({ QUERY: fns.query, PRICE: fns.price });
  rt = (await import("../../src/runtime")).runtime();
  share = (await import("../../src/composition")).shareService(rt);
  limits = (await import("../../src/excel/share")).SHARE_LIMITS;
  await rt.tokens.connect(stack.reader);
  wb().setValues("Prices!A1:C1", [["Site", "Diesel", "Unleaded"]]);
  for (const [r, site] of ["OWN0001", "OWN0002", "OWN0003"].entries()) {
    wb().setCell(`Prices!A${r + 2}`, site);
    wb().setCell(`Prices!B${r + 2}`, `=KALIBRATE.PRICE(A${r + 2},"Diesel")`);
    wb().setCell(`Prices!C${r + 2}`, `=KALIBRATE.PRICE("${site}","Unleaded")`);
  }
  wb().setCell("Prices!E1", "0012 is text");
  wb().setCell("Brands!A1", '=KALIBRATE.QUERY("reference/brand","(limit=5)","data.name,data.importCode")');
  wb().setCell("Brands!E1", '=KALIBRATE.PRICE("OWN0001","Diesel")');
  await settle();
  const reports = (await import("../../src/composition")).reportService(rt);
  await reports.insert(
    {
      collection: "Product",
      query: "(entityVariant=Own)+(limit=20)",
      columns: ["id.entityId", "data.name", "data.currentPrice"],
    },
    "new-sheet",
  );
  original = snapshot();
  originalReports = reportSettings();
  originalFile = wb().saveFile();
  assert.equal(wb().sheetNames().length, 3);
  assert.equal(kalibrateFormulas(original).length, 8);
  assert.equal(Object.keys(originalReports).length, 1);
});

after(async () => {
  rt?.tokens.disconnect();
  await stack?.close();
});

const realRun = () => host.Excel.run;
let restoreRun: (() => void) | undefined;
beforeEach(() => {
  limits.formulas = 2_000;
  limits.cells = 100_000;
});
afterEach(() => restoreRun?.());

/** Makes every sync fail while `fails()` says so, as a dropped connection to Excel would. */
function failSyncsWhen(fails: () => boolean) {
  const run = realRun();
  host.Excel.run = ((batch: (context: Context) => Promise<unknown>) =>
    run(async (context: Context) => {
      const sync = context.sync.bind(context);
      context.sync = (async (value?: unknown) => {
        if (fails()) throw Object.assign(new Error("The connection to Excel was lost."), { code: "GeneralException" });
        return sync(value);
      }) as typeof context.sync;
      return batch(context);
    })) as unknown as typeof host.Excel.run;
  restoreRun = () => {
    host.Excel.run = run;
    restoreRun = undefined;
  };
}

describe("Share as values", () => {
  test("no KALIBRATE formula left, values unchanged, each sheet stamped, report definitions in the restore map", async () => {
    const phases = new Set<string>();
    const outcome = await share.share({ scope: "workbook", onProgress: (p) => phases.add(p.phase) });
    assert.equal(outcome.formulas, 8);
    assert.equal(outcome.reports, 1);
    assert.deepEqual([...phases], ["reading", "saving restore map", "converting", "stamping"]);
    const now = snapshot();
    assert.deepEqual(kalibrateFormulas(now), []);
    for (const sheet of Object.keys(original)) {
      assert.deepEqual(
        now[sheet].map(([, value]) => value),
        original[sheet].map(([, value]) => value),
        `${sheet} shows the same values`,
      );
    }
    const stamps = wb()
      .comments()
      .filter((c) => c.content.startsWith("Kalibrate share:"));
    assert.deepEqual(stamps.map((s) => s.address.split("!")[0]).sort(), ["'Kalibrate Product'", "Brands", "Prices"]);
    const productStamp = stamps.find((s) => s.address.startsWith("'Kalibrate Product'"))!.content;
    assert.match(productStamp, /Environment: sandbox\./);
    assert.match(
      productStamp,
      /Report KalibrateProduct: Product \(entityVariant=Own\)\+\(limit=20\), retrieved 20\d\d-/,
    );
    assert.match(stamps.find((s) => s.address.startsWith("Prices"))!.content, /6 × KALIBRATE\.PRICE/);
    assert.deepEqual(reportSettings(), {});
    assert.equal(wb().getValues("Prices!E1")[0][0], "0012 is text");
  });

  test("the saved file opened in a workbook without the add-in shows only values, never #NAME?", async () => {
    const opened = await openWorkbookFile(wb().saveFile());
    const seen = snapshot(opened.workbook);
    const errors = Object.values(seen)
      .flat()
      .filter(([, value]) => typeof value === "string" && value.startsWith("#"));
    assert.deepEqual(errors, []);
    assert.deepEqual(kalibrateFormulas(seen), []);
    for (const sheet of Object.keys(original)) {
      assert.deepEqual(
        seen[sheet].map(([, v]) => v),
        original[sheet].map(([, v]) => v),
      );
    }
    // The control: the workbook as it was, opened without the add-in, shows #NAME? where its formulas were.
    const unshared = snapshot((await openWorkbookFile(originalFile)).workbook);
    assert.equal(
      Object.values(unshared)
        .flat()
        .filter(([, value]) => value === "#NAME?").length,
      8,
    );
  });

  test("sharing twice is refused until it is restored", async () => {
    await assert.rejects(share.share({ scope: "workbook" }), /already shared as values: press Restore formulas first/);
  });

  test("Restore formulas brings every formula and report back, cell by cell", async () => {
    const outcome = await share.restore();
    assert.equal(outcome.formulas, 8);
    await settle();
    assert.deepEqual(snapshot(), original);
    assert.deepEqual(reportSettings(), originalReports);
    assert.deepEqual(
      wb()
        .comments()
        .filter((c) => c.content.startsWith("Kalibrate share:")),
      [],
    );
    assert.equal(await share.canRestore(), false);
  });

  test("a failure injected halfway through the conversion leaves the workbook restorable", async () => {
    limits.formulas = 1;
    let converted = 0;
    let converting = false;
    let left = 6; // three formulas converted (a read and a write each), then the connection drops
    failSyncsWhen(() => converting && left-- <= 0);
    await assert.rejects(
      share.share({
        scope: "workbook",
        onProgress: (p) => {
          if (p.phase === "converting") {
            converting = true;
            converted = p.done;
          }
        },
      }),
      /Share as values stopped after 3 of 8 formulas: The connection to Excel was lost\. Nothing is lost: press Restore formulas/,
    );
    restoreRun!();
    assert.equal(converted, 3);
    const half = snapshot();
    assert.equal(kalibrateFormulas(half).length, 5, "half converted");
    assert.equal(await share.canRestore(), true);
    await share.restore();
    await settle();
    assert.deepEqual(snapshot(), original);
    assert.deepEqual(reportSettings(), originalReports);
  });

  test("the selection only: its formulas become values, the rest stays live, and Restore puts them back", async () => {
    wb().activate("Prices");
    wb().select("Prices!B2:B4");
    const outcome = await share.share({ scope: "selection" });
    assert.equal(outcome.formulas, 3);
    assert.equal(outcome.reports, 0);
    const now = snapshot();
    assert.equal(kalibrateFormulas(now).length, 5);
    assert.deepEqual(
      now.Prices.filter(([f]) => /KALIBRATE/.test(String(f))).map(([f]) => f),
      [
        '=KALIBRATE.PRICE("OWN0001","Unleaded")',
        '=KALIBRATE.PRICE("OWN0002","Unleaded")',
        '=KALIBRATE.PRICE("OWN0003","Unleaded")',
      ],
    );
    assert.deepEqual(reportSettings(), originalReports);
    await share.restore();
    await settle();
    assert.deepEqual(snapshot(), original);
  });

  test("for outside the organisation: values, no restore map, no stamps, no Kalibrate settings, and it says so", async () => {
    const outcome = await share.share({ scope: "workbook", outside: true });
    assert.equal(outcome.restorable, false);
    assert.match(outcome.message, /cannot be turned back into formulas\. Keep your original workbook\./);
    const file = wb().saveFile();
    assert.deepEqual(
      Object.keys(file.settings).filter((k) => k.startsWith("kalibrate.")),
      [],
    );
    assert.deepEqual(
      file.xmlParts.filter((x) => x.includes(RESTORE_NAMESPACE)),
      [],
    );
    assert.deepEqual(
      file.comments.filter((c) => /kalibrate/i.test(c.content)),
      [],
    );
    assert.deepEqual(kalibrateFormulas(snapshot()), []);
    await assert.rejects(share.restore(), /no restore map/);
  });
});
