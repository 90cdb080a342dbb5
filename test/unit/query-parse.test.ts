import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { encodeQueryForUrl, formatQuery, parseQuery, QuerySyntaxError, type Query } from "../../src/core/query";
import { parseIsoDate } from "../../src/core/query/values";

function syntaxError(text: string): QuerySyntaxError {
  try {
    parseQuery(text);
  } catch (error) {
    assert.ok(error instanceof QuerySyntaxError, `expected a QuerySyntaxError for ${text}`);
    return error;
  }
  assert.fail(`expected ${text} to be rejected`);
}

describe("parseQuery: the documented examples", () => {
  it("reads the most-recent-own-site example with all four parts", () => {
    assert.deepEqual(parseQuery("(entityVariant=Own)+(orderBy=createdOn)+(direction=descending)+(limit=1)"), {
      filters: [{ property: "entityVariant", operator: "=", value: "Own" }],
      orderBy: "createdOn",
      direction: "descending",
      limit: 1,
    });
  });

  it("reads the Python proposed-price export query (dotted path, boolean, date range)", () => {
    const query = parseQuery(
      "(entityVariant=Proposed)+(status.exported=true)+(exportedTime>=2020-06-01)+(orderBy=exportedTime)+(direction=descending)",
    );
    assert.deepEqual(query.filters, [
      { property: "entityVariant", operator: "=", value: "Proposed" },
      { property: "status.exported", operator: "=", value: "true" },
      { property: "exportedTime", operator: ">=", value: "2020-06-01" },
    ]);
    assert.equal(query.orderBy, "exportedTime");
    assert.equal(query.direction, "descending");
    assert.equal(query.limit, undefined);
  });

  it("reads paging controls, with limit 0 meaning all", () => {
    const query = parseQuery("(entityVariant=Own)+(orderBy=createdOn)+(direction=descending)+(limit=100)+(offset=100)");
    assert.equal(query.limit, 100);
    assert.equal(query.offset, 100);
    assert.equal(parseQuery("(limit=0)").limit, 0);
  });

  it("reads the empty query as no filters and no controls", () => {
    assert.deepEqual(parseQuery(""), { filters: [] });
    assert.deepEqual(parseQuery("  "), { filters: [] });
  });
});

describe("parseQuery: operators", () => {
  const cases: [string, Query["filters"][number]][] = [
    ["(a=x)", { property: "a", operator: "=", value: "x" }],
    ["(a!=x)", { property: "a", operator: "!=", value: "x" }],
    ["(a@=x)", { property: "a", operator: "@=", value: "x" }],
    ["(a>1)", { property: "a", operator: ">", value: "1" }],
    ["(a<1.5)", { property: "a", operator: "<", value: "1.5" }],
    ["(a>=2020-06-01)", { property: "a", operator: ">=", value: "2020-06-01" }],
    ["(a<=2020-06-01T10:30:00Z)", { property: "a", operator: "<=", value: "2020-06-01T10:30:00Z" }],
  ];
  for (const [text, filter] of cases) {
    it(`reads ${text}`, () => assert.deepEqual(parseQuery(text).filters, [filter]));
  }

  it("keeps `=` inside a value (only the first operator splits)", () => {
    assert.deepEqual(parseQuery("(name=a=b)").filters, [{ property: "name", operator: "=", value: "a=b" }]);
  });

  it("trims spaces around property, operator and value but keeps inner spaces of a value", () => {
    assert.deepEqual(parseQuery("( name = Shell Express )").filters, [
      { property: "name", operator: "=", value: "Shell Express" },
    ]);
  });

  it("accepts negative numbers and date-times with offsets for range operators", () => {
    assert.equal(parseQuery("(adjustment>-2)").filters[0].value, "-2");
    assert.equal(parseQuery("(createdOn<2021-02-24T11:00-05:00)").filters[0].value, "2021-02-24T11:00-05:00");
  });

  it("accepts controls in any letter case and writes them canonically", () => {
    assert.deepEqual(parseQuery("(ORDERBY=price)+(Direction=Ascending)+(LIMIT=5)+(Offset=07)"), {
      filters: [],
      orderBy: "price",
      direction: "ascending",
      limit: 5,
      offset: 7,
    });
  });
});

describe("parseQuery: separators and encoding", () => {
  const expected = parseQuery("(entityVariant=Own)+(limit=0)");
  for (const text of [
    "(entityVariant=Own) (limit=0)",
    "(entityVariant=Own)%2B(limit=0)",
    "(entityVariant=Own)%2b(limit=0)",
    "(entityVariant=Own)%20(limit=0)",
    "%28entityVariant%3DOwn%29%2B%28limit%3D0%29",
    "(entityVariant=Own) + (limit=0)",
  ]) {
    it(`reads ${text}`, () => assert.deepEqual(parseQuery(text), expected));
  }

  it("decodes percent-encoded operators and values inside a clause", () => {
    assert.deepEqual(parseQuery("(price%3E%3D1.2)+(name%40%3DSt%20Albans)").filters, [
      { property: "price", operator: ">=", value: "1.2" },
      { property: "name", operator: "@=", value: "St Albans" },
    ]);
  });

  it("keeps a `%` that does not start an escape", () => {
    assert.equal(parseQuery("(name@=100%)").filters[0].value, "100%");
    assert.equal(parseQuery("(name@=5%25)").filters[0].value, "5%");
  });

  it("decodes UTF-8 escapes", () => {
    assert.equal(parseQuery("(name=Caf%C3%A9)").filters[0].value, "Café");
  });
});

describe("parseQuery: error messages name the clause, the problem and the fix", () => {
  const cases: [string, string, number][] = [
    ["(price=>1.2)", "`(price=>1.2)`: unknown operator `=>`; did you mean `>=`?", 0],
    ["(a=b)+(price=<1)", "`(price=<1)`: unknown operator `=<`; did you mean `<=`?", 1],
    ["(a==b)", "`(a==b)`: unknown operator `==`; did you mean `=`?", 0],
    ["(a<>b)", "`(a<>b)`: unknown operator `<>`; did you mean `!=`?", 0],
    ["(a=@b)", "`(a=@b)`: unknown operator `=@`; did you mean `@=`?", 0],
    ["(a>>1)", "`(a>>1)`: unknown operator `>>`; use one of `>=` `<=` `!=` `@=` `=` `>` `<`", 0],
    ["(limit=abc)", "`(limit=abc)`: limit must be a whole number (0 = all)", 0],
    ["(limit=-1)", "`(limit=-1)`: limit must be a whole number (0 = all)", 0],
    ["(limit=1.5)", "`(limit=1.5)`: limit must be a whole number (0 = all)", 0],
    ["(offset=x)", "`(offset=x)`: offset must be a whole number (0 or more)", 0],
    ["(direction=down)", "`(direction=down)`: direction must be ascending or descending", 0],
    [
      "(orderBy=a b)",
      "`(orderBy=a b)`: orderBy needs a property name such as `createdOn` or `status.exported`, not `a b`",
      0,
    ],
    ["(limit>5)", "`(limit>5)`: limit is set with `=`, e.g. `(limit=100)`", 0],
    ["(limit=)", "`(limit=)`: limit needs a value, e.g. `(limit=100)`", 0],
    ["(limit)", "`(limit)`: limit needs a value, e.g. `(limit=…)`", 0],
    ["(a=b", "`(a=b`: unbalanced parentheses: the clause is missing its closing `)`; write `(a=b)`", 0],
    ["(a=b+(c=d)", "`(a=b`: unbalanced parentheses: the clause is missing its closing `)`; write `(a=b)`", 0],
    ["(a=b))", "`(a=b))`: unbalanced parentheses: this `)` has no matching `(`; remove it", 0],
    [")", "`)`: unbalanced parentheses: this `)` has no matching `(`; remove it", 0],
    [
      "()",
      "`()`: empty clause; write a filter like `(entityVariant=Own)` or a control like `(limit=0)`, or remove it",
      0,
    ],
    [
      "(a=b)+( )",
      "`( )`: empty clause; write a filter like `(entityVariant=Own)` or a control like `(limit=0)`, or remove it",
      1,
    ],
    [
      "(entityVariant=)",
      "`(entityVariant=)`: missing the value after `=`; say what `entityVariant` is compared with",
      0,
    ],
    ["(=Own)", "`(=Own)`: missing the property name before `=`; write e.g. `(entityVariant=Own)`", 0],
    [
      "(entityVariant)",
      "`(entityVariant)`: missing an operator; write a property, an operator and a value, e.g. `(entityVariant=Own)`",
      0,
    ],
    ["(limit=1)+(limit=2)", "`(limit=2)`: duplicate control: limit is already given in `(limit=1)`; keep one", 1],
    [
      "(orderBy=a)+(direction=ascending)+(ORDERBY=b)",
      "`(ORDERBY=b)`: duplicate control: orderBy is already given in `(orderBy=a)`; keep one",
      2,
    ],
    [
      "entityVariant=Own",
      "`entityVariant=Own`: every clause must be wrapped in parentheses; write `(entityVariant=Own)`",
      0,
    ],
    ["(a=b)(c=d)", "`(c=d)`: clauses must be joined by `+`; write `(a=b)+(c=d)`", 1],
    [
      "(price>abc)",
      "`(price>abc)`: `>` compares numbers and dates only, and `abc` is neither; give a number like `1.25` or a date like `2020-06-01`",
      0,
    ],
    [
      "(createdOn<2021-02-30)",
      "`(createdOn<2021-02-30)`: `<` compares numbers and dates only, and `2021-02-30` is neither; give a number like `1.25` or a date like `2020-06-01`",
      0,
    ],
    [
      "(createdOn<2021-02-24T11:00+01:00)",
      "`(createdOn<2021-02-24T11:00+01:00)`: the `+` of the time-zone offset would be read as the separator between clauses; write the time in UTC, e.g. `2021-02-24T10:00:00Z`",
      0,
    ],
    ["(name@=-)", "`(name@=-)`: `@=` (contains) needs text to look for, with at least one letter or digit", 0],
    [
      "(site name=x)",
      "`(site name=x)`: `site name` is not a property name; use letters and digits, with dots for nested properties like `status.exported`",
      0,
    ],
  ];
  for (const [text, message, index] of cases) {
    it(`rejects ${text}`, () => {
      const error = syntaxError(text);
      assert.equal(error.message, message);
      assert.equal(error.clauseIndex, index);
      assert.ok(message.startsWith(`\`${error.clause}\``));
    });
  }

  it("rejects a value with `(`, `)` or `+` instead of mangling it", () => {
    for (const text of ["(name=Shell (UK))", "(name=a)b)", "(name=a+b)", "(name=a%2Bb)", "(name=x%28y%29)"]) {
      const error = syntaxError(text);
      assert.match(error.message, /cannot|no matching|parenthes/, text);
    }
    assert.match(syntaxError("(name=a+b)").message, /the value contains `\+`/);
    assert.match(syntaxError("(name=Shell (UK))").message, /cannot contain `\(` or `\)`/);
  });

  it("is an Error with the QuerySyntaxError name", () => {
    const error = syntaxError("(a=");
    assert.ok(error instanceof Error);
    assert.equal(error.name, "QuerySyntaxError");
  });
});

describe("formatQuery", () => {
  it("writes filters in order, then orderBy, direction, limit, offset", () => {
    const query: Query = {
      offset: 10,
      limit: 0,
      direction: "descending",
      orderBy: "x",
      filters: [
        { property: "a", operator: "=", value: "b" },
        { property: "c", operator: ">", value: "1" },
      ],
    };
    assert.equal(formatQuery(query), "(a=b)+(c>1)+(orderBy=x)+(direction=descending)+(limit=0)+(offset=10)");
  });

  it("writes the empty query as the empty string", () => {
    assert.equal(formatQuery({ filters: [] }), "");
  });

  it("refuses a query the API could not carry", () => {
    assert.throws(
      () => formatQuery({ filters: [{ property: "name", operator: "=", value: "a+b" }] }),
      QuerySyntaxError,
    );
    assert.throws(
      () => formatQuery({ filters: [{ property: "name", operator: "=", value: "(x)" }] }),
      QuerySyntaxError,
    );
    assert.throws(() => formatQuery({ filters: [], limit: -1 }), QuerySyntaxError);
    assert.throws(
      () => formatQuery({ filters: [{ property: "price", operator: ">", value: "cheap" }] }),
      QuerySyntaxError,
    );
  });

  it("round-trips: format(parse(format(q))) is format(q), and parse(format(q)) is q for canonical queries", () => {
    const queries: Query[] = [
      { filters: [] },
      { filters: [{ property: "entityVariant", operator: "=", value: "Own" }], limit: 0 },
      {
        filters: [
          { property: "status.exported", operator: "=", value: "true" },
          { property: "exportedTime", operator: ">=", value: "2020-06-01" },
          { property: "name", operator: "@=", value: "100% St Albans & Co" },
          { property: "price", operator: "<=", value: "1.459" },
          { property: "entityVariant", operator: "!=", value: "Own" },
          { property: "price", operator: "<", value: "-2" },
          { property: "price", operator: ">", value: "0" },
        ],
        orderBy: "site.entityId",
        direction: "ascending",
        limit: 100,
        offset: 200,
      },
    ];
    for (const query of queries) {
      const text = formatQuery(query);
      assert.equal(formatQuery(parseQuery(text)), text);
      assert.deepEqual(parseQuery(text), query);
    }
  });

  it("normalises what it is given (trimmed values, lower-case direction)", () => {
    const text = formatQuery({
      filters: [{ property: "a", operator: "=", value: "  b " }],
      direction: "Descending" as Query["direction"],
    });
    assert.equal(text, "(a=b)+(direction=descending)");
    assert.equal(formatQuery(parseQuery(text)), text);
  });
});

describe("encodeQueryForUrl", () => {
  it("keeps the samples' readable form: parentheses, `=`, `!=`, `@=` and the `+` separator literal", () => {
    const text = "(entityVariant=Own)+(name@=Express)+(brand.entityId!=x)+(orderBy=createdOn)+(limit=0)";
    assert.equal(encodeQueryForUrl(text), text);
  });

  it("escapes what a URL cannot carry: `<`, `>`, spaces, `%`, `&`, `#`, quotes and non-ASCII", () => {
    assert.equal(encodeQueryForUrl("(price>=1.2)+(price<2)"), "(price%3E=1.2)+(price%3C2)");
    assert.equal(encodeQueryForUrl("(name=St Albans & Co #1's)"), "(name=St%20Albans%20%26%20Co%20%231%27s)");
    assert.equal(encodeQueryForUrl("(name@=100%)"), "(name@=100%25)");
    assert.equal(encodeQueryForUrl("(name=Café)"), "(name=Caf%C3%A9)");
    assert.equal(encodeQueryForUrl("(exportedTime>=2020-06-01T10:00:00Z)"), "(exportedTime%3E=2020-06-01T10:00:00Z)");
  });

  it("joins clauses written with other separators by `+`, in the order written", () => {
    assert.equal(encodeQueryForUrl("(limit=0) (entityVariant=Own)"), "(limit=0)+(entityVariant=Own)");
    assert.equal(encodeQueryForUrl("( limit = 0 )%2B(a=b)"), "(limit=0)+(a=b)");
  });

  it("gives text that parses back to the same query, and is stable when applied twice", () => {
    const text = "(name=St Albans & Co)+(price>=1.2)+(name@=50%)+(orderBy=price)+(limit=0)";
    const encoded = encodeQueryForUrl(text);
    assert.deepEqual(parseQuery(encoded), parseQuery(text));
    assert.equal(encodeQueryForUrl(encoded), encoded);
    assert.doesNotMatch(encoded, /[ <>&#]/);
  });

  it("rejects an invalid query with the same message as parseQuery", () => {
    assert.throws(() => encodeQueryForUrl("(limit=abc)"), {
      message: "`(limit=abc)`: limit must be a whole number (0 = all)",
    });
    assert.throws(() => encodeQueryForUrl("(limit=1)+(limit=2)"), QuerySyntaxError);
  });

  it("gives the empty string for the empty query", () => {
    assert.equal(encodeQueryForUrl(""), "");
  });
});

describe("date values", () => {
  it("reads a date as midnight UTC and a date-time without zone as UTC", () => {
    assert.equal(parseIsoDate("2020-06-01"), Date.UTC(2020, 5, 1));
    assert.equal(parseIsoDate("2020-06-01T10:30"), Date.UTC(2020, 5, 1, 10, 30));
    assert.equal(parseIsoDate("2020-06-01T10:30:15.250Z"), Date.UTC(2020, 5, 1, 10, 30, 15, 250));
    assert.equal(parseIsoDate("2020-06-01T10:30:00+01:00"), Date.UTC(2020, 5, 1, 9, 30));
  });

  it("refuses impossible days and other text", () => {
    for (const text of ["2021-02-29", "2020-13-01", "2020-06-01T24:00", "01/06/2020", "2020-6-1", "today"]) {
      assert.equal(parseIsoDate(text), undefined, text);
    }
    assert.equal(parseIsoDate("2020-02-29"), Date.UTC(2020, 1, 29));
  });
});
