/** The comparison operators of the Kalibrate query language (reference §4.2). */
export type Operator = "=" | "!=" | "@=" | ">" | "<" | ">=" | "<=";

/** One filter clause, e.g. `(entityVariant=Own)`. Values are kept as written: the API has no quoting. */
export interface Filter {
  property: string;
  operator: Operator;
  value: string;
}

export type Direction = "ascending" | "descending";

/** A parsed query. `limit` 0 means "all"; an absent limit lets the server apply its default (1000). */
export interface Query {
  filters: Filter[];
  orderBy?: string;
  direction?: Direction;
  limit?: number;
  offset?: number;
}

/** Longest first, so `>=` is never read as `>` followed by a value starting with `=`. */
export const OPERATORS: readonly Operator[] = [">=", "<=", "!=", "@=", "=", ">", "<"];

/** Operators that order values and so only make sense for numbers and dates. */
export const RANGE_OPERATORS: readonly Operator[] = [">", "<", ">=", "<="];

export const CONTROL_NAMES = ["orderBy", "direction", "limit", "offset"] as const;
export type ControlName = (typeof CONTROL_NAMES)[number];
