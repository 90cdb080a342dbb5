// One TokenProvider and one DataApiClient per Office runtime, shared by the task pane, the custom functions and the
// ribbon (the manifest's shared runtime runs them in one page, and webpack's single runtime chunk gives them one
// module instance of this file).
import { TokenProvider } from "./core/auth";
import { DataApiClient, type RequestEvent } from "./core/api";

/** A Data API request as the data client reports it (the workbench shows them, tests count them). */
export type DataRequest = RequestEvent;

export interface Runtime {
  relayUrl: string;
  tokens: TokenProvider;
  data: DataApiClient;
  /** The last Data API requests, newest last (the workbench shows and tests count them). */
  requests: DataRequest[];
  /** Data API requests made since the runtime started (the log above keeps only the last ones). */
  requestCount(): number;
  /** Cells that would spill more rows than this get #N/A pointing to report tables. */
  maxFormulaRows: number;
  /** Counts a function call in progress, so Refresh can tell when the recalculation it started is done. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Resolves when no tracked call is in progress. */
  idle(): Promise<void>;
}

const REQUEST_LOG_SIZE = 10_000;
const DEFAULT_MAX_FORMULA_ROWS = 50_000;

/**
 * The relay serves the add-in, so by default it is at the page's own origin. A release built with
 * `--relay URL` names another in a <meta name="kalibrate-relay"> tag; tests in Node set KALIBRATE_RELAY_URL.
 */
function defaultRelayUrl(): string {
  const meta = typeof document !== "undefined" ? document.querySelector('meta[name="kalibrate-relay"]') : null;
  const configured =
    meta?.getAttribute("content") ?? (globalThis as { KALIBRATE_RELAY_URL?: string }).KALIBRATE_RELAY_URL;
  if (configured) return configured.replace(/\/+$/, "");
  return typeof location !== "undefined" ? location.origin : "http://127.0.0.1:7072";
}

export function createRuntime(relayUrl = defaultRelayUrl(), fetchImpl?: typeof fetch): Runtime {
  const requests: DataRequest[] = [];
  let requestTotal = 0;
  const tokens = new TokenProvider({ relayUrl, fetch: fetchImpl });
  const data = new DataApiClient({
    relayUrl,
    tokens,
    fetch: fetchImpl,
    environment: () => tokens.status.environment,
    onRequest: (info) => {
      requestTotal++;
      requests.push(info);
      if (requests.length > REQUEST_LOG_SIZE) requests.splice(0, requests.length - REQUEST_LOG_SIZE);
    },
  });
  let pending = 0;
  let waiters: Array<() => void> = [];
  const settled = () => {
    if (--pending > 0) return;
    const done = waiters;
    waiters = [];
    done.forEach((resolve) => resolve());
  };
  return {
    relayUrl,
    tokens,
    data,
    requests,
    requestCount: () => requestTotal,
    maxFormulaRows: DEFAULT_MAX_FORMULA_ROWS,
    track(work) {
      pending++;
      work.then(settled, settled);
      return work;
    },
    idle() {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
  };
}

let current: Runtime | undefined;

export function runtime(): Runtime {
  current ??= createRuntime();
  return current;
}
