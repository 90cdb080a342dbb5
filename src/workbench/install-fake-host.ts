// Loaded first on the workbench page and injected by end-to-end tests: puts the in-memory Excel host on window before
// any add-in code runs, so the add-in meets the same Excel.run API it meets in Excel. `?excelApi=1.10` in the page's
// URL starts it as an older Excel (that ExcelApi and nothing newer), `?customFunctionsRuntime=1.3` as one without data
// types (Excel 2021, iPad), to try the add-in's fallbacks.
import { installFakeOffice, isVersion, type FakeExcelOptions } from "./fake-excel";

const params = new URLSearchParams(window.location.search);
const options: FakeExcelOptions = {};
for (const name of ["excelApi", "customFunctionsRuntime"] as const) {
  const requested = params.get(name);
  if (requested !== null && !isVersion(requested)) {
    console.warn(`Ignoring ?${name}=${requested}: give a version such as 1.10.`);
  } else if (requested !== null) options[name] = requested;
}
const host = installFakeOffice(window, options);
(window as unknown as { __fakeExcel: typeof host }).__fakeExcel = host;
