// What a change mark puts in and beside a cell, as plain text (no Office here): the cell's own number format with an
// arrow after the number, the note that says how much it moved and what it was, and how wide the column must be so
// the marked number still shows (Excel shows "####" for a number wider than its column).
import type { Mark } from "../../changes/ports";

export const ARROWS: Partial<Record<Mark["direction"], string>> = { up: "▲", down: "▼" };

/** A number format's sections ("0.00;[Red]-0.00;0"), split on the semicolons outside quotes and escapes. */
export function formatSections(format: string): string[] {
  const sections: string[] = [];
  let current = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '"') {
      const end = format.indexOf('"', i + 1);
      const stop = end < 0 ? format.length : end + 1;
      current += format.slice(i, stop);
      i = stop - 1;
    } else if (ch === "\\" && i + 1 < format.length) {
      current += format.slice(i, i + 2);
      i++;
    } else if (ch === ";") {
      sections.push(current);
      current = "";
    } else current += ch;
  }
  sections.push(current);
  return sections;
}

/**
 * The cell's own number format with the arrow after the number in every section, so a 0.000 price stays 0.000
 * ("1.439 ▲"). An empty section (one that hides zeros, say) stays empty.
 */
export function formatWithArrow(ownFormat: string, arrow: string): string {
  const own = ownFormat.trim() === "" ? "General" : ownFormat;
  return formatSections(own)
    .map((section) => (section === "" ? section : `${section}" ${arrow}"`))
    .join(";");
}

/** "▲ +0.02 (was 1.459)" → "Kalibrate: ▲ +0.02 since the last refresh (was 1.459)". */
export function noteText(markNote: string): string {
  const at = markNote.lastIndexOf(" (was ");
  const body =
    at < 0
      ? `${markNote} since the last refresh`
      : `${markNote.slice(0, at)} since the last refresh${markNote.slice(at)}`;
  return `Kalibrate: ${body}`;
}

/** Excel's width unit: Calibri 11's digit, 7 px; a cell has 5 px of padding; points are px × 0.75. */
const DIGIT_PX = 7;
const PADDING_PX = 5;
/** The arrow is wider than a digit in Excel's fonts: counted as two, with the space before it as one. */
const ARROW_CHARACTERS = 3;

/**
 * The column width (points) the marked text needs: the number as the cell shows it (or, when the column already
 * shows "####", its value as General) plus the arrow. An estimate from the character count: Office.js has no way to
 * measure text.
 */
export function widthForMarkedText(shownText: string, value: unknown): number {
  const text = /^#+$/.test(shownText) ? String(value) : shownText;
  const characters = Array.from(text).length + ARROW_CHARACTERS;
  return (characters * DIGIT_PX + PADDING_PX) * 0.75;
}
