// Loaded first on the workbench page and injected by end-to-end tests: puts the in-memory Excel host on window before
// any add-in code runs, so the add-in meets the same Excel.run API it meets in Excel.
import { installFakeOffice } from "./fake-excel";

const host = installFakeOffice(window);
(window as unknown as { __fakeExcel: typeof host }).__fakeExcel = host;
