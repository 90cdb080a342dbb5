// Ribbon commands run in the shared runtime (FunctionFile = the task pane page): each ExecuteFunction button of
// manifest.xml is associated with its command (ribbon.ts), and Office's event is completed whatever the command did.
import { runtime } from "../runtime";
import { RIBBON_BUTTONS, ribbonCommands } from "./ribbon";

// Office.addin.showAsTaskpane is SharedRuntime 1.1, the manifest's floor.
const host = { showPane: () => Office.addin.showAsTaskpane() };

if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
  void Office.onReady(() => {
    const commands = ribbonCommands(runtime(), host);
    for (const { command } of RIBBON_BUTTONS) {
      if (!command) continue;
      Office.actions?.associate(command, async (event: Office.AddinCommands.Event) => {
        try {
          await commands[command]();
        } catch {
          // The command has told the pane why (Refresh and Clear marks announce their failures).
        } finally {
          event.completed();
        }
      });
    }
  });
}
