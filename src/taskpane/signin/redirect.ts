// auth-redirect.html: where the identity provider sends the sign-in popup (and MSAL's hidden renewal frame) back.
// MSAL v5 needs this page to hand the response to the pane that opened it; it must stay this small and load nothing
// else (no Office.js, no React).
import { broadcastResponseToMainFrame } from "@azure/msal-browser/redirect-bridge";

broadcastResponseToMainFrame().catch((error: Error) => {
  const message = document.getElementById("message");
  if (message) message.textContent = `Signing in could not finish (${error.message}). Close this window and try again.`;
});
