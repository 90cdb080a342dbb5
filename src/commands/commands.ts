// Ribbon commands run in the shared runtime (FunctionFile = the task pane page).
import { runtime } from "../runtime";

async function refresh(event: Office.AddinCommands.Event): Promise<void> {
  try {
    // Loaded on first use, with the report and change services it runs (the pane's `reports` chunk), so the page's
    // start-up scripts stay those of the connect form.
    const { refreshAndDescribe } = await import(/* webpackChunkName: "reports" */ "./refresh");
    await refreshAndDescribe(runtime());
  } finally {
    event.completed();
  }
}

if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
  void Office.onReady(() => Office.actions?.associate("refresh", refresh));
}
