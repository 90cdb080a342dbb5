// DataApiClient: the only code that calls the relay's data routes. Queries are validated before any request, read
// in pages when large, shared when identical requests are in flight, and kept in a cache until clearCache() (the
// Refresh button), so recalculation and structural edits in Excel cost no API calls. The cache is bounded by the size
// of what it holds (the answers' JSON text, CACHE_BYTES by default), not by a count: a sheet of 8,000 PRICE cells
// over 400 sites is 400 small answers and must stay cached as surely as one big QUERY.
import type { TokenProvider } from "../auth";
import { formatQuery, parseQuery, QuerySyntaxError, type Query } from "../query";
import { encodeQueryForUrl } from "../query";
import { defaultSleep, raceAbort, throwIfAborted } from "./abort";
import { CancelledError, DataApiError } from "./errors";
import { Listeners, LruCache } from "../util";
import { DEFAULT_PAGE_SIZE, planPages, streamPages } from "./paging";
import { RequestSender, type OutgoingRequest, type RequestEvent, type Sleep } from "./request-sender";
import { Semaphore } from "./semaphore";

export interface DataApiClientOptions {
  relayUrl: string;
  tokens: TokenProvider;
  /** The environment currently connected (the TokenProvider's), or undefined when none. */
  environment: () => string | undefined;
  fetch?: typeof fetch;
  now?: () => number;
  sleep?: Sleep;
  /** Documents per page when reading more than one page. Default 5000. */
  pageSize?: number;
  /** Most HTTP requests in flight at once, across all queries of this client. Default 4. */
  concurrency?: number;
  /** Retries of a transient failure (429, 500, 502, 503, 504, network). Default 4. */
  retries?: number;
  /** Client-side limit per HTTP request; under Excel's ~60 s limit for a custom function. Default 45000. */
  timeoutMs?: number;
  /**
   * Most characters of answer JSON the cache keeps until clearCache() (least recently used dropped first). Default
   * CACHE_BYTES (256 MiB of JSON; parsed documents take about 1.6× that in memory, per the functions bench).
   */
  cacheBytes?: number;
  /** Most query results the cache keeps, on top of cacheBytes. Default: no bound on the count. */
  cacheEntries?: number;
  onRequest?: (info: RequestEvent) => void;
}

export interface QueryOptions {
  signal?: AbortSignal;
  onProgress?: (progress: { rows: number; pages: number }) => void;
  /** false: neither read nor fill the cache (identical requests in flight are still shared). Default true. */
  cache?: boolean;
}

export interface QueryResult {
  /** The documents in the order Kalibrate returned them. Frozen and shared with the cache: copy before changing. */
  documents: unknown[];
  collection: string;
  /** The query in canonical text (what the caller asked, before paging was added). */
  query: string;
  environment: string;
  /** When the data was fetched from Kalibrate (ISO); a cached result keeps its original time. */
  retrievedAt: string;
  durationMs: number;
  /** HTTP requests this call made (0 from the cache). */
  requests: number;
  correlationId?: string;
  fromCache: boolean;
}

/** What queryPages tells once every page is consumed: a QueryResult without the documents (the caller has them). */
export type PagedQueryResult = Omit<QueryResult, "documents" | "fromCache"> & {
  /** Documents handed to onPage. */
  rows: number;
};

/** Reads a query's pages, handing each to `onPage` in order (see queryPages); what the read cost. */
export type PageRead = (
  onPage: (documents: readonly unknown[]) => void,
  signal: AbortSignal,
) => Promise<PagedQueryResult>;

/** What queryInto makes of a query's pages instead of keeping its documents. */
export interface PagesInto<T> {
  /** Names what `build` makes (e.g. the columns of a table): the same query built another way is cached apart. */
  key: string;
  /** Reads the pages once through `read` (stopping when `signal` fires) and returns what is cached and shared. */
  build: (read: PageRead, signal: AbortSignal) => Promise<T>;
}

export type QueryIntoResult<T> = PagedQueryResult & {
  /** What build made. Shared with the cache and other callers: do not change it. */
  value: T;
  fromCache: boolean;
};

export interface PageOptions {
  signal?: AbortSignal;
  onProgress?: (progress: { rows: number; pages: number }) => void;
}

export interface Environment {
  id: string;
  label: string;
  production: boolean;
  /** Organisation sign-in: the relay holds the Kalibrate credentials; the pane signs the analyst in (issue 12). */
  managed?: boolean;
  signIn?: SignInSettings;
}

/** How the pane signs in to a managed environment, as the relay publishes it (no credential). */
export interface SignInSettings {
  issuer: string;
  audience: string | string[];
  clientId: string;
  scopes: string[];
  requiredRole: string;
}

interface Operation {
  promise: Promise<Cached<unknown>>;
  controller: AbortController;
  waiters: number;
  listeners: Listeners<[progress: { rows: number; pages: number }]>;
  /** Whether any caller sharing the operation wants the result cached. */
  store: boolean;
  settled: boolean;
}

/** The cache's default budget: 256 MiB of answer JSON (characters), everything fetched since the last Refresh. */
export const CACHE_BYTES = 256 * 1024 * 1024;

/** A query checked and in canonical text, for the environment connected when it was asked. */
interface QueryPlan {
  environment: string;
  collection: string;
  parsed: Query;
  canonical: string;
}

/** A query's documents (query) or what a caller built of its pages (queryInto). */
interface Cached<R = QueryResult> {
  result: R;
  /** Characters of JSON the answers had: the cache's weight (for a built value, an upper bound of its size). */
  bytes: number;
}

// Collections as the relay forwards them: a name, or reference/<type> (src/relay/data-paths.ts).
const COLLECTION = /^[A-Za-z]{1,64}(\/[A-Za-z]{1,64})?$/;
const IMPORT_KIND = /^[A-Za-z]{1,64}$/;

export class DataApiClient {
  readonly #relayUrl: string;
  readonly #environment: () => string | undefined;
  readonly #now: () => number;
  readonly #pageSize: number;
  readonly #concurrency: number;
  readonly #sender: RequestSender;
  readonly #cache: LruCache<string, Cached<unknown>>;
  readonly #inFlight = new Map<string, Operation>();

  constructor(options: DataApiClientOptions) {
    this.#relayUrl = options.relayUrl.replace(/\/+$/, "");
    this.#environment = options.environment;
    this.#now = options.now ?? Date.now;
    this.#pageSize = positive(options.pageSize, DEFAULT_PAGE_SIZE);
    this.#concurrency = positive(options.concurrency, 4);
    this.#cache = new LruCache<string, Cached<unknown>>({
      maxWeight: options.cacheBytes ?? CACHE_BYTES,
      maxEntries: options.cacheEntries,
      weigh: (entry) => entry.bytes,
    });
    this.#sender = new RequestSender({
      relayUrl: this.#relayUrl,
      tokens: options.tokens,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      now: this.#now,
      sleep: options.sleep ?? defaultSleep,
      retries: Math.max(0, Math.floor(options.retries ?? 4)),
      timeoutMs: positive(options.timeoutMs, 45_000),
      permits: new Semaphore(this.#concurrency),
      onRequest: options.onRequest,
    });
  }

  /** Runs a query on `collection` (e.g. `Price`, `reference/brand`), reading every page it asks for. */
  async query(collection: string, query: string | Query, options: QueryOptions = {}): Promise<QueryResult> {
    return this.#cachedOrShared(collection, query, [], options, (plan, signal, progress) =>
      this.#run(plan, signal, progress),
    );
  }

  /**
   * query(), but the pages go through `into.build` as they arrive (a table converted page by page, say) and what it
   * builds is what is cached, under the query and `into.key`, instead of the documents: recalculation costs no
   * request, and the documents are never held all at once. In-flight sharing and the cache's byte budget work as
   * for query() (a built value weighs what its answers' JSON weighed).
   */
  async queryInto<T>(
    collection: string,
    query: string | Query,
    into: PagesInto<T>,
    options: QueryOptions = {},
  ): Promise<QueryIntoResult<T>> {
    return this.#cachedOrShared(collection, query, ["into", into.key], options, (plan, signal, progress) =>
      this.#runInto(plan, into, signal, progress),
    );
  }

  /**
   * Runs a query as query() does, but hands each page's documents to `onPage` in page order as it arrives and keeps
   * none of them, so a caller that converts each page (a report's rows) holds one copy instead of the documents and
   * then the rows. Never cached and never shared with other calls in flight (there are no documents kept to give
   * them); cancelling `signal` stops the requests. If `onPage` throws, the read stops and rejects with its error.
   */
  async queryPages(
    collection: string,
    query: string | Query,
    onPage: (documents: readonly unknown[]) => void,
    options: PageOptions = {},
  ): Promise<PagedQueryResult> {
    const plan = this.#plan(collection, query, options.signal);
    const signal = options.signal ?? new AbortController().signal;
    let rows = 0;
    const read = await this.#read(plan, signal, options.onProgress ?? (() => undefined), (documents) => {
      rows += documents.length;
      onPage(documents);
    });
    return { ...read, rows };
  }

  /** Forgets every cached result; queries in flight finish for their callers but are not cached. */
  clearCache(): void {
    this.#cache.clear();
    this.#inFlight.clear();
  }

  /**
   * Sends records to POST …/import/{kind}; Kalibrate processes them later under the returned operation id. With an
   * `idempotencyKey` the call carries an Idempotency-Key header, so resending a batch whose answer was lost is safe
   * where the API honours it (the sandbox does).
   */
  async importRecords(
    kind: string,
    records: readonly unknown[],
    options: { idempotencyKey?: string } = {},
  ): Promise<{ operationId: string }> {
    const environment = this.#requireEnvironment();
    if (!IMPORT_KIND.test(kind)) {
      throw new DataApiError(
        "bad-request",
        `"${kind}" is not an import kind. Use one of competitorPrice, ownPrice, salesVolume or costBreakdown.`,
      );
    }
    if (!Array.isArray(records) || records.length === 0) {
      throw new DataApiError("bad-request", "There is nothing to import: select at least one record.");
    }
    const answer = await this.#sender.send(
      {
        method: "POST",
        url: `${this.#relayUrl}/api/data/${encodeURIComponent(environment)}/import/${kind}`,
        body: records,
        authenticated: true,
        retry: "at-most-once",
        what: `the ${kind} import`,
        ...(options.idempotencyKey ? { headers: { "idempotency-key": options.idempotencyKey } } : {}),
      },
      undefined,
      () => undefined,
    );
    const operationId = (answer.body as { operationId?: unknown } | undefined)?.operationId;
    if (typeof operationId !== "string" || operationId === "") {
      throw new DataApiError(
        "server",
        "Kalibrate accepted the import but sent no operation id. Check Import Status in Kalibrate before sending it again.",
        { status: answer.status, correlationId: answer.correlationId },
      );
    }
    return { operationId };
  }

  /** GET …/import/operations/{id}: an import's status, with its accepted and rejected records. Never cached. */
  async importOperation(operationId: string, options: { signal?: AbortSignal } = {}): Promise<unknown> {
    const environment = this.#requireEnvironment();
    if (!/^[A-Za-z0-9-]{1,64}$/.test(operationId)) {
      throw new DataApiError("bad-request", `"${operationId}" is not an import operation id.`);
    }
    const answer = await this.#sender.send(
      {
        method: "GET",
        url: `${this.#relayUrl}/api/data/${encodeURIComponent(environment)}/import/operations/${operationId}`,
        authenticated: true,
        retry: "idempotent",
        what: "the import status",
      },
      options.signal,
      () => undefined,
    );
    return answer.body;
  }

  /** The environments the relay offers (no sign-in needed). */
  async environments(options: { signal?: AbortSignal } = {}): Promise<Environment[]> {
    const notARelay = (status?: number) =>
      new DataApiError(
        "server",
        `The relay at ${this.#relayUrl} did not send a list of environments. Ask IT to check that this address is the Kalibrate relay.`,
        { status },
      );
    let answer: Awaited<ReturnType<RequestSender["send"]>>;
    try {
      answer = await this.#sender.send(
        {
          method: "GET",
          url: `${this.#relayUrl}/api/environments`,
          authenticated: false,
          retry: "idempotent",
          what: "the list of environments",
        },
        options.signal,
        () => undefined,
      );
    } catch (error) {
      // A server without the relay's routes answers 404: the address is wrong, not a collection name.
      if (error instanceof DataApiError && error.kind === "not-found") throw notARelay(error.status);
      throw error;
    }
    if (!Array.isArray(answer.body) || !answer.body.every(isEnvironment)) throw notARelay(answer.status);
    return answer.body.map(({ id, label, production, managed, signIn }) =>
      managed === true && signIn ? { id, label, production, managed, signIn } : { id, label, production },
    );
  }

  #requireEnvironment(): string {
    const environment = this.#environment();
    if (!environment) {
      throw new DataApiError(
        "not-connected",
        "You are not connected to Kalibrate. Open the Kalibrate pane and connect first.",
      );
    }
    return environment;
  }

  /** Checks the call before any request is made, and what reading it needs. */
  #plan(collection: string, query: string | Query, signal: AbortSignal | undefined): QueryPlan {
    throwIfAborted(signal);
    const environment = this.#requireEnvironment();
    checkCollection(collection);
    const parsed = validQuery(query);
    return { environment, collection, parsed, canonical: formatQuery(parsed) };
  }

  /**
   * query() and queryInto() alike: the result cached under the query (and `keyParts`, what is made of its pages),
   * else the identical call's in flight, else `run`'s, started now. Not async, so a cached answer settles the
   * caller's promise with no promise of this method's in between.
   */
  #cachedOrShared<R extends { durationMs: number; requests: number; fromCache: boolean }>(
    collection: string,
    query: string | Query,
    keyParts: readonly string[],
    options: QueryOptions,
    run: (
      plan: QueryPlan,
      signal: AbortSignal,
      progress: (p: { rows: number; pages: number }) => void,
    ) => Promise<Cached<R>>,
  ): R | Promise<R> {
    const started = this.#now();
    const plan = this.#plan(collection, query, options.signal);
    const key = JSON.stringify([plan.environment, collection.toLowerCase(), plan.canonical, ...keyParts]);

    const cached = options.cache !== false ? (this.#cache.get(key)?.result as R | undefined) : undefined;
    if (cached) return { ...cached, fromCache: true, requests: 0, durationMs: this.#now() - started };

    const operation = this.#inFlight.get(key) ?? this.#start(key, (signal, progress) => run(plan, signal, progress));
    return this.#wait(key, operation, options) as Promise<R>;
  }

  #start(
    key: string,
    run: (signal: AbortSignal, progress: (p: { rows: number; pages: number }) => void) => Promise<Cached<unknown>>,
  ): Operation {
    const listeners: Operation["listeners"] = new Listeners();
    const progress = (p: { rows: number; pages: number }) => listeners.emit(p);
    const controller = new AbortController();
    const finish = () => {
      operation.settled = true;
      if (this.#inFlight.get(key) !== operation) return false; // cancelled by all, or Refresh came since
      this.#inFlight.delete(key);
      return true;
    };
    const operation: Operation = {
      controller,
      waiters: 0,
      listeners,
      store: false,
      settled: false,
      promise: run(controller.signal, progress).then(
        (fetched) => {
          // Only cache what was asked for after the last clearCache().
          if (finish() && operation.store) this.#cache.set(key, fetched);
          return fetched;
        },
        (error: unknown) => {
          finish();
          throw error;
        },
      ),
    };
    // Callers may all have gone (cancelled); the rejection must not surface as unhandled.
    operation.promise.catch(() => undefined);
    this.#inFlight.set(key, operation);
    return operation;
  }

  async #wait(key: string, operation: Operation, options: QueryOptions): Promise<unknown> {
    operation.waiters += 1;
    if (options.cache !== false) operation.store = true;
    const stopListening = options.onProgress ? operation.listeners.add(options.onProgress) : undefined;
    try {
      return { ...((await raceAbort(operation.promise, options.signal)).result as object) };
    } finally {
      operation.waiters -= 1;
      stopListening?.();
      if (operation.waiters === 0 && !operation.settled) {
        // Every caller gave up: stop the requests, and let a new caller start afresh.
        if (this.#inFlight.get(key) === operation) this.#inFlight.delete(key);
        operation.controller.abort();
      }
    }
  }

  async #run(
    plan: QueryPlan,
    signal: AbortSignal,
    onProgress: (p: { rows: number; pages: number }) => void,
  ): Promise<Cached> {
    // One array each page is appended to as it arrives: the pages are never held twice.
    const documents: unknown[] = [];
    const { bytes, ...read } = await this.#read(plan, signal, onProgress, (page) => {
      for (const document of page) documents.push(document);
    });
    Object.freeze(documents);
    return { result: { ...read, documents, fromCache: false }, bytes };
  }

  async #runInto<T>(
    plan: QueryPlan,
    into: PagesInto<T>,
    signal: AbortSignal,
    onProgress: (p: { rows: number; pages: number }) => void,
  ): Promise<Cached<QueryIntoResult<T>>> {
    let read: (PagedQueryResult & { bytes: number }) | undefined;
    const value = await into.build(async (onPage, readSignal) => {
      let rows = 0;
      const { bytes, ...cost } = await this.#read(plan, readSignal, onProgress, (documents) => {
        rows += documents.length;
        onPage(documents);
      });
      read = { ...cost, rows, bytes };
      return { ...cost, rows };
    }, signal);
    if (signal.aborted) throw new CancelledError();
    if (!read) throw new Error("queryInto: build returned without reading the pages.");
    const { bytes, ...result } = read as PagedQueryResult & { bytes: number };
    return { result: { ...result, value, fromCache: false }, bytes };
  }

  /** Reads every page of the plan, handing each to `consume` in page order; what the read cost and when. */
  async #read(
    plan: QueryPlan,
    signal: AbortSignal,
    onProgress: (p: { rows: number; pages: number }) => void,
    consume: (documents: unknown[]) => void,
  ): Promise<Omit<QueryResult, "documents" | "fromCache"> & { bytes: number }> {
    const started = this.#now();
    let requests = 0;
    let bytes = 0;
    let correlationId: string | undefined;
    const count = () => {
      requests += 1;
    };
    const fetchOne = async (query: Query, pageSignal: AbortSignal): Promise<unknown[]> => {
      const answer = await this.#sender.send(this.#queryRequest(plan, query), pageSignal, count);
      correlationId ??= answer.correlationId;
      bytes += answer.bytes;
      if (!Array.isArray(answer.body)) {
        throw new DataApiError(
          "server",
          `Kalibrate answered the query on ${plan.collection} with something that is not a list of documents. Try again; if it keeps happening, tell Kalibrate the correlation id.`,
          { status: answer.status, correlationId: answer.correlationId },
        );
      }
      return answer.body;
    };

    const pages = planPages(plan.parsed, this.#pageSize);
    if (pages) {
      await streamPages(
        pages,
        {
          fetchPage: (page, pageSignal) => fetchOne(page.query, pageSignal),
          concurrency: this.#concurrency,
          signal,
          onPage: onProgress,
        },
        consume,
      );
    } else {
      const documents = await fetchOne(plan.parsed, signal);
      if (signal.aborted) throw new CancelledError();
      consume(documents);
      onProgress({ rows: documents.length, pages: 1 });
    }
    if (signal.aborted) throw new CancelledError();
    const finished = this.#now();
    return {
      collection: plan.collection,
      query: plan.canonical,
      environment: plan.environment,
      retrievedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
      requests,
      correlationId,
      bytes,
    };
  }

  #queryRequest(plan: { environment: string; collection: string }, query: Query): OutgoingRequest {
    const text = formatQuery(query);
    return {
      method: "GET",
      url: `${this.#relayUrl}/api/data/${encodeURIComponent(plan.environment)}/${plan.collection}?query=${encodeQueryForUrl(text)}`,
      authenticated: true,
      retry: "idempotent",
      what: `the query on ${plan.collection}`,
    };
  }
}

function validQuery(query: string | Query): Query {
  try {
    // Parsing the canonical text checks a Query object as strictly as typed text.
    return parseQuery(typeof query === "string" ? query : formatQuery(query));
  } catch (error) {
    if (error instanceof QuerySyntaxError) {
      throw new DataApiError("bad-request", `The query is not valid: ${error.message}`);
    }
    throw error;
  }
}

function checkCollection(collection: string): void {
  if (typeof collection !== "string" || !COLLECTION.test(collection)) {
    throw new DataApiError(
      "bad-request",
      `"${String(collection)}" is not a collection name. Use one such as Price, Product, Site, Volume or reference/brand.`,
    );
  }
}

function isEnvironment(value: unknown): value is Environment {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.id === "string" && typeof record.label === "string" && typeof record.production === "boolean";
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}
