/**
 * A query the Kalibrate API would not accept. The message starts with the offending clause in backticks and says
 * what is wrong and how to fix it, so it can be shown to the user as it is.
 */
export class QuerySyntaxError extends Error {
  /** The clause as written (with its parentheses when it had them), or the stray text that could not be read. */
  readonly clause: string;
  /** 0-based position of the clause among the query's clauses. */
  readonly clauseIndex: number;

  constructor(clause: string, clauseIndex: number, problem: string) {
    super(`\`${clause}\`: ${problem}`);
    this.name = "QuerySyntaxError";
    this.clause = clause;
    this.clauseIndex = clauseIndex;
  }
}
