// The query builder's screen as one reducer (src/taskpane/builder/builder-reducer.ts): controls and text follow each
// other, a collection change drops a variant it lacks and the stale preview, opening a report for editing resets
// the screen to it (what the component's old five-setter effect did), and the preview's progress.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ReportDefinition } from "../../src/reports/definition";
import type { Preview } from "../../src/reports/preview";
import { builderReducer, INITIAL_SCREEN, propertyChoices, specOf } from "../../src/taskpane/builder/builder-reducer";
import { EMPTY_STATE } from "../../src/taskpane/builder/model";

const preview = { fields: ["data.price", "data.site.entityId"] } as unknown as Preview;

test("a change of the controls rewrites the text; typed text moves the controls", () => {
  const controlled = builderReducer(INITIAL_SCREEN, { type: "controls", state: { ...EMPTY_STATE, variant: "Own" } });
  assert.equal(controlled.text, "(entityVariant=Own)+(limit=0)");
  const typed = builderReducer(controlled, { type: "typed", text: "(price>1.2)+(limit=10)" });
  assert.equal(typed.state.limit, "10");
  assert.deepEqual(typed.state.filters, [{ property: "price", operator: ">", value: "1.2" }]);
  assert.equal(typed.textError, undefined);
});

test("text that does not parse keeps the controls and says which clause is wrong", () => {
  const typed = builderReducer(INITIAL_SCREEN, { type: "typed", text: "(price=>1.2)" });
  assert.equal(typed.text, "(price=>1.2)");
  assert.deepEqual(typed.state, INITIAL_SCREEN.state);
  assert.match(typed.textError ?? "", /=>/);
});

test("another collection drops a variant it does not have and the preview of the old one", () => {
  let screen = builderReducer(INITIAL_SCREEN, { type: "controls", state: { ...EMPTY_STATE, variant: "Proposed" } });
  screen = builderReducer(screen, { type: "preview-shown", preview });
  const site = builderReducer(screen, { type: "collection", collection: "Site" });
  assert.equal(site.state.variant, "");
  assert.equal(site.shown, undefined);
  const product = builderReducer(
    builderReducer(INITIAL_SCREEN, { type: "controls", state: { ...EMPTY_STATE, variant: "Own" } }),
    { type: "collection", collection: "Product" },
  );
  assert.equal(product.state.variant, "Own", "Product has Own too");
});

test("editing a report resets query, text, columns and preview to the report's", () => {
  let screen = builderReducer(INITIAL_SCREEN, { type: "typed", text: "(price=>1" });
  screen = builderReducer(screen, { type: "preview-shown", preview });
  screen = builderReducer(screen, { type: "placement", placement: "new-sheet" });
  const report = {
    collection: "Site",
    query: "(entityVariant=Own)+(limit=0)",
    columns: ["data.name", "data.brand.name"],
  } as ReportDefinition;
  const edited = builderReducer(screen, { type: "edit", report });
  assert.equal(edited.state.collection, "Site");
  assert.equal(edited.state.variant, "Own");
  assert.equal(edited.text, report.query);
  assert.equal(edited.textError, undefined);
  assert.equal(edited.columnsText, "data.name,data.brand.name");
  assert.equal(edited.shown, undefined);
  assert.equal(edited.placement, "new-sheet", "where a new report goes is not part of an edit");
  assert.deepEqual(specOf(edited), { collection: "Site", query: report.query, columns: report.columns });
});

test("a report whose query no longer parses opens with its text and the parser's message", () => {
  const report = { collection: "Price", query: "(price=>1)", columns: [] as string[] } as ReportDefinition;
  const edited = builderReducer(INITIAL_SCREEN, { type: "edit", report });
  assert.equal(edited.text, "(price=>1)");
  assert.equal(edited.state.collection, "Price");
  assert.match(edited.textError ?? "", /=>/);
});

test("the preview's progress: started clears the last problem, a failure keeps its message", () => {
  let screen = builderReducer(INITIAL_SCREEN, { type: "preview-failed", message: "old" });
  screen = builderReducer(screen, { type: "preview-started" });
  assert.equal(screen.previewing, true);
  assert.equal(screen.problem, undefined);
  screen = builderReducer(screen, { type: "preview-failed", message: "Kalibrate is busy." });
  screen = builderReducer(screen, { type: "preview-ended" });
  assert.equal(screen.previewing, false);
  assert.equal(screen.problem, "Kalibrate is busy.");
});

test("properties offered: the catalogue's, then fields the preview showed, once each", () => {
  const screen = builderReducer(INITIAL_SCREEN, { type: "preview-shown", preview });
  assert.deepEqual(propertyChoices(screen, ["data.price", "origin"]), ["data.price", "origin", "data.site.entityId"]);
});
