// The change marks in Excel: one Custom conditional format per changed cell or row (ExcelApi 1.6, under the add-in's
// floor), whose rule is always true and whose format fills the cell (green up, red down, blue new, amber changed)
// and, for a number that moved, shows an arrow after it in the cell's own number format ("1.439 ▲": a 0.000 price
// stays 0.000). How much it moved and what it was go in a cell note ("Kalibrate: ▲ +0.02 since the last refresh (was
// 1.459)", ExcelApi 1.18); a cell that already has a note (a user's) keeps it, and an older Excel gets arrow and
// colour only (the pane's list and the change log carry the amounts). Where the number with its arrow would not fit
// its column (Excel shows "####" then), the column is widened just enough, and its width is given back when the
// marks are cleared. A mark never changes a value, and the add-in removes exactly what it made: the ids of its
// formats, the cells of its notes (with their text) and the widths it changed are kept in a document setting, per
// source (the KALIBRATE cells, or a report), so one click clears them and a user's own conditional formats, notes and
// later column widths are never touched. Added in bounded batches, halved whenever Excel on the web refuses a request
// for its size.
import type { Mark, MarkLayer } from "../../changes/ports";
import { columnLetters, splitAddress } from "../reports/a1";
import { isPayloadTooLarge } from "../reports/block-writer";
import { isExcelApiSupported } from "../requirements";
import { ARROWS, formatWithArrow, noteText, widthForMarkedText } from "./mark-text";

export const MARKS_KEY = "kalibrate.changes.marks";
/** Past this many marks a refresh lists its changes without marking the rest (the pane says how many). */
export const MAX_MARKS = 5_000;
const MARKS_PER_SYNC = 500;
/** Excel keeps column widths in whole pixels: a width read back within this many points is the one written. */
const WIDTH_TOLERANCE = 1;

const FILL: Record<Mark["direction"], string> = {
  up: "#C6EFCE",
  down: "#FFC7CE",
  appeared: "#DDEBF7",
  disappeared: "#FFC7CE",
  changed: "#FFEB9C",
};

type FormatEntry = [sheet: string, id: string];
type NoteEntry = [sheet: string, cell: string, content: string];
type WidthEntry = [sheet: string, column: number, original: number, widenedTo: number];

/** What the add-in made for one source. */
interface OwnedSource {
  formats: FormatEntry[];
  notes: NoteEntry[];
  widths: WidthEntry[];
}

type Owned = Record<string, OwnedSource>;

const empty = (): OwnedSource => ({ formats: [], notes: [], widths: [] });

const isFormat = (e: unknown): e is FormatEntry =>
  Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "string";
const isNote = (e: unknown): e is NoteEntry =>
  Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "string" && typeof e[2] === "string";
const isWidth = (e: unknown): e is WidthEntry =>
  Array.isArray(e) && typeof e[0] === "string" && [e[1], e[2], e[3]].every((n) => typeof n === "number");

function readOwned(value: unknown): Owned {
  if (!value || typeof value !== "object") return {};
  const owned: Owned = {};
  for (const [source, entry] of Object.entries(value as Record<string, unknown>)) {
    // Workbooks marked before notes and widths: a source's value was its list of formats.
    if (Array.isArray(entry)) owned[source] = { ...empty(), formats: entry.filter(isFormat) };
    else if (entry && typeof entry === "object") {
      const e = entry as Record<string, unknown>;
      const list = (v: unknown) => (Array.isArray(v) ? v : []);
      owned[source] = {
        formats: list(e.formats).filter(isFormat),
        notes: list(e.notes).filter(isNote),
        widths: list(e.widths).filter(isWidth),
      };
    }
  }
  return owned;
}

async function loadOwned(context: Excel.RequestContext): Promise<Owned> {
  const setting = context.workbook.settings.getItemOrNullObject(MARKS_KEY);
  setting.load("value");
  await context.sync();
  return setting.isNullObject ? {} : readOwned(setting.value);
}

function saveOwned(context: Excel.RequestContext, owned: Owned): void {
  const kept = Object.fromEntries(
    Object.entries(owned).filter(([, o]) => o.formats.length + o.notes.length + o.widths.length > 0),
  );
  // An empty record rather than a delete: the setting may not exist, and adding is the same call either way.
  context.workbook.settings.add(MARKS_KEY, kept);
}

/** The worksheets of the workbook that still exist, by name. */
async function sheetsByName(context: Excel.RequestContext, names: Set<string>): Promise<Map<string, Excel.Worksheet>> {
  if (names.size === 0) return new Map();
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await context.sync();
  return new Map(sheets.items.filter((s) => names.has(s.name)).map((s) => [s.name, s]));
}

/** Deletes the listed formats that still exist (a user may have removed some); returns how many it removed. */
async function removeFormats(context: Excel.RequestContext, entries: FormatEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const bySheet = new Map<string, Set<string>>();
  for (const [sheet, id] of entries) bySheet.set(sheet, (bySheet.get(sheet) ?? new Set()).add(id));
  const sheets = await sheetsByName(context, new Set(bySheet.keys()));
  const present = [...sheets].map(([name, sheet]) => ({
    name,
    formats: sheet.getRange().conditionalFormats.load("items/id"),
  }));
  await context.sync();
  let removed = 0;
  for (const { name, formats } of present) {
    const ids = bySheet.get(name)!;
    for (const format of formats.items) {
      if (!ids.has(format.id)) continue;
      format.delete();
      removed++;
    }
  }
  await context.sync();
  return removed;
}

/** Deletes the add-in's notes that still say what it wrote (a note the user has since edited is theirs now). */
async function removeNotes(context: Excel.RequestContext, entries: NoteEntry[]): Promise<void> {
  if (entries.length === 0 || !isExcelApiSupported("1.18")) return;
  const sheets = await sheetsByName(context, new Set(entries.map(([sheet]) => sheet)));
  const found = entries
    .filter(([sheet]) => sheets.has(sheet))
    .map(([sheet, cell, content]) => ({
      content,
      note: sheets.get(sheet)!.notes.getItemOrNullObject(cell).load("content"),
    }));
  await context.sync();
  for (const { note, content } of found) if (!note.isNullObject && note.content === content) note.delete();
  await context.sync();
}

/** Gives columns back the width they had, unless the user has changed it since. */
async function restoreWidths(context: Excel.RequestContext, entries: WidthEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const sheets = await sheetsByName(context, new Set(entries.map(([sheet]) => sheet)));
  const columns = entries
    .filter(([sheet]) => sheets.has(sheet))
    .map(([sheet, column, original, widenedTo]) => ({
      original,
      widenedTo,
      format: sheets.get(sheet)!.getRangeByIndexes(0, column, 1, 1).format.load("columnWidth"),
    }));
  await context.sync();
  for (const { format, original, widenedTo } of columns) {
    if (Math.abs(format.columnWidth - widenedTo) <= WIDTH_TOLERANCE) format.columnWidth = original;
  }
  await context.sync();
}

async function removeSource(context: Excel.RequestContext, owned: OwnedSource | undefined): Promise<number> {
  if (!owned) return 0;
  const removed = await removeFormats(context, owned.formats);
  await removeNotes(context, owned.notes);
  await restoreWidths(context, owned.widths);
  return removed;
}

/** One mark's cell, what it shows and its column's width: read before the mark is added. */
interface Target {
  mark: Mark;
  sheet: string;
  range: Excel.Range;
  /** A single cell whose number moved: it gets an arrow and, where Excel has notes, a note. */
  arrow?: string;
  json?: Excel.Range;
  note?: Excel.Note;
}

/** The cell value JSON of a number with its own format (a KALIBRATE price): ExcelApi 1.16. */
function loadValueJson(range: Excel.Range): Excel.Range | undefined {
  return isExcelApiSupported("1.16") ? range.load("valuesAsJson") : undefined;
}

/** The note already on a cell, if any: ExcelApi 1.18 (an older Excel has no notes to add either). */
function loadNoteAt(sheet: Excel.Worksheet, cell: string): Excel.Note | undefined {
  return isExcelApiSupported("1.18") ? sheet.notes.getItemOrNullObject(cell).load("content") : undefined;
}

function addNote(sheet: Excel.Worksheet, range: Excel.Range, content: string): boolean {
  if (!isExcelApiSupported("1.18")) return false;
  sheet.notes.add(range, content);
  return true;
}

/** The number format the cell shows its number in: a formatted number's own (a KALIBRATE price), else the cell's. */
function ownFormat(target: Target): string {
  // valuesAsJson was loaded only where ExcelApi 1.16 is there (loadValueJson).
  const json = (isExcelApiSupported("1.16") ? target.json?.valuesAsJson?.[0]?.[0] : undefined) as
    { type?: string; numberFormat?: string } | undefined;
  if (json?.type === "FormattedNumber" && typeof json.numberFormat === "string") return json.numberFormat;
  return String((target.range.numberFormat as unknown[][])[0][0] ?? "General");
}

function queueReads(context: Excel.RequestContext, marks: readonly Mark[]): Target[] {
  return marks.map((mark) => {
    const { sheet, rect } = splitAddress(mark.address);
    const worksheet = context.workbook.worksheets.getItem(sheet ?? "");
    const range = worksheet.getRangeByIndexes(rect.row, rect.column, rect.rows, rect.columns);
    const arrow = rect.rows === 1 && rect.columns === 1 ? ARROWS[mark.direction] : undefined;
    const target: Target = { mark, sheet: sheet ?? "", range, ...(arrow ? { arrow } : {}) };
    if (!arrow) return target;
    range.load("numberFormat,text,values");
    range.format.load("columnWidth");
    const json = loadValueJson(range);
    if (json) target.json = json;
    const note = mark.note ? loadNoteAt(worksheet, `${columnLetters(rect.column)}${rect.row + 1}`) : undefined;
    if (note) target.note = note;
    return target;
  });
}

/** Queues the formats, notes and column widths of one batch; returns what it will have made once synced. */
function queueMarks(
  context: Excel.RequestContext,
  targets: Target[],
  widened: ReadonlyMap<string, WidthEntry>,
): { formats: Array<{ sheet: string; format: Excel.ConditionalFormat }>; notes: NoteEntry[]; widths: WidthEntry[] } {
  const formats: Array<{ sheet: string; format: Excel.ConditionalFormat }> = [];
  const notes: NoteEntry[] = [];
  const needed = new Map<string, { sheet: string; column: number; current: number; width: number }>();
  for (const target of targets) {
    const { mark, sheet, range, arrow } = target;
    const format = range.conditionalFormats.add("Custom");
    format.custom.rule.formula = "=TRUE";
    format.custom.format.fill.color = FILL[mark.direction];
    format.load("id");
    formats.push({ sheet, format });
    if (!arrow) continue;
    format.custom.format.numberFormat = formatWithArrow(ownFormat(target), arrow);
    const { rect } = splitAddress(mark.address);
    const key = `${sheet}\u0000${rect.column}`;
    const width = widthForMarkedText(String((range.text as unknown[][])[0][0]), (range.values as unknown[][])[0][0]);
    const current = range.format.columnWidth;
    if (width > current && width > (needed.get(key)?.width ?? 0)) {
      needed.set(key, { sheet, column: rect.column, current, width });
    }
    if (mark.note && target.note?.isNullObject) {
      const content = noteText(mark.note);
      const worksheet = context.workbook.worksheets.getItem(sheet);
      if (addNote(worksheet, range, content))
        notes.push([sheet, `${columnLetters(rect.column)}${rect.row + 1}`, content]);
    }
  }
  const widths: WidthEntry[] = [];
  for (const [key, { sheet, column, current, width }] of needed) {
    context.workbook.worksheets.getItem(sheet).getRangeByIndexes(0, column, 1, 1).format.columnWidth = width;
    // The width to give back is the one before the first widening of this refresh.
    widths.push([sheet, column, widened.get(key)?.[2] ?? current, width]);
  }
  return { formats, notes, widths };
}

export function excelMarkLayer(): MarkLayer {
  return {
    async mark(source, marks, onProgress) {
      return Excel.run(async (context) => {
        const owned = await loadOwned(context);
        await removeSource(context, owned[source]);
        const alreadyMarked = Object.entries(owned)
          .filter(([key]) => key !== source)
          .reduce((sum, [, o]) => sum + o.formats.length, 0);
        const todo = marks.slice(0, Math.max(0, MAX_MARKS - alreadyMarked));
        const made = empty();
        const widened = new Map<string, WidthEntry>();
        const record = () => {
          made.widths = [...widened.values()];
          owned[source] = made;
          saveOwned(context, owned);
        };
        let batch = MARKS_PER_SYNC;
        let done = 0;
        while (done < todo.length) {
          const count = Math.min(batch, todo.length - done);
          let queued: ReturnType<typeof queueMarks>;
          try {
            // Two syncs per batch (read what the cells show, then mark them): each is one bounded request.
            const targets = queueReads(context, todo.slice(done, done + count));
            // eslint-disable-next-line office-addins/no-context-sync-in-loop
            await context.sync();
            queued = queueMarks(context, targets, widened);
            // eslint-disable-next-line office-addins/no-context-sync-in-loop
            await context.sync();
          } catch (error) {
            if (!isPayloadTooLarge(error) || count === 1) {
              // What was added so far is recorded, so Clear marks still removes it.
              record();
              // eslint-disable-next-line office-addins/no-context-sync-in-loop -- once, on the way out
              await context.sync();
              throw error;
            }
            batch = Math.max(1, Math.floor(count / 2));
            continue;
          }
          for (const { sheet, format } of queued.formats) made.formats.push([sheet, format.id]);
          made.notes.push(...queued.notes);
          for (const entry of queued.widths) widened.set(`${entry[0]}\u0000${entry[1]}`, entry);
          done += count;
          onProgress?.(done, todo.length);
        }
        record();
        await context.sync();
        return made.formats.length;
      });
    },

    async clear(source) {
      return Excel.run(async (context) => {
        const owned = await loadOwned(context);
        const sources = source === undefined ? Object.keys(owned) : [source];
        let removed = 0;
        for (const s of sources) {
          // Source by source: each removal is a few bounded syncs.

          removed += await removeSource(context, owned[s]);
          delete owned[s];
        }
        saveOwned(context, owned);
        await context.sync();
        return removed;
      });
    },
  };
}
