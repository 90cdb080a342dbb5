// What src/core may use of the platform it runs on, declared by hand: core is type-checked on its own
// (src/core/tsconfig.json, part of `npm run lint`) with no DOM and no Node types, so `document`, `window`, `Office`,
// `Buffer` or `process` in core fail that check. What is declared here is the part of the WHATWG Fetch, DOM
// AbortController and HTML timer standards that browsers, Office's webviews and Node 18+ all provide, with the
// members core uses. The whole project's tsconfig excludes this file and takes the real DOM declarations.

type HeadersInit = Record<string, string> | Array<[string, string]>;
type BodyInit = string;

interface Headers {
  get(name: string): string | null;
}

interface Response {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

interface RequestInit {
  method?: string;
  headers?: HeadersInit;
  body?: BodyInit;
  signal?: AbortSignal;
}

interface AbortSignal {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

// Globals with a constructor are declared with `var`, as lib.dom.d.ts does.
/* eslint-disable no-var */
declare var AbortController: { prototype: AbortController; new (): AbortController };
declare var AbortSignal: { prototype: AbortSignal; any?(signals: AbortSignal[]): AbortSignal };
/* eslint-enable no-var */

declare function fetch(input: string, init?: RequestInit): Promise<Response>;
declare function setTimeout(handler: () => void, ms?: number): number;
declare function clearTimeout(id: number | undefined): void;
