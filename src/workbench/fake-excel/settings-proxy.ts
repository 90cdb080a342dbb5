// Excel.SettingCollection and Excel.Setting: document settings saved with the workbook. Values are stored as JSON
// (dates survive as office.js encodes them), so a non-serialisable value fails as it would on the wire.

import { FakeClientObject, FakeCollection, type ClientResult } from "./client-object";
import { itemNotFound } from "./errors";
import type { RequestContext } from "./request-context";
import { decodeSetting, type SettingModel } from "./settings-model";
import type { WorkbookModel } from "./workbook-model";

export class SettingCollectionProxy extends FakeCollection<WorkbookModel, SettingModel, SettingProxy> {
  protected readonly _entity = "SettingCollection";

  constructor(ctx: RequestContext) {
    super(ctx, () => ctx._env.model);
  }

  protected _list(model: WorkbookModel): SettingModel[] {
    return [...model.settings.values()];
  }

  protected _itemProxy(setting: SettingModel): SettingProxy {
    return new SettingProxy(this._ctx, () => setting);
  }

  add(key: string, value: unknown): SettingProxy {
    let created: SettingModel | undefined;
    this._call("add", [key, value], (model) => {
      created = model.setSetting(key, value);
    });
    return new SettingProxy(this._ctx, () => {
      if (!created) throw itemNotFound("SettingCollection.add");
      return created;
    });
  }

  getItem(key: string): SettingProxy {
    return new SettingProxy(this._ctx, () => {
      const setting = this._require().settings.get(key);
      if (!setting) throw itemNotFound("SettingCollection.getItem");
      return setting;
    });
  }

  getItemOrNullObject(key: string): SettingProxy {
    return new SettingProxy(this._ctx, () => this._require().settings.get(key) ?? null)._trackNull(
      "SettingCollection.getItemOrNullObject",
    );
  }

  getCount(): ClientResult<number> {
    return this._callResult("getCount", [], (model) => model.settings.size);
  }
}

export class SettingProxy extends FakeClientObject<SettingModel> {
  protected readonly _entity = "Setting";
  protected readonly _scalars = ["key", "value"] as const;

  constructor(ctx: RequestContext, resolver: () => SettingModel | null) {
    super(ctx, resolver);
  }

  protected _get(setting: SettingModel, prop: string): unknown {
    return prop === "key" ? setting.key : decodeSetting(setting.json);
  }

  get key(): string {
    return this._read("key");
  }

  get value(): unknown {
    return this._read("value");
  }
  set value(value: unknown) {
    this._write("value", value, (setting) => this._ctx._env.model.setSetting(setting.key, value));
  }

  delete(): void {
    this._call("delete", [], (setting) => this._ctx._env.model.deleteSetting(setting));
  }
}
