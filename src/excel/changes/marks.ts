// The change marks in Excel: one Custom conditional format per changed cell or row (ExcelApi 1.6, under the add-in's
// floor), whose rule is always true and whose format fills the cell (green up, red down, blue new, amber changed)
// and, for numbers, shows the move and the previous value beside the number through the format's number format
// ("1.469 ▲ +0.01 (was 1.459)"). A conditional format never changes a value, and the add-in removes exactly the ones
// it made: their ids are kept in a document setting, per source (the KALIBRATE cells, or a report), so one click
// clears them and a user's own conditional formats are never touched. Added in bounded batches, halved whenever
// Excel on the web refuses a request for its size.
import type { Mark, MarkLayer } from "../../changes/ports";
import { splitAddress } from "../reports/a1";
import { isPayloadTooLarge } from "../reports/block-writer";

export const MARKS_KEY = "kalibrate.changes.marks";
/** Past this many marks a refresh lists its changes without marking the rest (the pane says how many). */
export const MAX_MARKS = 5_000;
const MARKS_PER_SYNC = 500;

const FILL: Record<Mark["direction"], string> = {
  up: "#C6EFCE",
  down: "#FFC7CE",
  appeared: "#DDEBF7",
  disappeared: "#FFC7CE",
  changed: "#FFEB9C",
};

type Owned = Record<string, Array<[sheet: string, id: string]>>;

function readOwned(value: unknown): Owned {
  if (!value || typeof value !== "object") return {};
  const owned: Owned = {};
  for (const [source, list] of Object.entries(value as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    owned[source] = list.filter(
      (e): e is [string, string] => Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "string",
    );
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
  const kept = Object.fromEntries(Object.entries(owned).filter(([, list]) => list.length > 0));
  // An empty record rather than a delete: the setting may not exist, and adding is the same call either way.
  context.workbook.settings.add(MARKS_KEY, kept);
}

/** A number format literal: the text in quotes, quotes doubled as Excel reads them. */
const literal = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** Deletes the listed formats that still exist (a user may have removed some); returns how many it removed. */
async function removeOwned(context: Excel.RequestContext, entries: Array<[string, string]>): Promise<number> {
  if (entries.length === 0) return 0;
  const bySheet = new Map<string, Set<string>>();
  for (const [sheet, id] of entries) bySheet.set(sheet, (bySheet.get(sheet) ?? new Set()).add(id));
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await context.sync();
  const present = sheets.items
    .filter((sheet) => bySheet.has(sheet.name))
    .map((sheet) => ({ sheet, formats: sheet.getRange().conditionalFormats.load("items/id") }));
  await context.sync();
  let removed = 0;
  for (const { sheet, formats } of present) {
    const ids = bySheet.get(sheet.name)!;
    for (const format of formats.items) {
      if (!ids.has(format.id)) continue;
      format.delete();
      removed++;
    }
  }
  await context.sync();
  return removed;
}

export function excelMarkLayer(): MarkLayer {
  return {
    async mark(source, marks, onProgress) {
      return Excel.run(async (context) => {
        const owned = await loadOwned(context);
        await removeOwned(context, owned[source] ?? []);
        const alreadyMarked = Object.entries(owned)
          .filter(([key]) => key !== source)
          .reduce((sum, [, list]) => sum + list.length, 0);
        const todo = marks.slice(0, Math.max(0, MAX_MARKS - alreadyMarked));
        const made: Array<[string, string]> = [];
        let batch = MARKS_PER_SYNC;
        let done = 0;
        while (done < todo.length) {
          const count = Math.min(batch, todo.length - done);
          const added = todo.slice(done, done + count).map((mark) => {
            const { sheet, rect } = splitAddress(mark.address);
            const range = context.workbook.worksheets
              .getItem(sheet ?? "")
              .getRangeByIndexes(rect.row, rect.column, rect.rows, rect.columns);
            const format = range.conditionalFormats.add("Custom");
            format.custom.rule.formula = "=TRUE";
            format.custom.format.fill.color = FILL[mark.direction];
            if (mark.note) format.custom.format.numberFormat = `General ${literal(mark.note)}`;
            format.load("id");
            return { sheet: sheet ?? "", format };
          });
          try {
            // One sync per batch: each batch is one bounded request.
            // eslint-disable-next-line office-addins/no-context-sync-in-loop
            await context.sync();
          } catch (error) {
            if (!isPayloadTooLarge(error) || count === 1) {
              // What was added so far is recorded, so Clear marks still removes it.
              owned[source] = made;
              saveOwned(context, owned);
              // eslint-disable-next-line office-addins/no-context-sync-in-loop -- once, on the way out
              await context.sync();
              throw error;
            }
            batch = Math.max(1, Math.floor(count / 2));
            continue;
          }
          for (const { sheet, format } of added) made.push([sheet, format.id]);
          done += count;
          onProgress?.(done, todo.length);
        }
        owned[source] = made;
        saveOwned(context, owned);
        await context.sync();
        return made.length;
      });
    },

    async clear(source) {
      return Excel.run(async (context) => {
        const owned = await loadOwned(context);
        const sources = source === undefined ? Object.keys(owned) : [source];
        const removed = await removeOwned(
          context,
          sources.flatMap((s) => owned[s] ?? []),
        );
        for (const s of sources) delete owned[s];
        saveOwned(context, owned);
        await context.sync();
        return removed;
      });
    },
  };
}
