// The proxy side of the batching model, as in office.js: every object is a path resolved when a sync runs; property
// writes and method calls queue actions; reads need load() then sync(); reading anything else throws
// PropertyNotLoaded. Objects returned by methods are usable at once because their path resolves at sync time.

import { ErrorCodes, invalidArgument, itemNotFound, Messages, officeError } from "./errors";
import type { RequestContext } from "./request-context";

/** What a load action hands back when the sync succeeds: its response size and how to apply it. */
export interface Commit {
  size: number;
  apply(): void;
}

export interface Action {
  /** "Range.values", "Worksheet.getRange" …: where an error is reported (debugInfo.errorLocation). */
  location: string;
  /** What travels in the request (its JSON size counts toward the payload limit). */
  payload?: unknown;
  run(): Commit | void;
}

export type Resolver<M> = () => M | null;

export interface LoadRequest {
  all: boolean;
  props: string[];
  nav: Map<string, LoadSpec[]>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- load() takes office.js's loose option objects
export type LoadSpec = string | string[] | Record<string, any> | undefined;

function addPath(request: LoadRequest, path: string): void {
  const trimmed = path.trim();
  if (trimmed === "") return;
  const slash = trimmed.indexOf("/");
  if (slash < 0) {
    if (trimmed === "*" || trimmed === "$all") request.all = true;
    else request.props.push(trimmed);
    return;
  }
  const head = trimmed.slice(0, slash);
  const list = request.nav.get(head) ?? [];
  list.push(trimmed.slice(slash + 1));
  request.nav.set(head, list);
}

/** Reads load()'s string, array and object forms ({ select, expand } or { property: true, navigation: {...} }). */
export function parseLoadSpec(spec: LoadSpec): LoadRequest {
  const request: LoadRequest = { all: false, props: [], nav: new Map() };
  if (spec === undefined || spec === null) {
    request.all = true;
    return request;
  }
  const paths = (value: unknown) => (Array.isArray(value) ? value : String(value).split(",")).map(String);
  if (typeof spec === "string" || Array.isArray(spec)) {
    for (const path of paths(spec)) addPath(request, path);
    if (request.props.length === 0 && request.nav.size === 0) request.all = true;
    return request;
  }
  if ("select" in spec || "expand" in spec) {
    if (spec.select !== undefined) for (const path of paths(spec.select)) addPath(request, path);
    else request.all = true;
    if (spec.expand !== undefined) {
      for (const path of paths(spec.expand)) {
        const [head, ...rest] = path.trim().split("/");
        const list = request.nav.get(head) ?? [];
        list.push(rest.length ? rest.join("/") : undefined);
        request.nav.set(head, list);
      }
    }
    return request;
  }
  for (const [key, value] of Object.entries(spec)) {
    if (key.startsWith("$")) continue;
    if (value === true) request.props.push(key);
    else if (value && typeof value === "object") {
      const list = request.nav.get(key) ?? [];
      list.push(value);
      request.nav.set(key, list);
    }
  }
  return request;
}

/** A value returned by a method (getCount(), getXml() …), readable after the sync. */
export class ClientResult<T> {
  private _value?: T;
  private _ready = false;

  get value(): T {
    if (!this._ready) throw officeError(ErrorCodes.valueNotLoaded, Messages.valueNotLoaded);
    return this._value as T;
  }

  /** @internal */
  _settle(value: T): void {
    this._value = value;
    this._ready = true;
  }
}

function isGone(model: unknown): boolean {
  if (!model || typeof model !== "object") return false;
  const m = model as { deleted?: boolean; sheet?: { deleted?: boolean } };
  return m.deleted === true || m.sheet?.deleted === true;
}

export abstract class FakeClientObject<M = unknown> {
  /** @internal */ readonly _ctx: RequestContext;
  /** @internal */ _loaded: Record<string, unknown> = {};
  /** @internal */ _nullState?: boolean;
  private _resolver: Resolver<M>;
  private _bound = false;
  private _boundModel: M | null = null;
  private _children = new Map<string, object>();

  /** Entity name used in messages ("Range", "Worksheet" …). */
  protected abstract readonly _entity: string;
  /** Scalar properties load() with no argument reads. */
  protected abstract readonly _scalars: readonly string[];

  constructor(ctx: RequestContext, resolver: Resolver<M>) {
    this._ctx = ctx;
    this._resolver = resolver;
  }

  get context(): RequestContext {
    return this._ctx;
  }

  get isNullObject(): boolean {
    if (this._nullState === undefined)
      throw officeError(ErrorCodes.propertyNotLoaded, Messages.propertyNotLoaded("isNullObject"));
    return this._nullState;
  }

  /** @internal Resolves the object's path (once; later syncs reuse the same object, as Excel's references do). */
  _resolve(): M | null {
    if (this._bound) {
      if (this._boundModel !== null && isGone(this._boundModel)) throw itemNotFound(this._entity);
      return this._boundModel;
    }
    const model = this._resolver();
    this._boundModel = model;
    this._bound = true;
    return model;
  }

  /** @internal Resolves a path that may not be null (derived objects of a null object are null too). */
  _require(): M {
    const model = this._resolve();
    if (model === null) throw itemNotFound(this._entity);
    return model;
  }

  /** @internal A navigation child (cached so loads through it stay visible). */
  protected _child<C extends object>(name: string, make: () => C): C {
    let child = this._children.get(name) as C | undefined;
    if (!child) {
      child = make();
      this._children.set(name, child);
    }
    return child;
  }

  /** @internal Reads a loaded property, or throws PropertyNotLoaded like office.js. */
  protected _read<T>(prop: string): T {
    if (this._nullState === true) return undefined as T;
    if (!(prop in this._loaded)) {
      throw officeError(ErrorCodes.propertyNotLoaded, Messages.propertyNotLoaded(prop), `${this._entity}.${prop}`);
    }
    return this._loaded[prop] as T;
  }

  /** @internal Queues a property write; the local copy shows the new value at once, as in office.js. */
  protected _write(prop: string, value: unknown, apply: (model: M) => void): void {
    this._loaded[prop] = value;
    this._ctx._queue({
      location: `${this._entity}.${prop}`,
      payload: { [prop]: value },
      run: () => {
        const model = this._resolve();
        if (model !== null) apply(model);
      },
    });
  }

  /** @internal Queues a method call; a null object ignores it. */
  protected _call(method: string, args: unknown[], apply: (model: M) => void): void {
    this._ctx._queue({
      location: `${this._entity}.${method}`,
      payload: args,
      run: () => {
        const model = this._resolve();
        if (model !== null) apply(model);
      },
    });
  }

  /** @internal Queues a method whose answer comes back in a ClientResult. */
  protected _callResult<T>(method: string, args: unknown[], compute: (model: M) => T): ClientResult<T> {
    const result = new ClientResult<T>();
    this._ctx._queue({
      location: `${this._entity}.${method}`,
      payload: args,
      run: () => {
        const model = this._resolve();
        const value = model === null ? (null as T) : compute(model);
        return { size: JSON.stringify(value ?? null).length, apply: () => result._settle(value) };
      },
    });
    return result;
  }

  /** @internal Makes isNullObject readable after the next sync (for *OrNullObject results). */
  _trackNull(location: string): this {
    this._ctx._queue({
      location,
      run: () => {
        const model = this._resolve();
        return { size: 0, apply: () => (this._nullState = model === null) };
      },
    });
    return this;
  }

  /** @internal One property's value for a snapshot; subclasses answer for their own properties. */
  protected abstract _get(model: M, prop: string): unknown;

  /** @internal Navigation properties that load("nav/prop") may follow. */
  _navigate(name: string): FakeClientObject | undefined {
    if (name.startsWith("_") || name === "context") return undefined;
    const value = (this as unknown as Record<string, unknown>)[name];
    return value instanceof FakeClientObject ? value : undefined;
  }

  /** @internal Computes the requested properties now (inside a sync). */
  _snapshot(model: M, request: LoadRequest): Record<string, unknown> {
    const props = request.all ? [...this._scalars, ...request.props] : request.props;
    const snapshot: Record<string, unknown> = {};
    for (const prop of props) {
      if (!this._scalars.includes(prop)) {
        throw invalidArgument(`${this._entity}.load`, `The property '${prop}' does not exist on ${this._entity}.`);
      }
      snapshot[prop] = this._get(model, prop);
    }
    return snapshot;
  }

  /** @internal Runs a load now (inside a sync) and returns what to apply if the sync succeeds. */
  _loadNow(spec: LoadSpec): Commit[] {
    const request = parseLoadSpec(spec);
    const commits: Commit[] = [];
    for (const [name, specs] of request.nav) {
      const child = this._navigate(name);
      if (!child)
        throw invalidArgument(`${this._entity}.load`, `The property '${name}' does not exist on ${this._entity}.`);
      for (const childSpec of specs) commits.push(...child._loadNow(childSpec as LoadSpec));
    }
    if (!request.all && request.props.length === 0) return commits;
    const model = this._resolve();
    const snapshot = model === null ? {} : this._snapshot(model, request);
    commits.push({
      size: JSON.stringify(snapshot).length,
      apply: () => {
        this._nullState = model === null;
        Object.assign(this._loaded, snapshot);
      },
    });
    return commits;
  }

  load(spec?: LoadSpec): this {
    this._ctx._queue({
      location: `${this._entity}.load`,
      run: () => {
        const commits = this._loadNow(spec);
        return { size: commits.reduce((n, c) => n + c.size, 0), apply: () => commits.forEach((c) => c.apply()) };
      },
    });
    return this;
  }

  /** office.js objects serialise their loaded properties. */
  toJSON(): Record<string, unknown> {
    return { ...this._loaded };
  }
}

/** A collection: `items` after load; load("name") or load("items/name") loads the items' properties. */
export abstract class FakeCollection<M, I, P extends FakeClientObject<I>> extends FakeClientObject<M> {
  /** @internal */ _items?: P[];
  protected readonly _scalars: readonly string[] = [];

  /** The items' models, in order. */
  protected abstract _list(model: M): I[];
  /** A proxy already bound to one item. */
  protected abstract _itemProxy(item: I): P;

  protected _get(_model: M, prop: string): unknown {
    throw invalidArgument(`${this._entity}.load`, `The property '${prop}' does not exist on ${this._entity}.`);
  }

  get items(): P[] {
    if (this._nullState === true) return [];
    if (!this._items)
      throw officeError(ErrorCodes.propertyNotLoaded, Messages.propertyNotLoaded("items"), `${this._entity}.items`);
    return this._items;
  }

  override _loadNow(spec: LoadSpec): Commit[] {
    const request = parseLoadSpec(spec);
    const ownProps = request.props.filter((p) => this._scalars.includes(p));
    const itemRequest: LoadRequest = {
      all: request.all || request.props.includes("items"),
      props: request.props.filter((p) => p !== "items" && !this._scalars.includes(p)),
      nav: new Map(),
    };
    const itemNav = new Map<string, LoadSpec[]>();
    for (const [name, specs] of request.nav) {
      if (name !== "items") {
        itemNav.set(name, [...(itemNav.get(name) ?? []), ...(specs as LoadSpec[])]);
        continue;
      }
      for (const s of specs) {
        const nested = parseLoadSpec(s as LoadSpec);
        if (nested.all) itemRequest.all = true;
        itemRequest.props.push(...nested.props);
        for (const [n, list] of nested.nav) itemNav.set(n, [...(itemNav.get(n) ?? []), ...(list as LoadSpec[])]);
      }
    }
    const model = this._resolve();
    if (model === null) return [{ size: 0, apply: () => (this._nullState = true) }];
    const ownSnapshot = ownProps.length ? this._snapshot(model, { all: false, props: ownProps, nav: new Map() }) : {};
    const onlyOwn = ownProps.length > 0 && !itemRequest.all && itemRequest.props.length === 0 && itemNav.size === 0;
    if (!onlyOwn && itemRequest.props.length === 0) itemRequest.all = true;
    const proxies = onlyOwn ? undefined : this._list(model).map((item) => this._itemProxy(item));
    const snapshots = proxies?.map((proxy) => proxy._snapshot(proxy._require(), itemRequest)) ?? [];
    const nested: Commit[] = [];
    for (const proxy of proxies ?? []) {
      for (const [name, specs] of itemNav) {
        const child = proxy._navigate(name);
        if (!child) throw invalidArgument(`${this._entity}.load`, `The property '${name}' does not exist.`);
        for (const s of specs) nested.push(...child._loadNow(s));
      }
    }
    const size = JSON.stringify(snapshots).length + JSON.stringify(ownSnapshot).length;
    return [
      {
        size: size + nested.reduce((n, c) => n + c.size, 0),
        apply: () => {
          this._nullState = false;
          Object.assign(this._loaded, ownSnapshot);
          proxies?.forEach((proxy, i) => {
            proxy._nullState = false;
            Object.assign(proxy._loaded, snapshots[i]);
          });
          for (const commit of nested) commit.apply();
          if (proxies) this._items = proxies;
        },
      },
    ];
  }
}
