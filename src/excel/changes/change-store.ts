// What the change logic keeps in the workbook's document settings: the marking settings, one compact snapshot per
// report (ids, labels and numbers; never a secret) and one alert rule per report.
import type { AlertRule } from "../../changes/alerts";
import { readAlertRule } from "../../changes/alerts";
import { readSnapshot, type StoredSnapshot } from "../../changes/diff";
import { readChangeSettings, type ChangeSettings } from "../../changes/model";
import type { ChangeStore } from "../../changes/ports";
import type { DefinitionStorage } from "../../reports/store";

export const CHANGE_SETTINGS_KEY = "kalibrate.changes.settings";
export const SNAPSHOT_KEY_PREFIX = "kalibrate.previous.";
export const ALERT_KEY_PREFIX = "kalibrate.alert.";

export function settingsChangeStore(storage: DefinitionStorage): ChangeStore {
  const snapshotEntries = () => storage.entries(SNAPSHOT_KEY_PREFIX);
  return {
    async settings() {
      const [entry] = (await storage.entries(CHANGE_SETTINGS_KEY)).filter((e) => e.key === CHANGE_SETTINGS_KEY);
      return readChangeSettings(entry?.value);
    },
    saveSettings: (settings: ChangeSettings) => storage.put(CHANGE_SETTINGS_KEY, { ...settings }),
    async snapshots() {
      const result = new Map<string, StoredSnapshot>();
      for (const { key, value } of await snapshotEntries()) {
        const snapshot = readSnapshot(value);
        if (snapshot) result.set(key.slice(SNAPSHOT_KEY_PREFIX.length), snapshot);
      }
      return result;
    },
    async snapshotSizes() {
      return new Map(
        (await snapshotEntries()).map(({ key, value }) => [
          key.slice(SNAPSHOT_KEY_PREFIX.length),
          JSON.stringify(value).length,
        ]),
      );
    },
    saveSnapshot: (reportId, snapshot) => storage.put(`${SNAPSHOT_KEY_PREFIX}${reportId}`, snapshot),
    async alertRules() {
      return (await storage.entries(ALERT_KEY_PREFIX))
        .map(({ value }) => readAlertRule(value))
        .filter((rule): rule is AlertRule => rule !== undefined);
    },
    saveAlertRule: (rule) => storage.put(`${ALERT_KEY_PREFIX}${rule.reportId}`, { ...rule }),
    removeAlertRule: (reportId) => storage.remove(`${ALERT_KEY_PREFIX}${reportId}`),
  };
}
