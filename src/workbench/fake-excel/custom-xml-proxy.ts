// Excel.CustomXmlPartCollection, CustomXmlPartScopedCollection (getByNamespace) and CustomXmlPart.

import { FakeClientObject, FakeCollection, type ClientResult } from "./client-object";
import { invalidArgument, itemNotFound } from "./errors";
import type { RequestContext } from "./request-context";
import type { WorkbookModel, XmlPartModel } from "./workbook-model";

const byId = (model: WorkbookModel, id: string) => model.xmlParts.find((p) => p.id === id);

export class CustomXmlPartCollectionProxy extends FakeCollection<WorkbookModel, XmlPartModel, CustomXmlPartProxy> {
  protected readonly _entity = "CustomXmlPartCollection";

  constructor(ctx: RequestContext) {
    super(ctx, () => ctx._env.model);
  }

  protected _list(model: WorkbookModel): XmlPartModel[] {
    return [...model.xmlParts];
  }

  protected _itemProxy(part: XmlPartModel): CustomXmlPartProxy {
    return new CustomXmlPartProxy(this._ctx, () => part);
  }

  add(xml: string): CustomXmlPartProxy {
    let created: XmlPartModel | undefined;
    this._call("add", [xml], (model) => {
      created = model.addXmlPart(xml);
    });
    return new CustomXmlPartProxy(this._ctx, () => {
      if (!created) throw itemNotFound("CustomXmlPartCollection.add");
      return created;
    });
  }

  getItem(id: string): CustomXmlPartProxy {
    return new CustomXmlPartProxy(this._ctx, () => {
      const part = byId(this._require(), id);
      if (!part) throw itemNotFound("CustomXmlPartCollection.getItem");
      return part;
    });
  }

  getItemOrNullObject(id: string): CustomXmlPartProxy {
    return new CustomXmlPartProxy(this._ctx, () => byId(this._require(), id) ?? null)._trackNull(
      "CustomXmlPartCollection.getItemOrNullObject",
    );
  }

  getByNamespace(namespaceUri: string): CustomXmlPartScopedCollectionProxy {
    return new CustomXmlPartScopedCollectionProxy(this._ctx, namespaceUri);
  }

  getCount(): ClientResult<number> {
    return this._callResult("getCount", [], (model) => model.xmlParts.length);
  }
}

interface NamespaceScope {
  model: WorkbookModel;
  namespaceUri: string;
}

const partsIn = (scope: NamespaceScope) => scope.model.xmlParts.filter((p) => p.namespaceUri === scope.namespaceUri);

export class CustomXmlPartScopedCollectionProxy extends FakeCollection<
  NamespaceScope,
  XmlPartModel,
  CustomXmlPartProxy
> {
  protected readonly _entity = "CustomXmlPartScopedCollection";

  constructor(ctx: RequestContext, namespaceUri: string) {
    super(ctx, () => ({ model: ctx._env.model, namespaceUri }));
  }

  protected _list(scope: NamespaceScope): XmlPartModel[] {
    return partsIn(scope);
  }

  protected _itemProxy(part: XmlPartModel): CustomXmlPartProxy {
    return new CustomXmlPartProxy(this._ctx, () => part);
  }

  getCount(): ClientResult<number> {
    return this._callResult("getCount", [], (scope) => partsIn(scope).length);
  }

  getItem(id: string): CustomXmlPartProxy {
    return new CustomXmlPartProxy(this._ctx, () => {
      const part = partsIn(this._require()).find((p) => p.id === id);
      if (!part) throw itemNotFound("CustomXmlPartScopedCollection.getItem");
      return part;
    });
  }

  getItemOrNullObject(id: string): CustomXmlPartProxy {
    return new CustomXmlPartProxy(
      this._ctx,
      () => partsIn(this._require()).find((p) => p.id === id) ?? null,
    )._trackNull("CustomXmlPartScopedCollection.getItemOrNullObject");
  }

  /** The single part in the namespace; InvalidArgument when there are several, ItemNotFound when none. */
  getOnlyItem(): CustomXmlPartProxy {
    return new CustomXmlPartProxy(this._ctx, () => {
      const parts = partsIn(this._require());
      if (parts.length > 1) throw invalidArgument("CustomXmlPartScopedCollection.getOnlyItem");
      if (parts.length === 0) throw itemNotFound("CustomXmlPartScopedCollection.getOnlyItem");
      return parts[0];
    });
  }

  getOnlyItemOrNullObject(): CustomXmlPartProxy {
    return new CustomXmlPartProxy(this._ctx, () => {
      const parts = partsIn(this._require());
      if (parts.length > 1) throw invalidArgument("CustomXmlPartScopedCollection.getOnlyItemOrNullObject");
      return parts[0] ?? null;
    })._trackNull("CustomXmlPartScopedCollection.getOnlyItemOrNullObject");
  }
}

export class CustomXmlPartProxy extends FakeClientObject<XmlPartModel> {
  protected readonly _entity = "CustomXmlPart";
  protected readonly _scalars = ["id", "namespaceUri"] as const;

  constructor(ctx: RequestContext, resolver: () => XmlPartModel | null) {
    super(ctx, resolver);
  }

  protected _get(part: XmlPartModel, prop: string): unknown {
    return prop === "id" ? part.id : part.namespaceUri;
  }

  get id(): string {
    return this._read("id");
  }
  get namespaceUri(): string {
    return this._read("namespaceUri");
  }

  getXml(): ClientResult<string> {
    return this._callResult("getXml", [], (part) => part.xml);
  }

  setXml(xml: string): void {
    this._call("setXml", [xml], (part) => this._ctx._env.model.setXml(part, xml));
  }

  delete(): void {
    this._call("delete", [], (part) => this._ctx._env.model.deleteXmlPart(part));
  }
}
