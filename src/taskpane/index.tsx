import { createRoot } from "react-dom/client";
import { whenHostReady } from "../excel/host";
import { runtime } from "../runtime";
import { App } from "./App";
import { createPaneServices, type PaneServices } from "./services";

let services: PaneServices | undefined;
const paneServices = () => (services ??= createPaneServices(runtime()));

// One render, after Office.js is ready (Office-Addin-TaskPane-React).
void whenHostReady().then(async (host) => {
  const theme = host.dark
    ? (await import(/* webpackChunkName: "dark-theme" */ "./dark-theme")).webDarkTheme
    : undefined;
  const root = document.getElementById("root");
  if (root) createRoot(root).render(<App host={host} services={paneServices} theme={theme} />);
  // A workbook that remembers a managed environment (and no secret on this device) resumes its organisation
  // sign-in silently, or its cells say to sign in; the custom functions share the runtime's TokenProvider, so they
  // follow either way. Neither failure is swallowed unseen, so nothing more is shown here:
  // - resume() failing to connect: the token provider records the reason and the Connection card's status line
  //   shows it; failing to read the workbook's settings: the Connection card reads them too and says so;
  // - signIn.start() failing: cells keep saying to sign in and the pane shows that environment with its Sign in
  //   button, whose own failures are shown beside it (organisation-signin.ts).
  if (host.kind === "excel") {
    const services = paneServices();
    services.connection
      .resume()
      .catch(() => false)
      .then((connected) => connected || services.signIn.start(services.environments))
      .catch(() => undefined);
  }
});
