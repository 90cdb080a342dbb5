// Ribbon commands run in the shared runtime (FunctionFile = the task pane page).
import { refreshWorkbook } from "../excel/refresh";

async function refresh(event: Office.AddinCommands.Event): Promise<void> {
  try {
    await refreshWorkbook();
  } finally {
    event.completed();
  }
}

if (typeof Office !== "undefined") {
  void Office.onReady(() => Office.actions?.associate("refresh", refresh));
}
