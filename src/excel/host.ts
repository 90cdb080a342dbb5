// Where the add-in is running. Office.js says so through Office.onReady; the workbench and the end-to-end tests run
// a fake Excel host (window.Excel installed before any script) in a plain browser, where onReady reports no host.

export type HostKind = "excel" | "none";

export interface HostInfo {
  kind: HostKind;
  /** True when the Office theme asks for a dark pane (Office.context.officeTheme). */
  dark: boolean;
}

function hasExcelApi(): boolean {
  const excel = (globalThis as { Excel?: { run?: unknown } }).Excel;
  return typeof excel?.run === "function";
}

function officeThemeIsDark(): boolean {
  try {
    const theme = Office.context?.officeTheme;
    if (!theme?.bodyBackgroundColor) return false;
    const hex = theme.bodyBackgroundColor.replace("#", "");
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return 0.299 * r + 0.587 * g + 0.114 * b < 128;
  } catch {
    return false;
  }
}

/** Resolves once Office.js is ready (or at once when the page has no Office.js, as in the workbench). */
export async function whenHostReady(): Promise<HostInfo> {
  if (typeof Office === "undefined" || typeof Office.onReady !== "function") {
    return { kind: hasExcelApi() ? "excel" : "none", dark: false };
  }
  const info = await Office.onReady();
  const excel = info.host === Office.HostType.Excel || (info.host == null && hasExcelApi());
  return { kind: excel ? "excel" : "none", dark: officeThemeIsDark() };
}
