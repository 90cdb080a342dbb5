// What a change mark writes, as text: the cell's own number format with an arrow in every section (semicolons inside
// quotes are not section breaks, an empty section stays empty), the note's sentence, and the width the marked
// number needs (from what the cell shows, or its value when the column already shows ####).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { formatSections, formatWithArrow, noteText, widthForMarkedText } from "../../src/excel/changes/mark-text";

describe("change mark text", () => {
  it("splits number format sections on semicolons outside quotes and escapes", () => {
    assert.deepEqual(formatSections('0.00;[Red]-0.00;"zero; none"'), ["0.00", "[Red]-0.00", '"zero; none"']);
    assert.deepEqual(formatSections("0\\;0;0"), ["0\\;0", "0"]);
  });

  it("adds the arrow after the number in every section, keeping the format, and leaves empty sections empty", () => {
    assert.equal(formatWithArrow("0.000", "▲"), '0.000" ▲"');
    assert.equal(formatWithArrow("0.00;[Red]-0.00;;@", "▼"), '0.00" ▼";[Red]-0.00" ▼";;@" ▼"');
    assert.equal(formatWithArrow("", "▲"), 'General" ▲"');
  });

  it("says in the note how much the number moved since the last refresh and what it was", () => {
    assert.equal(noteText("▲ +0.02 (was 1.459)"), "Kalibrate: ▲ +0.02 since the last refresh (was 1.459)");
    assert.equal(noteText("▼ −1"), "Kalibrate: ▼ −1 since the last refresh");
  });

  it("sizes the column for the shown number plus its arrow, or for the value when the cell already shows ####", () => {
    // "1.439" + arrow: 8 characters × 7 px + 5 px = 61 px = 45.75 pt, inside Excel's default 48 pt.
    assert.equal(widthForMarkedText("1.439", 1.439), 45.75);
    assert.equal(widthForMarkedText("#####", 1234.5), widthForMarkedText("1234.5", 1234.5));
  });
});
