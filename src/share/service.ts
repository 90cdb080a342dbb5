// Share as values and Restore formulas, over injected ports. The order is what keeps data safe: the restore map
// (every formula, the extent of its result and every report definition) is written to the workbook first, then the
// formulas are converted, then the definitions leave the settings, then the sheets are stamped. A failure at any
// point after the map is saved leaves a workbook that Restore formulas puts back exactly; before it, nothing has
// changed. The variant for outside the organisation removes the map and every Kalibrate setting only once the
// conversion is complete, and says that this copy cannot be restored.
import type { ReportStore } from "../reports/store";
import type { DefinitionStorage } from "../reports/store";
import type { ShareProgress, ShareWorkbook } from "./ports";
import { readRestoreMap, restoreMapXml, stampText, type RestoreMap } from "./restore-map";

export interface ShareOptions {
  /** The whole workbook, or only the formulas and report tables in the selection. */
  scope: "workbook" | "selection";
  /** For sending outside the organisation: no restore map, no stamps, no Kalibrate settings left. */
  outside?: boolean;
  onProgress?: (progress: ShareProgress) => void;
}

export interface ShareOutcome {
  formulas: number;
  reports: number;
  sheets: string[];
  restorable: boolean;
  message: string;
}

export interface ShareServiceDeps {
  workbook: ShareWorkbook;
  reports: ReportStore;
  /** Document settings, to strip every Kalibrate setting from a copy for outside the organisation. */
  settings: DefinitionStorage;
  environment: () => string | undefined;
  now?: () => number;
}

/** Every setting the add-in writes starts with this. */
export const KALIBRATE_SETTINGS_PREFIX = "kalibrate.";

export class ShareError extends Error {
  override name = "ShareError";
  constructor(
    message: string,
    readonly restorable: boolean,
  ) {
    super(message);
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export class ShareService {
  readonly #deps: ShareServiceDeps;
  readonly #now: () => number;

  constructor(deps: ShareServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  /** Whether the workbook holds a restore map (Restore formulas has something to do). */
  async canRestore(): Promise<boolean> {
    return (await this.#deps.workbook.loadRestoreMap()) !== undefined;
  }

  async share(options: ShareOptions): Promise<ShareOutcome> {
    const { workbook, reports: store, settings } = this.#deps;
    const progress = (phase: ShareProgress["phase"], done: number, total: number) =>
      options.onProgress?.({ phase, done, total });
    if (await workbook.loadRestoreMap()) {
      throw new ShareError(
        "This workbook was already shared as values: press Restore formulas first, then share again.",
        true,
      );
    }
    progress("reading", 0, 1);
    const within = options.scope === "selection" ? await workbook.selection() : undefined;
    const formulas = await workbook.kalibrateFormulas(within);
    const definitions = [];
    for (const report of (await store.list()).reports) {
      if (within === undefined || (await workbook.tableOverlaps(report, within))) definitions.push(report);
    }
    if (formulas.length === 0 && definitions.length === 0) {
      throw new ShareError(
        `There are no KALIBRATE formulas or report tables ${within ? `in the selection ${within}` : "in this workbook"}: nothing was changed.`,
        false,
      );
    }
    const sheets = [...new Set([...formulas.map((f) => f.sheet), ...definitions.map((d) => d.sheet)])];
    const sharedAt = new Date(this.#now()).toISOString();
    const map: RestoreMap = {
      v: 1,
      sharedAt,
      scope: options.scope,
      formulas,
      reports: definitions,
      stamped: options.outside ? [] : sheets,
    };
    progress("saving restore map", 0, 1);
    await workbook.saveRestoreMap(restoreMapXml(map));
    const stopped = (error: unknown, what: string) =>
      new ShareError(
        `Share as values stopped ${what}: ${(error as Error).message} Nothing is lost: press Restore formulas to bring every formula and report back, or Share as values again after fixing the cause.`,
        true,
      );
    let converted = 0;
    try {
      progress("converting", 0, formulas.length);
      await workbook.toValues(formulas, (done) => {
        converted = done;
        progress("converting", done, formulas.length);
      });
    } catch (error) {
      throw stopped(error, `after ${converted} of ${plural(formulas.length, "formula")}`);
    }
    try {
      // Report tables already hold values; without their definitions they are no longer live reports.
      for (const definition of definitions) await store.remove(definition.id);
      if (options.outside) {
        for (const { key } of await settings.entries(KALIBRATE_SETTINGS_PREFIX)) await settings.remove(key);
        await workbook.removeStamps();
        await workbook.deleteRestoreMap();
      } else {
        progress("stamping", 0, sheets.length);
        await workbook.stamp(sheets.map((sheet) => ({ sheet, text: stampText(sheet, map, this.#deps.environment()) })));
        progress("stamping", sheets.length, sheets.length);
      }
    } catch (error) {
      throw stopped(error, "after converting every formula");
    }
    const what = `${plural(formulas.length, "KALIBRATE formula")} and ${plural(definitions.length, "report table")} on ${plural(sheets.length, "sheet")}`;
    return {
      formulas: formulas.length,
      reports: definitions.length,
      sheets,
      restorable: !options.outside,
      message: options.outside
        ? `Shared ${what} as values for outside the organisation: the restore map, the report definitions and every Kalibrate setting were removed and no sheet is stamped, so this copy cannot be turned back into formulas. Keep your original workbook.`
        : `Shared ${what} as values; each sheet has a Kalibrate share note (a comment in its first row). Restore formulas brings everything back.`,
    };
  }

  async restore(onProgress?: (progress: ShareProgress) => void): Promise<ShareOutcome> {
    const { workbook, reports: store } = this.#deps;
    const xml = await workbook.loadRestoreMap();
    if (xml === undefined) {
      throw new ShareError(
        "This workbook has no restore map: it was not shared as values here, or it was shared for outside the organisation, which cannot be restored.",
        false,
      );
    }
    const map = readRestoreMap(xml);
    if (typeof map === "string") throw new ShareError(map, false);
    onProgress?.({ phase: "restoring", done: 0, total: map.formulas.length });
    // Definitions first: a report is whole again even if re-entering formulas stops halfway (then run Restore again).
    for (const definition of map.reports) await store.save(definition);
    await workbook.restoreFormulas(map.formulas, (done) =>
      onProgress?.({ phase: "restoring", done, total: map.formulas.length }),
    );
    await workbook.removeStamps();
    await workbook.deleteRestoreMap();
    const sheets = [...new Set([...map.formulas.map((f) => f.sheet), ...map.reports.map((r) => r.sheet)])];
    return {
      formulas: map.formulas.length,
      reports: map.reports.length,
      sheets,
      restorable: false,
      message: `Restored ${plural(map.formulas.length, "KALIBRATE formula")} and ${plural(map.reports.length, "report")} shared at ${map.sharedAt}. Press Refresh for current data.`,
    };
  }
}
