// The ribbon's commands over the fake Excel host, no server: the buttons that open a panel ask for it and show the
// pane (a request waits for its panel and is answered once), and Clear marks removes the add-in's marks and tells
// the pane what it did, also when it fails.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { installFakeOffice, type FakeExcelHandle } from "../../src/workbench/fake-excel";
import { createRuntime } from "../../src/runtime";
import { onCommandOutcome, panelRequests, ribbonCommands, type CommandOutcome } from "../../src/commands/ribbon";
import { changeService } from "../../src/composition";

let host: FakeExcelHandle;

before(() => {
  host = installFakeOffice(globalThis);
});

function commands() {
  const rt = createRuntime("http://127.0.0.1:9");
  let shown = 0;
  const outcomes: CommandOutcome[] = [];
  const off = onCommandOutcome((o) => outcomes.push(o));
  return { rt, run: ribbonCommands(rt, { showPane: async () => void shown++ }), shown: () => shown, outcomes, off };
}

describe("the ribbon's commands", () => {
  it("What moved and Share as values show the pane and ask for their panel, answered once", async () => {
    const { run, shown, off } = commands();
    assert.equal(await run.showWhatMoved(), undefined);
    assert.equal(shown(), 1);
    assert.equal(panelRequests.take("share"), undefined, "a request is for its own panel only");
    assert.deepEqual(panelRequests.take("what-moved"), { panel: "what-moved" });
    assert.equal(panelRequests.take("what-moved"), undefined, "taken once");
    await run.showShare();
    await run.restoreFormulas();
    assert.deepEqual(panelRequests.take("share"), { panel: "share", restore: true }, "the latest request wins");
    const seen: string[] = [];
    const stop = panelRequests.onRequest((r) => seen.push(r.panel));
    await run.showWhatMoved();
    stop();
    assert.deepEqual(seen, ["what-moved"], "a panel on screen hears the request at once");
    panelRequests.take("what-moved");
    off();
  });

  it("Clear marks removes the add-in's marks and says how many in the pane", async () => {
    const { run, outcomes, off } = commands();
    host.workbook.setCell("Sheet1!A1", 1);
    // Two marks the add-in made, through its own mark layer.
    const { excelMarkLayer } = await import("../../src/excel/changes");
    await excelMarkLayer().mark("cells", [
      { address: "Sheet1!A1", direction: "up", note: "▲ +0.01 (was 0.99)" },
      { address: "Sheet1!A2", direction: "down", note: "▼ −0.01 (was 1.01)" },
    ]);
    assert.equal(await run.clearMarks(), "Removed 2 marks; values are unchanged.");
    assert.deepEqual(outcomes, [{ command: "clearMarks", message: "Removed 2 marks; values are unchanged." }]);
    assert.deepEqual(host.workbook.getValues("Sheet1!A1"), [[1]], "values untouched");
    off();
  });

  it("a Clear marks that fails says why in the pane, and still rejects (Office's event is completed by the caller)", async () => {
    const { rt, run, outcomes, off } = commands();
    const service = changeService(rt);
    service.clearMarks = async () => {
      throw new Error("Excel is busy.");
    };
    await assert.rejects(run.clearMarks(), /Excel is busy\./);
    assert.equal(outcomes.length, 1);
    assert.match(outcomes[0].message, /^Clear marks did not work: Excel is busy\. Try again/);
    off();
  });
});
