// "Remember on this device": the client secret in OfficeRuntime.storage, which belongs to this add-in on this device
// and is not part of the workbook. It is not encrypted (office-addin-notes), which the pane says plainly before the
// user opts in. Without the opt-in the secret lives only in memory.

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
