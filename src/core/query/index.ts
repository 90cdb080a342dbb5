export type { Operator, Filter, Direction, Query } from "./types";
export { OPERATORS } from "./types";
export { QuerySyntaxError } from "./errors";
export { parseQuery } from "./parse";
export { formatQuery, encodeQueryForUrl } from "./format";
export { isNumberValue, isIsoDateValue, parseIsoDate, parseBooleanValue } from "./values";
