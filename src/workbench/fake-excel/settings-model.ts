// Document settings of the in-memory workbook. Values travel as JSON; dates survive as "Date(ms)" exactly as office.js
// encodes them.

import { invalidArgument } from "./errors";

export interface SettingModel {
  key: string;
  json: string;
  deleted: boolean;
}

function encodeSetting(value: unknown): string {
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    return this[key] instanceof Date ? `Date(${(this[key] as Date).getTime()})` : v;
  });
  if (json === undefined)
    throw invalidArgument("SettingCollection.add", "A setting's value must be JSON-serialisable.");
  return json;
}

export function decodeSetting(json: string): unknown {
  return JSON.parse(json, (_key, v) =>
    typeof v === "string" && v.length > 6 && v.startsWith("Date(") && v.endsWith(")")
      ? new Date(Number(v.slice(5, -1)))
      : v,
  );
}

/** SettingCollection.add: a new setting, or a new value for the key's setting. */
export function putSetting(settings: Map<string, SettingModel>, key: string, value: unknown): SettingModel {
  if (typeof key !== "string" || key === "") throw invalidArgument("SettingCollection.add");
  const json = encodeSetting(value);
  let setting = settings.get(key);
  if (!setting) {
    setting = { key, json, deleted: false };
    settings.set(key, setting);
  } else setting.json = json;
  return setting;
}
