// Splitting query text into its parenthesised clauses. Separators between clauses are `+` (what the API documents)
// and whitespace (what `+` becomes after form-style URL decoding); inside a clause every character belongs to it.

import { QuerySyntaxError } from "./errors";

export interface RawClause {
  /** The clause with its parentheses, as written (after percent-decoding). */
  text: string;
  index: number;
}

function isSeparator(ch: string): boolean {
  return ch === "+" || ch === " " || ch === "\t" || ch === "\n" || ch === "\r";
}

/** Index just past the `)` that closes the `(` at `start`, or -1 when it is never closed. */
function findClose(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i + 1;
  }
  return -1;
}

function unclosedClause(text: string, start: number, index: number): QuerySyntaxError {
  // `(a=b+(c=d)` is far more often a forgotten `)` than a value with `(` in it: point at the clause that lost it.
  const rest = text.slice(start);
  const nextClause = /[+\s]+\(/.exec(rest.slice(1));
  const clause = (nextClause ? rest.slice(0, nextClause.index + 1) : rest).trim();
  return new QuerySyntaxError(
    clause,
    index,
    `unbalanced parentheses: the clause is missing its closing \`)\`; write \`${clause})\``,
  );
}

export function splitClauses(text: string): RawClause[] {
  const clauses: RawClause[] = [];
  let separated = true;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (isSeparator(ch)) {
      separated = true;
      i++;
      continue;
    }
    if (ch === "(") {
      const end = findClose(text, i);
      if (end < 0) throw unclosedClause(text, i, clauses.length);
      const clause = text.slice(i, end);
      if (!separated) {
        throw new QuerySyntaxError(
          clause,
          clauses.length,
          `clauses must be joined by \`+\`; write \`${clauses[clauses.length - 1].text}+${clause}\``,
        );
      }
      clauses.push({ text: clause, index: clauses.length });
      separated = false;
      i = end;
      continue;
    }
    if (ch === ")") {
      const previous = clauses.length > 0 && !separated ? clauses[clauses.length - 1].text : "";
      throw new QuerySyntaxError(
        `${previous})`,
        Math.max(clauses.length - 1, 0),
        "unbalanced parentheses: this `)` has no matching `(`; remove it",
      );
    }
    let end = i;
    while (end < text.length && !isSeparator(text[end]) && text[end] !== "(" && text[end] !== ")") end++;
    const stray = text.slice(i, end);
    throw new QuerySyntaxError(
      stray,
      clauses.length,
      `every clause must be wrapped in parentheses; write \`(${stray})\``,
    );
  }
  return clauses;
}
