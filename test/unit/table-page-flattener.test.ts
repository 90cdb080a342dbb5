// ExcelPageFlattener (one page at a time) against flattenToExcel (all the documents at once): the same table for
// named and for discovered columns, whatever the pages; and excelTableOfPages, which reads pages through it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  excelTableOfPages,
  ExcelPageFlattener,
  expandReferences,
  flattenToExcel,
  UnknownColumnError,
  type ReferenceLookup,
} from "../../src/core/table";

const doc = (entityId: string, data: Record<string, unknown>, id: Record<string, unknown> = {}) => ({
  id: { entityId, createdOn: "2021-02-24T10:00:00Z", ...id },
  data,
});

/** The documents cut into pages of these sizes (the last size repeats). */
function pages(documents: readonly unknown[], sizes: number[]): unknown[][] {
  const out: unknown[][] = [];
  for (let start = 0, i = 0; start < documents.length; i++) {
    const size = sizes[Math.min(i, sizes.length - 1)];
    out.push(documents.slice(start, start + size));
    start += size;
  }
  return out;
}

function byPages(documents: readonly unknown[], sizes: number[], columns?: readonly string[]) {
  const flattener = new ExcelPageFlattener({ columns });
  for (const page of pages(documents, sizes)) flattener.add(page);
  return flattener.finish();
}

// Pages 1 and 2 share fields; page 3 brings new ones, one nested under a field seen on page 1 (so its column sits in
// the middle of the table, not at the end), an extra id field, and a date column that stops being one.
const PAGE_1 = [
  doc("a1", { name: "A", price: 1.459, effectiveTime: "2024-01-31T06:00:00Z", day: "2024-01-31", status: null }),
  doc("a2", { name: "B", price: 1.469, effectiveTime: "2024-02-01T06:00:00Z", day: "2024-02-01", status: {} }),
];
const PAGE_2 = [
  doc("a3", { name: "C", price: Number.NaN, effectiveTime: "2024-02-02T06:00:00Z", day: "not a date", status: null }),
  null,
  doc("a4", { name: "D", price: 2, effectiveTime: "0001-01-01T00:00:00Z", exported: true }),
];
const PAGE_3 = [
  doc(
    "a5",
    { name: "E", price: 3, effectiveTime: "2024-02-03T06:00:00Z", status: { exported: false, at: "x" }, note: "n" },
    { partitionKey: "p5", updatedOn: "2024-02-03" },
  ),
  doc("a6", { name: "F", competitorSites: [{ entityId: "c1" }], postCode: "AB1 2CD", longText: "x".repeat(40_000) }),
];
const ALL = [...PAGE_1, ...PAGE_2, ...PAGE_3];

describe("ExcelPageFlattener", () => {
  it("discovered columns: a column first seen on page 3 is added where flattenToExcel puts it, earlier rows empty", () => {
    const whole = flattenToExcel(ALL);
    const paged = byPages(ALL, [2, 3, 2]);
    assert.deepEqual(paged, whole);
    // What the comparison covers: page 3's columns exist, in the middle (data.status.* after data.price) and at the end.
    assert.ok(whole.headers.includes("data.status.exported") && whole.headers.includes("id.partitionKey"));
    assert.ok(whole.headers.indexOf("data.status.at") < whole.headers.indexOf("data.exported"));
    assert.ok(!whole.headers.includes("data.status"), "null/{} on pages 1-2, an object on page 3: nested only");
    const at = whole.headers.indexOf("data.status.at");
    assert.deepEqual(
      paged.rows.map((row) => row[at]),
      ["", "", "", "", "x", ""],
    );
    assert.equal(paged.rows.length, 6, "the null entry is skipped");
  });

  it("discovered columns: dates and numbers converted as flattenToExcel converts them, date columns the same", () => {
    const paged = byPages(ALL, [2, 3, 2]);
    const column = (name: string) => paged.rows.map((row) => row[paged.headers.indexOf(name)]);
    assert.equal(column("data.effectiveTime")[0], 45322.25, "an ISO date-time → its serial");
    assert.equal(column("data.effectiveTime")[3], "0001-01-01T00:00:00Z", "out of Excel's range → text");
    assert.deepEqual(column("data.price").slice(0, 3), [1.459, 1.469, ""], "NaN → an empty cell");
    assert.equal((column("data.longText")[5] as string).length, 32_767, "clipped to Excel's limit");
    assert.deepEqual(
      paged.dateColumns.map((d) => d.header),
      ["id.createdOn", "id.updatedOn"],
      "effectiveTime and day hold text too",
    );
    assert.deepEqual(paged.dateColumns, flattenToExcel(ALL).dateColumns);
  });

  it("named columns: the same table for every way of cutting the pages", () => {
    const columns = ["entityId", "name", "price", "effectiveTime", "status.at", "partitionKey", "data.managerEmail"];
    const whole = flattenToExcel(ALL, { columns });
    assert.deepEqual(whole.headers.slice(4), ["data.status.at", "id.partitionKey", "data.managerEmail"]);
    for (const sizes of [[1], [2, 3, 2], [6], [5, 1], [100]]) {
      assert.deepEqual(byPages(ALL, sizes, columns), whole, `pages of ${sizes.join(", ")}`);
    }
  });

  it("named columns: a bare name moves from data.X to id.X when a later page has id.X, as over all documents", () => {
    const documents = [
      doc("b1", { partitionKey: "data's", price: "2024-01-01" }),
      doc("b2", { partitionKey: "data's too", price: 1 }),
      doc("b3", { price: 2 }, { partitionKey: "id's" }),
    ];
    const whole = flattenToExcel(documents, { columns: ["partitionKey", "price"] });
    assert.deepEqual(whole.headers, ["id.partitionKey", "data.price"]);
    assert.deepEqual(
      whole.rows.map((row) => row[0]),
      ["", "", "id's"],
    );
    assert.deepEqual(byPages(documents, [1], ["partitionKey", "price"]), whole);
    assert.deepEqual(byPages(documents, [2, 1], ["partitionKey", "price"]), whole);
  });

  it("named columns: an unknown name is the same error, suggesting a path only page 3 has", () => {
    const expected = (() => {
      try {
        flattenToExcel(ALL, { columns: ["name", "postCod"] });
      } catch (error) {
        return error;
      }
    })();
    assert.ok(expected instanceof UnknownColumnError && expected.suggestions.includes("data.postCode"));
    assert.throws(() => byPages(ALL, [2, 3, 2], ["name", "postCod"]), expected);
    assert.throws(() => byPages(ALL, [2, 3, 2], ["data.status.exportd"]), /no column "data.status.exportd"/);
  });

  it("no documents on any page: named columns get their prefix, discovered columns none", () => {
    assert.deepEqual(byPages([null], [1], ["entityId", "name"]), flattenToExcel([], { columns: ["entityId", "name"] }));
    const flattener = new ExcelPageFlattener();
    flattener.add([]);
    assert.deepEqual(flattener.finish(), { headers: [], rows: [], dateColumns: [] });
  });

  it("random documents in random pages give flattenToExcel's table (fields keep one type, as Kalibrate's do)", () => {
    let seed = 17;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const fields = ["a", "b", "c", "d", "e", "f"];
    const valueOf = (field: string, i: number): unknown => {
      const roll = random();
      if (roll < 0.15) return null;
      if (field === "a") return i * 1.5;
      if (field === "b") return `2024-01-${String((i % 28) + 1).padStart(2, "0")}`;
      if (field === "c") return roll < 0.3 ? {} : { x: i, y: roll < 0.6 ? "t" : null };
      if (field === "d") return roll < 0.5;
      if (field === "e") return [i];
      return `text ${i}`;
    };
    for (let trial = 0; trial < 40; trial++) {
      const count = 1 + Math.floor(random() * 30);
      const documents = Array.from({ length: count }, (_, i) =>
        random() < 0.05
          ? null
          : doc(
              `r${i}`,
              Object.fromEntries(fields.filter(() => random() < 0.5).map((field) => [field, valueOf(field, i)])),
              random() < 0.1 ? { extra: i } : {},
            ),
      );
      const sizes = [1 + Math.floor(random() * 7), 1 + Math.floor(random() * 7)];
      assert.deepEqual(byPages(documents, sizes), flattenToExcel(documents), `trial ${trial}, discovered`);
      const columns = ["a", "b", "c.x", "c.y", "d", "e", "f", "extra"];
      const whole = (() => {
        try {
          return flattenToExcel(documents, { columns });
        } catch (error) {
          return error;
        }
      })();
      if (whole instanceof Error) assert.throws(() => byPages(documents, sizes, columns), whole);
      else assert.deepEqual(byPages(documents, sizes, columns), whole, `trial ${trial}, named`);
    }
  });

  it("the one documented difference: a path that was an object on an earlier page and a value later", () => {
    const documents = [doc("o1", { v: { x: 1 } }), doc("o2", { v: 5 })];
    assert.deepEqual(flattenToExcel(documents).rows[0].slice(-2), ['{"x":1}', 1]);
    const paged = byPages(documents, [1]);
    assert.deepEqual(paged.headers, flattenToExcel(documents).headers);
    assert.deepEqual(paged.rows[0].slice(-2), ["", 1], "the earlier row's object is not kept");
  });
});

describe("excelTableOfPages", () => {
  const sites = [
    doc("s1", { name: "A", brand: { entityId: "b1" } }),
    doc("s2", { name: "B", brand: { entityId: "b2" } }),
    doc("s3", { name: "C", brand: { entityId: "b1" } }),
  ];
  const brands = new Map<string, unknown>([
    ["b1", doc("b1", { name: "Shell" })],
    ["b2", doc("b2", { name: "BP" })],
  ]);

  it("expands references page by page into the table expandReferences + flattenToExcel give", async () => {
    const lookups: string[] = [];
    const lookup: ReferenceLookup = async (target) => {
      lookups.push(target.collection);
      return brands;
    };
    const columns = ["name", "brand.name"];
    const { table, read } = await excelTableOfPages(
      async (onPage) => {
        for (const page of pages(sites, [1])) onPage(page);
        return "read";
      },
      { columns, lookup },
    );
    assert.equal(read, "read");
    assert.deepEqual(table, flattenToExcel(await expandReferences(sites, columns, lookup), { columns }));
    assert.deepEqual(
      table.rows.map((row) => row[1]),
      ["Shell", "BP", "Shell"],
    );
  });

  it("a failing lookup stops the read and is the error; nothing is returned", async () => {
    let signalSeen: AbortSignal | undefined;
    const failing: ReferenceLookup = async () => {
      throw new Error("brands failed");
    };
    await assert.rejects(
      excelTableOfPages(
        async (onPage, signal) => {
          signalSeen = signal;
          onPage(sites.slice(0, 1));
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (signal.aborted) throw new Error("aborted by the failure");
          onPage(sites.slice(1));
          return "read";
        },
        { columns: ["brand.name"], lookup: failing },
      ),
      /brands failed/,
    );
    assert.equal(signalSeen?.aborted, true, "the read was told to stop");
  });

  it("columns that cannot go through a reference never look anything up", async () => {
    const lookup: ReferenceLookup = async () => assert.fail("no lookup expected");
    const { table } = await excelTableOfPages(
      async (onPage) => {
        onPage(sites);
      },
      { columns: ["name", "brand.entityId", "data.brand"], lookup },
    );
    assert.deepEqual(table.rows[0], ["A", "b1", '{"entityId":"b1"}']);
  });
});
