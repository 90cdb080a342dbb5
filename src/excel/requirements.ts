// The requirement sets the add-in needs everywhere (its floor, declared in manifest.xml's <Requirements>), and the
// one guard for anything above that floor. Every client with SharedRuntime 1.1 also has ExcelApi 1.10 and
// CustomFunctionsRuntime 1.2 (office-addin-notes), so declaring them costs no user; the few calls above them ask
// isSetSupported first and fall back or say what this Excel lacks (never ApiNotFound). The check in
// test/unit/api-requirement-sets.test.ts lists every Office.js API the add-in calls and fails on an unguarded one.

export const REQUIREMENT_FLOOR = {
  SharedRuntime: "1.1",
  ExcelApi: "1.10",
  CustomFunctionsRuntime: "1.2",
} as const;

/** Office.context.requirements.isSetSupported; true where there is no Office.js host to ask (Node tests). */
export function isSetSupported(name: string, version: string): boolean {
  const office = (globalThis as { Office?: { context?: { requirements?: Office.RequirementSetSupport } } }).Office;
  const requirements = office?.context?.requirements;
  // Excel always answers once Office.js is ready; with nothing to ask, the call itself reports what is missing.
  if (typeof requirements?.isSetSupported !== "function") return true;
  return requirements.isSetSupported(name, version);
}

export const isExcelApiSupported = (version: string) => isSetSupported("ExcelApi", version);
