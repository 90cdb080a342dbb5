// Ribbon commands run in the shared runtime (FunctionFile = the task pane page).
import { runtime } from "../runtime";
import { refreshAndDescribe } from "./refresh";

async function refresh(event: Office.AddinCommands.Event): Promise<void> {
  try {
    await refreshAndDescribe(runtime());
  } finally {
    event.completed();
  }
}

if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
  void Office.onReady(() => Office.actions?.associate("refresh", refresh));
}
