export { DataApiClient, CACHE_BYTES } from "./data-api-client";
export type {
  DataApiClientOptions,
  QueryOptions,
  QueryResult,
  PagedQueryResult,
  PageOptions,
  PageRead,
  PagesInto,
  QueryIntoResult,
  Environment,
  SignInSettings,
} from "./data-api-client";
export { DataApiError, CancelledError } from "./errors";
export type { DataApiErrorKind } from "./errors";
export type { RequestEvent, RequestEvent as DataRequest, Sleep } from "./request-sender";
export { fetchRecordOf, type FetchRecord } from "./fetch-record";
export { DEFAULT_PAGE_SIZE, STABLE_ORDER_PROPERTY } from "./paging";
export { parseRetryAfter } from "../util";
