// Small domain-free helpers that the add-in, the relay and the sandbox share, one home each.
export { LruCache, type LruBounds } from "./lru-cache";
export { SingleFlight } from "./single-flight";
export { Listeners } from "./listeners";
export { parseRetryAfter } from "./retry-after";
export { loadOnce } from "./load-once";
export { loadFailureMessage } from "./load-failure";
