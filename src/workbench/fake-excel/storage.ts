// OfficeRuntime.storage: asynchronous string key/value storage with Office's 10 MB-per-domain quota. Size counts the
// characters of keys and values; a write that would pass the quota is refused whole and changes nothing.

export class StorageQuotaError extends Error {
  readonly code = "QuotaExceeded";

  constructor(limitBytes: number) {
    super(
      `OfficeRuntime.storage is full: this add-in's domain may keep at most ${limitBytes} bytes. ` +
        "Remove items that are no longer needed, then try again.",
    );
    this.name = "QuotaExceededError";
  }
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== "string") {
    throw new TypeError(
      `OfficeRuntime.storage ${what} must be a string; serialise other values (JSON.stringify) first.`,
    );
  }
  return value;
}

export class FakeStorage {
  private items = new Map<string, string>();

  constructor(readonly limitBytes: number = 10 * 1024 * 1024) {}

  /** Bytes in use (key and value characters). */
  get usedBytes(): number {
    let total = 0;
    for (const [key, value] of this.items) total += key.length + value.length;
    return total;
  }

  private assertFits(entries: Array<[string, string]>): void {
    let total = this.usedBytes;
    for (const [key, value] of entries) {
      const previous = this.items.get(key);
      total += key.length + value.length - (previous === undefined ? 0 : key.length + previous.length);
    }
    if (total > this.limitBytes) throw new StorageQuotaError(this.limitBytes);
  }

  async getItem(key: string): Promise<string | null> {
    return this.items.get(requireString(key, "keys")) ?? null;
  }

  async setItem(key: string, value: string): Promise<void> {
    const entry: [string, string] = [requireString(key, "keys"), requireString(value, "values")];
    this.assertFits([entry]);
    this.items.set(...entry);
  }

  async removeItem(key: string): Promise<void> {
    this.items.delete(requireString(key, "keys"));
  }

  async getItems(keys: string[]): Promise<{ [key: string]: string | null }> {
    const result: { [key: string]: string | null } = {};
    for (const key of keys) result[requireString(key, "keys")] = this.items.get(key) ?? null;
    return result;
  }

  async setItems(keyValues: { [key: string]: string }): Promise<void> {
    const entries = Object.entries(keyValues).map(([k, v]): [string, string] => [k, requireString(v, "values")]);
    this.assertFits(entries);
    for (const [key, value] of entries) this.items.set(key, value);
  }

  async removeItems(keys: string[]): Promise<void> {
    for (const key of keys) this.items.delete(requireString(key, "keys"));
  }

  async getKeys(): Promise<string[]> {
    return [...this.items.keys()];
  }
}
