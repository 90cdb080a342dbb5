// Loaded first on the workbench page and injected by end-to-end tests: puts the in-memory Excel host on window before
// any add-in code runs, so the add-in meets the same Excel.run API it meets in Excel. `?excelApi=1.10` in the page's
// URL starts it as an older Excel (that ExcelApi and nothing newer), to try the add-in's fallbacks.
import { installFakeOffice, isVersion } from "./fake-excel";

const requested = new URLSearchParams(window.location.search).get("excelApi");
if (requested !== null && !isVersion(requested)) {
  console.warn(`Ignoring ?excelApi=${requested}: give a version such as 1.10.`);
}
const host = installFakeOffice(window, isVersion(requested) ? { excelApi: requested } : undefined);
(window as unknown as { __fakeExcel: typeof host }).__fakeExcel = host;
