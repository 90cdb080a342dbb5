// Data API conformance over real HTTP: the reference file's example queries, every operator and control, paging,
// the 1000-document default, and bad queries. Expected answers are computed here from sandbox.data, never
// hard-coded.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { startSandbox, type KalibrateDocument, type RunningSandbox } from "../../src/sandbox/server";
import { sandboxToken } from "../support/sandbox-token";

let sandbox: RunningSandbox;
let bearer: string;

before(async () => {
  sandbox = await startSandbox({ port: 0 });
  bearer = await sandboxToken(sandbox.tokenUrl, sandbox.config.clients[0]);
});

after(() => sandbox.close());

interface Answer<T = KalibrateDocument[]> {
  status: number;
  body: T;
  headers: Headers;
}

async function get<T = KalibrateDocument[]>(path: string): Promise<Answer<T>> {
  const response = await fetch(`${sandbox.apiUrl}/${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

async function documents(path: string): Promise<KalibrateDocument[]> {
  const answer = await get(path);
  assert.equal(answer.status, 200, JSON.stringify(answer.body).slice(0, 300));
  assert.ok(Array.isArray(answer.body));
  return answer.body;
}

async function rejected(path: string): Promise<{ error: string; message: string }> {
  const answer = await get<{ error: string; message: string }>(path);
  assert.equal(answer.status, 400, `${path} should be rejected`);
  return answer.body;
}

const ids = (docs: KalibrateDocument[]) => docs.map((doc) => doc.id.entityId);

function all(collection: string, predicate: (doc: KalibrateDocument) => boolean = () => true): KalibrateDocument[] {
  return [...sandbox.data.documents(collection)].filter(predicate);
}

/** The order the sandbox promises: by key, missing first when ascending, ties by entityId ascending. */
function sorted(docs: KalibrateDocument[], key: (doc: KalibrateDocument) => string | number, descending = false) {
  return [...docs].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return (ka < kb ? -1 : 1) * (descending ? -1 : 1);
    return a.id.entityId < b.id.entityId ? -1 : 1;
  });
}

const isOwnPrice = (doc: KalibrateDocument) => doc.id.entityVariant === "Own";

describe("the reference file's example queries", () => {
  it("§4.1: the most recently created Own Site", async () => {
    const docs = await documents("site?query=(entityVariant=Own)+(orderBy=createdOn)+(direction=descending)+(limit=1)");
    const expected = sorted(
      all("Site", (d) => d.id.entityVariant === "Own"),
      (d) => d.id.createdOn,
      true,
    )[0];
    assert.deepEqual(ids(docs), [expected.id.entityId]);
  });

  it("§4.1: an open query returns the first 1000 own prices, unordered (storage order)", async () => {
    const docs = await documents("price?query=(entityVariant=Own)");
    const own = all("Price", isOwnPrice);
    assert.ok(own.length > 1000, "the seeded data must hold well over 1000 own prices");
    assert.deepEqual(ids(docs), ids(own.slice(0, 1000)));
  });

  it("Postman GetAll…Products: Global, Own and Competitor with limit=0", async () => {
    assert.deepEqual(
      ids(await documents("product?query=(entityVariant=Global)+(limit=0)")),
      ids(sandbox.data.globalProducts),
    );
    assert.deepEqual(
      ids(await documents("product?query=(entityVariant=Own)+(limit=0)")),
      ids(sandbox.data.ownProducts),
    );
    assert.deepEqual(
      ids(await documents("product?query=(entityVariant=Competitor)+(limit=0)")),
      ids(sandbox.data.competitorProducts),
    );
  });

  it("Postman GetMostRecentOwnPrices and GetNextMostRecentOwnPrices are consecutive pages", async () => {
    const base = "price?query=(entityVariant=Own)+(orderBy=createdOn)+(direction=descending)+(limit=100)";
    const first = await documents(base);
    const next = await documents(`${base}+(offset=100)`);
    const expected = sorted(all("Price", isOwnPrice), (d) => d.id.createdOn, true);
    assert.deepEqual(ids(first), ids(expected.slice(0, 100)));
    assert.deepEqual(ids(next), ids(expected.slice(100, 200)));
  });

  it("Postman GetAllOwnSites", async () => {
    assert.deepEqual(ids(await documents("site?query=(entityVariant=Own)+(limit=0)")), ids(sandbox.data.ownSites));
  });

  it("Python proposed-price export: exported Proposed prices since 2020-06-01, newest export first", async () => {
    const docs = await documents(
      "price?query=(entityVariant=Proposed)+(status.exported=true)+(exportedTime>=2020-06-01)+(orderBy=exportedTime)+(direction=descending)",
    );
    const expected = sorted(
      all(
        "Price",
        (d) =>
          d.id.entityVariant === "Proposed" &&
          (d.data.status as { exported: boolean }).exported === true &&
          typeof d.data.exportedTime === "string" &&
          d.data.exportedTime >= "2020-06-01",
      ),
      (d) => d.data.exportedTime as string,
      true,
    );
    assert.ok(expected.length > 1000);
    assert.deepEqual(ids(docs), ids(expected.slice(0, 1000)));
  });

  it("Excel sandpit: reference/brand, and the capitalised Product and Site paths", async () => {
    assert.deepEqual(ids(await documents("reference/brand?query=(limit=0)")), ids(sandbox.data.brands));
    assert.deepEqual(
      ids(await documents("Product?query=(entityVariant=Own)+(limit=0)")),
      ids(sandbox.data.ownProducts),
    );
    assert.deepEqual(ids(await documents("Site?query=(entityVariant=Own)+(limit=0)")), ids(sandbox.data.ownSites));
    assert.deepEqual(ids(await documents("Reference/Brand?query=(limit=0)")), ids(sandbox.data.brands));
  });

  it("the raw, unencoded query text the samples send (>= and all) is read as written", async () => {
    const path = "/api/price?query=(entityVariant=Own)+(price>=1.5)+(orderBy=price)+(limit=5)";
    const body = await new Promise<string>((resolve, reject) => {
      const url = new URL(sandbox.url);
      const req = httpRequest(
        { host: url.hostname, port: url.port, path, headers: { authorization: `Bearer ${bearer}` } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () =>
            res.statusCode === 200 ? resolve(text) : reject(new Error(`${res.statusCode} ${text}`)),
          );
        },
      );
      req.on("error", reject);
      req.end();
    });
    const expected = sorted(
      all("Price", (d) => isOwnPrice(d) && (d.data.price as number) >= 1.5),
      (d) => d.data.price as number,
    );
    assert.deepEqual(ids(JSON.parse(body)), ids(expected.slice(0, 5)));
  });
});

describe("documents", () => {
  it("have the nine id fields and a data object; references are {entityId}", async () => {
    const [price] = await documents("price?query=(entityVariant=Own)+(limit=1)");
    assert.deepEqual(Object.keys(price.id).sort(), [
      "collection",
      "createdOn",
      "entityId",
      "entityOrigin",
      "entityType",
      "entityVariant",
      "entityVersion",
      "tenantId",
      "updatedOn",
    ]);
    assert.equal(price.id.collection, "Price");
    assert.match(price.id.entityId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(price.id.createdOn, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.deepEqual(Object.keys(price.data.site as object), ["entityId"]);
    assert.deepEqual(Object.keys(price.data.product as object), ["entityId"]);
    assert.equal(typeof price.data.price, "number");
    assert.equal(typeof (price.data.status as { exported: unknown }).exported, "boolean");
  });

  it("answer with what sandbox.data holds, byte for byte", async () => {
    const docs = await documents("site?query=(limit=0)");
    assert.deepEqual(docs, all("Site"));
  });
});

describe("operators", () => {
  const own = () => all("Price", isOwnPrice);
  const priceOf = (d: KalibrateDocument) => d.data.price as number;
  const cases: [string, (d: KalibrateDocument) => boolean][] = [
    ["(price=1.459)", (d) => priceOf(d) === 1.459],
    ["(price!=1.459)", (d) => priceOf(d) !== 1.459],
    ["(price>1.5)", (d) => priceOf(d) > 1.5],
    ["(price<1.3)", (d) => priceOf(d) < 1.3],
    ["(price>=1.509)", (d) => priceOf(d) >= 1.509],
    ["(price<=1.309)", (d) => priceOf(d) <= 1.309],
    ["(effectiveTime>=2025-06-01)", (d) => (d.data.effectiveTime as string) >= "2025-06-01"],
    ["(effectiveTime<2025-06-01T12:00:00Z)", (d) => (d.data.effectiveTime as string) < "2025-06-01T12:00:00Z"],
  ];
  for (const [clause, predicate] of cases) {
    it(`${clause} on own prices`, async () => {
      const expected = own().filter(predicate);
      assert.ok(expected.length > 0, `${clause} should match something in the seeded data`);
      assert.deepEqual(ids(await documents(`price?query=(entityVariant=Own)+${clause}+(limit=0)`)), ids(expected));
    });
  }

  it("@= is a case-insensitive contains on text", async () => {
    const expected = all("Site", (d) => String(d.data.name).toLowerCase().includes("ring road"));
    assert.ok(expected.length > 0);
    assert.deepEqual(ids(await documents("site?query=(name@=RING%20road)+(limit=0)")), ids(expected));
  });

  it("= on text is exact (case-sensitive)", async () => {
    assert.deepEqual(await documents("site?query=(entityVariant=own)+(limit=0)"), []);
  });

  it("= on an entityId GUID ignores letter case", async () => {
    const site = sandbox.data.ownSites[3];
    assert.deepEqual(ids(await documents(`site?query=(entityId=${site.id.entityId.toUpperCase()})`)), [
      site.id.entityId,
    ]);
  });

  it("booleans compare as true/false, any case", async () => {
    const pending = all("Price", (d) => (d.data.status as { exported: boolean }).exported === false);
    assert.deepEqual(ids(await documents("price?query=(status.exported=FALSE)+(limit=0)")), ids(pending));
    const notPending = all("Price", (d) => (d.data.status as { exported: boolean }).exported !== false);
    assert.deepEqual(ids(await documents("price?query=(status.exported!=false)+(limit=0)")), ids(notPending));
  });

  it("null matches a missing value, != null a present one", async () => {
    const never = all("Price", (d) => d.data.exportedTime === null);
    assert.ok(never.length > 0);
    assert.deepEqual(ids(await documents("price?query=(exportedTime=null)+(limit=0)")), ids(never));
    const unbranded = sandbox.data.ownSites.filter((d) => d.data.brand === null);
    assert.deepEqual(
      ids(await documents("site?query=(entityVariant=Own)+(brand.entityId=null)+(limit=0)")),
      ids(unbranded),
    );
  });

  it("filters are ANDed", async () => {
    const site = sandbox.data.ownSites[0].id.entityId;
    const expected = all("Price", (d) => isOwnPrice(d) && (d.data.site as { entityId: string }).entityId === site);
    assert.deepEqual(
      ids(await documents(`price?query=(entityVariant=Own)+(site.entityId=${site})+(limit=0)`)),
      ids(expected),
    );
  });
});

describe("property names", () => {
  it("bare names resolve over id then data; id. and data. prefixes work too", async () => {
    const bare = await documents("price?query=(entityVariant=Own)+(price>1.55)+(limit=0)");
    const prefixed = await documents("price?query=(id.entityVariant=Own)+(data.price>1.55)+(limit=0)");
    assert.ok(bare.length > 0);
    assert.deepEqual(ids(prefixed), ids(bare));
  });

  it("dotted paths reach nested properties (site.entityId, status.exported)", async () => {
    const product = sandbox.data.ownProducts[0];
    const site = (product.data.site as { entityId: string }).entityId;
    const expected = sandbox.data.ownProducts.filter((d) => (d.data.site as { entityId: string }).entityId === site);
    assert.deepEqual(ids(await documents(`product?query=(site.entityId=${site})+(limit=0)`)), ids(expected));
  });
});

describe("controls and paging", () => {
  it("orderBy any property, ascending by default, ties broken by entityId", async () => {
    const docs = await documents("product?query=(entityVariant=Own)+(orderBy=site.entityId)+(limit=0)");
    const expected = sorted(sandbox.data.ownProducts, (d) => (d.data.site as { entityId: string }).entityId);
    assert.deepEqual(ids(docs), ids(expected));
  });

  it("direction=ascending and descending reverse the key order but keep the entityId tie-break", async () => {
    const up = await documents(
      "product?query=(entityVariant=Own)+(orderBy=globalProductId)+(direction=ascending)+(limit=0)",
    );
    const down = await documents(
      "product?query=(entityVariant=Own)+(orderBy=globalProductId)+(direction=descending)+(limit=0)",
    );
    const key = (d: KalibrateDocument) => d.data.globalProductId as number;
    assert.deepEqual(ids(up), ids(sorted(sandbox.data.ownProducts, key)));
    assert.deepEqual(ids(down), ids(sorted(sandbox.data.ownProducts, key, true)));
  });

  it("limit=0 returns everything; no limit returns 1000; limit=N returns N", async () => {
    const total = all("Price", isOwnPrice).length;
    assert.equal((await documents("price?query=(entityVariant=Own)+(limit=0)")).length, total);
    assert.equal((await documents("price?query=(entityVariant=Own)")).length, 1000);
    assert.equal((await documents("price?query=(entityVariant=Own)+(limit=1234)")).length, 1234);
    assert.equal((await documents("price")).length, 1000);
  });

  it("offset without limit skips, then returns the default 1000", async () => {
    const docs = await documents("price?query=(entityVariant=Own)+(offset=500)");
    assert.deepEqual(ids(docs), ids(all("Price", isOwnPrice).slice(500, 1500)));
  });

  it("limit/offset pages cover the ordered result exactly once", async () => {
    const everything = await documents("site?query=(orderBy=name)+(limit=0)");
    const pages: KalibrateDocument[] = [];
    for (let offset = 0; ; offset += 25) {
      const page = await documents(`site?query=(orderBy=name)+(limit=25)+(offset=${offset})`);
      pages.push(...page);
      if (page.length < 25) break;
    }
    assert.deepEqual(ids(pages), ids(everything));
    assert.deepEqual(await documents(`site?query=(limit=10)+(offset=${everything.length})`), []);
  });

  it("large answers stream out as one valid JSON array", async () => {
    const docs = await documents("price?query=(limit=0)");
    assert.equal(docs.length, sandbox.data.count("Price"));
  });
});

describe("separators and encoding", () => {
  const expected = () => ids(sandbox.data.ownSites);
  for (const [name, query] of [
    ["+", "(entityVariant=Own)+(limit=0)"],
    ["%2B", "(entityVariant=Own)%2B(limit=0)"],
    ["%20", "(entityVariant=Own)%20(limit=0)"],
    ["fully percent-encoded", "%28entityVariant%3DOwn%29%2B%28limit%3D0%29"],
  ]) {
    it(`clauses joined by ${name}`, async () => {
      assert.deepEqual(ids(await documents(`site?query=${query}`)), expected());
    });
  }

  it("other query-string parameters are ignored", async () => {
    assert.deepEqual(ids(await documents("site?foo=bar&query=(entityVariant=Own)+(limit=0)&x=1")), expected());
  });
});

describe("bad queries: 400 naming the clause", () => {
  const cases: [string, RegExp][] = [
    ["price?query=(price=>1.2)", /^`\(price=>1\.2\)`: unknown operator `=>`; did you mean `>=`\?$/],
    ["price?query=(limit=abc)", /^`\(limit=abc\)`: limit must be a whole number \(0 = all\)$/],
    ["price?query=(direction=down)", /^`\(direction=down\)`: direction must be ascending or descending$/],
    ["price?query=(entityVariant=Own", /^`\(entityVariant=Own`: unbalanced parentheses/],
    ["price?query=(entityVariant=Own)+()", /^`\(\)`: empty clause/],
    ["price?query=(limit=1)+(limit=2)", /^`\(limit=2\)`: duplicate control/],
    ["price?query=(entityVarient=Own)", /^`\(entityVarient=Own\)`: no Price document has a property `entityVarient`/],
    ["price?query=(entityvariant=Own)", /did you mean `entityVariant`\?$/],
    ["price?query=(exported=true)", /did you mean `status\.exported`\?$/],
    [
      "price?query=(entityVariant>5)",
      /^`\(entityVariant>5\)`: `>` compares numbers and dates, but `entityVariant` holds text/,
    ],
    ["price?query=(price@=1)", /^`\(price@=1\)`: `@=` \(contains\) works on text, but `price` holds numbers$/],
    [
      "price?query=(createdOn@=2025)",
      /^`\(createdOn@=2025\)`: `@=` \(contains\) works on text, but `createdOn` holds dates/,
    ],
    [
      "price?query=(status.exported=yes)",
      /^`\(status\.exported=yes\)`: `status\.exported` is true or false, not `yes`$/,
    ],
    ["price?query=(price=cheap)", /^`\(price=cheap\)`: `price` holds numbers/],
    ["price?query=(createdOn=yesterday)", /^`\(createdOn=yesterday\)`: `createdOn` holds dates/],
    ["price?query=(site=x)", /^`\(site=x\)`: `site` is a reference; filter on `site\.entityId` instead$/],
    [
      "price?query=(orderBy=site)",
      /^`\(orderBy=site\)`: `site` holds a reference, which cannot be ordered; order by `site\.entityId`$/,
    ],
    ["price?query=(orderBy=nothing)", /^`\(orderBy=nothing\)`: no Price document has a property `nothing`/],
    ["reference/brand?query=(price>1)", /no reference\/brand document has a property `price`/],
    ["price?query=(name=a)&query=(limit=1)", /more than once/],
  ];
  for (const [path, message] of cases) {
    it(path, async () => {
      const body = await rejected(path);
      assert.equal(body.error, "InvalidQuery");
      assert.match(body.message, message);
    });
  }
});

describe("endpoints", () => {
  it("GET /api/status answers Healthy with a version and time", async () => {
    const answer = await get<{ status: string; version: string; time: string }>("status");
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, "Healthy");
    assert.match(answer.body.version, /sandbox/);
    assert.ok(!Number.isNaN(Date.parse(answer.body.time)));
  });

  it("every collection answers, in any letter case", async () => {
    for (const name of [
      "Price",
      "PriceRequest",
      "Product",
      "ProductGroup",
      "Reference",
      "Site",
      "SurveyHistory",
      "Volume",
    ]) {
      for (const spelling of [name, name.toLowerCase(), name.toUpperCase()]) {
        const docs = await documents(`${spelling}?query=(limit=3)`);
        assert.ok(docs.length > 0, spelling);
        assert.ok(docs.every((d) => d.id.collection === name));
      }
    }
  });

  it("the seeded variants and entity types of the reference file are all present", async () => {
    const variants = async (path: string) =>
      new Set((await documents(`${path}?query=(limit=0)`)).map((d) => d.id.entityVariant));
    const types = async (path: string) =>
      new Set((await documents(`${path}?query=(limit=0)`)).map((d) => d.id.entityType));
    assert.deepEqual(await variants("volume"), new Set(["Sales", "Delivery", "Forecast", "Plan"]));
    assert.deepEqual(await variants("site"), new Set(["Own", "Competitor"]));
    assert.deepEqual(await types("surveyhistory"), new Set(["CompetitorSurveyAdjustment", "CompetitorSurveyTarget"]));
    assert.deepEqual(await types("pricerequest"), new Set(["Event"]));
    assert.deepEqual(await variants("productgroup"), new Set(["Global"]));
    assert.ok((await types("reference")).has("Area"));
    assert.deepEqual(ids(await documents("reference/area?query=(limit=0)")), ids(sandbox.data.areas));
  });

  it("unknown collections and entity types are 404 with a sentence naming the known ones", async () => {
    const unknown = await get<{ error: string; message: string }>("prices?query=(limit=1)");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error, "UnknownCollection");
    assert.match(unknown.body.message, /use one of Price, Product, Site, .*Reference/);
    const type = await get<{ error: string; message: string }>("reference/brands");
    assert.equal(type.status, 404);
    assert.equal(type.body.error, "UnknownEntityType");
    assert.match(type.body.message, /Brand/);
    assert.equal((await get("site/own")).status, 404);
  });

  it("every response carries an x-correlation-id GUID, errors included", async () => {
    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const path of ["site?query=(limit=1)", "price?query=(limit=abc)", "nothing", "status"]) {
      assert.match((await get(path)).headers.get("x-correlation-id") ?? "", guid, path);
    }
    const anonymous = await fetch(`${sandbox.apiUrl}/site`);
    assert.match(anonymous.headers.get("x-correlation-id") ?? "", guid);
    const mine = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const echoed = await fetch(`${sandbox.apiUrl}/status`, {
      headers: { authorization: `Bearer ${bearer}`, "x-correlation-id": mine },
    });
    assert.equal(echoed.headers.get("x-correlation-id"), mine);
  });
});
