// Reading more than one page. The Data API has no total count and no continuation token (kalibrate-data-api §4.3),
// only limit and offset, so a large read is a series of `(limit=pageSize)+(offset=k·pageSize)` requests that ends at
// the first page shorter than asked for.
import type { Query } from "../query";
import { onAbort, throwIfAborted } from "./abort";

/**
 * Offset paging is only correct when every request sees the documents in the same order. An open query is
 * "unordered" (the store may return documents in any order, and a different order per request would skip or repeat
 * documents between pages), so when the caller gave no orderBy the pages are ordered by entityId, which is unique.
 * A caller's own orderBy is kept; if it has ties, their order across pages is Kalibrate's to keep stable.
 */
export const STABLE_ORDER_PROPERTY = "entityId";

/** Documents per page of a read larger than one page. */
export const DEFAULT_PAGE_SIZE = 5000;

export interface PageRequest {
  index: number;
  query: Query;
  /** How many documents this page asks for: fewer back means it is the last. */
  limit: number;
}

/**
 * The pages for `query`, or undefined when one plain request does (no limit: the API's first 1000; a limit up to
 * pageSize). `limit=0` means all documents; the caller's offset is where page 0 starts.
 */
export function planPages(query: Query, pageSize: number): ((index: number) => PageRequest | undefined) | undefined {
  const limit = query.limit;
  if (limit === undefined || (limit > 0 && limit <= pageSize)) return undefined;
  const start = query.offset ?? 0;
  const orderBy = query.orderBy ?? STABLE_ORDER_PROPERTY;
  return (index) => {
    const skipped = index * pageSize;
    const wanted = limit === 0 ? pageSize : Math.min(pageSize, limit - skipped);
    if (wanted <= 0) return undefined;
    return { index, limit: wanted, query: { ...query, orderBy, limit: wanted, offset: start + skipped } };
  };
}

export interface PagingRun {
  fetchPage: (page: PageRequest, signal: AbortSignal) => Promise<unknown[]>;
  concurrency: number;
  signal: AbortSignal | undefined;
  onPage?: (progress: { rows: number; pages: number }) => void;
}

/**
 * Fetches page 0 alone (most reads are one page), then keeps up to `concurrency` pages in flight. When a page comes
 * back short, no later page is started and those already in flight are aborted. Returns the documents in page order,
 * in one array that each page is appended to as soon as the pages before it are in, so the pages are never held twice.
 */
export async function fetchPages(page: (index: number) => PageRequest | undefined, run: PagingRun): Promise<unknown[]> {
  const documents: unknown[] = [];
  await streamPages(page, run, (answer) => {
    for (const document of answer) documents.push(document);
  });
  return documents;
}

/**
 * The same reading as fetchPages, but each page is handed to `consume` in page order as soon as the pages before it
 * are in (a page that arrives early waits in `early`) and is not kept here: a caller that turns a page into rows and
 * drops it holds one page of documents at a time. `consume` runs synchronously; if it throws, the read stops (pages in
 * flight are aborted) and the promise rejects with that error. Resolves when the last page has been consumed.
 */
export async function streamPages(
  page: (index: number) => PageRequest | undefined,
  run: PagingRun,
  consume: (documents: unknown[], page: PageRequest) => void,
): Promise<void> {
  throwIfAborted(run.signal);
  const early = new Map<number, { request: PageRequest; answer: unknown[] }>();
  let delivered = 0; // pages already consumed
  let rows = 0;
  let pagesDone = 0;
  let end = Number.POSITIVE_INFINITY; // index of the first page that is not needed
  const record = (request: PageRequest, answer: unknown[]) => {
    rows += answer.length;
    pagesDone += 1;
    if (answer.length < request.limit) end = Math.min(end, request.index + 1);
    early.set(request.index, { request, answer });
    for (const index of early.keys()) if (index >= end) early.delete(index);
    run.onPage?.({ rows, pages: pagesDone });
  };
  // Called after the next requests are launched, so converting a page never holds back the requests after it.
  const deliver = () => {
    for (let next = early.get(delivered); next && delivered < end; next = early.get(delivered)) {
      early.delete(delivered);
      delivered += 1;
      consume(next.answer, next.request);
    }
  };

  const first = page(0);
  if (!first) return;
  const controller = new AbortController();
  const detach = onAbort(run.signal, () => controller.abort());
  try {
    record(first, await run.fetchPage(first, controller.signal));
    await fetchRest(page, run, controller, { record, deliver, end: () => end });
  } finally {
    detach();
  }
  throwIfAborted(run.signal);
}

interface Pages {
  /** Notes a page that came back (and whether it ends the read). */
  record: (request: PageRequest, documents: unknown[]) => void;
  /** Hands over the pages that are next in order; may throw (the read then fails with that error). */
  deliver: () => void;
  /** The index of the first page not needed. */
  end: () => number;
}

function fetchRest(
  page: (index: number) => PageRequest | undefined,
  run: PagingRun,
  parent: AbortController,
  { record, deliver, end }: Pages,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const inFlight = new Map<number, AbortController>();
    let next = 1;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      for (const controller of inFlight.values()) controller.abort();
      reject(error);
    };
    const launch = () => {
      while (!failed && inFlight.size < run.concurrency && next < end()) {
        const request = page(next);
        if (!request) break;
        next += 1;
        const controller = new AbortController();
        const detach = onAbort(parent.signal, () => controller.abort());
        inFlight.set(request.index, controller);
        run.fetchPage(request, controller.signal).then(
          (documents) => {
            detach();
            inFlight.delete(request.index);
            if (!failed && request.index < end()) {
              record(request, documents);
              // Pages after a short one hold nothing we need: stop them instead of waiting.
              for (const [index, other] of inFlight) if (index >= end()) other.abort();
            }
            step();
          },
          (error: unknown) => {
            detach();
            inFlight.delete(request.index);
            // A page aborted because an earlier page was short is not a failure.
            if (request.index >= end() && !parent.signal.aborted) return step();
            fail(error);
          },
        );
      }
    };
    const step = () => {
      launch();
      if (failed) return;
      try {
        deliver();
      } catch (error) {
        return fail(error);
      }
      if (inFlight.size === 0) resolve();
    };
    step();
  });
}
