// Office.context.requirements.isSetSupported for the fake host, and the host's side of it: started as an older Excel
// (e.g. ExcelApi 1.10), an API above that version fails at sync with ApiNotFound, as Excel reports a method its build
// does not have ("The API you are trying to use could not be found. It may be available in a newer version of
// Excel."; OfficeExtension.ErrorCodes.apiNotFound). The API sets of each method are the `[Api set: …]` lines of
// @types/office-js.
import { officeError } from "./errors";

/** The newest ExcelApi this fake implements everything the add-in uses of (and the default it reports). */
export const NEWEST_EXCEL_API = "1.20";

/** What every Excel with a shared runtime has besides ExcelApi (office-addin-notes). */
const OTHER_SETS: Record<string, string> = { SharedRuntime: "1.1", CustomFunctionsRuntime: "1.4" };

const parse = (version: string) => version.split(".").map((part) => Number(part));

export function versionAtLeast(have: string, need: string): boolean {
  const [a, b] = [parse(have), parse(need)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i] ?? 0, b[i] ?? 0];
    if (x !== y) return x > y;
  }
  return true;
}

export const isVersion = (text: unknown): text is string => typeof text === "string" && /^1\.\d{1,2}$/.test(text);

export class FakeRequirements {
  private readonly sets: Record<string, string>;

  constructor(
    readonly excelApi: string = NEWEST_EXCEL_API,
    customFunctionsRuntime: string = OTHER_SETS.CustomFunctionsRuntime,
  ) {
    if (!isVersion(excelApi)) throw new Error(`excelApi must look like "1.10", not ${JSON.stringify(excelApi)}.`);
    if (!isVersion(customFunctionsRuntime))
      throw new Error(`customFunctionsRuntime must look like "1.3", not ${JSON.stringify(customFunctionsRuntime)}.`);
    this.sets = { ...OTHER_SETS, CustomFunctionsRuntime: customFunctionsRuntime, ExcelApi: excelApi };
  }

  /** The data types this host has (data-types.ts): entity results from CustomFunctionsRuntime 1.4, methods from ExcelApi 1.19. */
  get dataTypes(): { values: boolean; methods: boolean } {
    return {
      values: this.isSetSupported("CustomFunctionsRuntime", "1.4"),
      methods: this.isSetSupported("CustomFunctionsRuntime", "1.4") && this.isSetSupported("ExcelApi", "1.19"),
    };
  }

  /** Office.context.requirements.isSetSupported(name, minVersion). */
  isSetSupported = (name: string, minVersion?: string | number): boolean => {
    const have = this.sets[name];
    if (have === undefined) return false;
    return minVersion === undefined || versionAtLeast(have, String(minVersion));
  };

  /** Throws ApiNotFound when this host's ExcelApi is older than `version`. */
  require(version: string, location: string): void {
    if (versionAtLeast(this.excelApi, version)) return;
    throw officeError(
      "ApiNotFound",
      `The API you are trying to use could not be found. It may be available in a newer version of Excel. (${location} needs ExcelApi ${version}; this host has ${this.excelApi}.)`,
      location,
    );
  }
}
