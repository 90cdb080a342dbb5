// "Remember on this device": the client secret in OfficeRuntime.storage, on this device and outside the workbook.
// What that protects and what not (office-addin-notes; "Persist add-in state and settings", learn.microsoft.com):
// - the storage is per domain (the add-in's origin), not per add-in: Microsoft documents that it "may be shared by
//   multiple add-ins" served from that domain, so any other add-in or page on the same origin can read the secret;
// - it is not encrypted: anyone who can read this device profile's files can read it;
// - it is never in the workbook, its settings or its cells: sharing or mailing the file never shares the secret.
// Serving the add-in from an origin of its own is the only isolation (the release build says so). The pane says this
// plainly before the user opts in; without the opt-in the secret lives only in memory.

export interface SecretKey {
  environment: string;
  clientId: string;
}

const storageKey = ({ environment, clientId }: SecretKey) => `kalibrate.secret:${environment}:${clientId}`;

function storage(): OfficeRuntime.Storage | undefined {
  return typeof OfficeRuntime !== "undefined" ? OfficeRuntime.storage : undefined;
}

export async function rememberSecret(key: SecretKey, secret: string): Promise<void> {
  const store = storage();
  if (!store) throw new Error("This Excel cannot store secrets on the device; you will be asked for it next time.");
  await store.setItem(storageKey(key), secret);
}

export async function recallSecret(key: SecretKey): Promise<string | undefined> {
  return (await storage()?.getItem(storageKey(key))) ?? undefined;
}

export async function forgetSecret(key: SecretKey): Promise<void> {
  await storage()?.removeItem(storageKey(key));
}
