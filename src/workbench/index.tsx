// workbench.html: served by npm start and used by end-to-end tests, never part of a release build. fake-excel.js has
// already put the in-memory Excel host on window, and the functions chunk has registered KALIBRATE.* with it.
import { createRoot } from "react-dom/client";
import { runtime } from "../runtime";
import { App } from "../taskpane/App";
import { createPaneServices } from "../taskpane/services";
import sandboxConfig from "../sandbox/sandbox.config.json";
import { Grid } from "./Grid";
import { Workbench } from "./Workbench";
import { Ribbon } from "./Ribbon";
import type { FakeWorkbook } from "./fake-excel/workbook-handle";
import { createWorkbenchApi } from "./test-api";

const { workbook } = (window as unknown as { __fakeExcel: { workbook: FakeWorkbook } }).__fakeExcel;
const rt = runtime();
// The sandbox's made-up credentials, committed in its config; a real environment is never prefilled.
const sandboxClient = sandboxConfig.clients[0];
const services = createPaneServices(rt, {
  environment: "sandbox",
  clientId: sandboxClient.clientId,
  clientSecret: sandboxClient.clientSecret,
  scope: sandboxClient.scopes[0],
});
(window as unknown as { workbench: unknown }).workbench = createWorkbenchApi(workbook, rt, services);
// As the pane does in Excel (src/taskpane/index.tsx): a workbook that remembers a managed environment resumes its
// organisation sign-in silently from MSAL's cache, or its cells say to sign in.
services.signIn.start(services.environments).catch(() => undefined);

// ?paneWidth=320 shows the pane as narrow as Excel may open it (200 to 800 px).
const paneWidth = Number(new URLSearchParams(location.search).get("paneWidth")) || undefined;
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <Workbench
      paneWidth={paneWidth && Math.min(800, Math.max(200, paneWidth))}
      ribbon={
        <Ribbon ribbon={services.ribbon} onShowPane={() => document.querySelector("aside")?.scrollTo({ top: 0 })} />
      }
      grid={<Grid workbook={workbook} />}
      pane={<App host={{ kind: "excel", dark: false }} services={() => services} />}
    />,
  );
}
