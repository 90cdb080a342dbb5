// The sandbox's documents against Kalibrate's own field lists: §7 of the shared reference file (the Sandpit template's
// JSON names and the dm* pages' columns) is parsed here, and every field it names must be in the sandbox's field
// table (src/sandbox/data/fields.ts) and in every generated document of that kind, non-null in some.

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ALWAYS_NULL, FIELDS, fieldsFor } from "../../src/sandbox/data/fields";
import { generateData } from "../../src/sandbox/data/seed";
import type { KalibrateDocument } from "../../src/sandbox/data/documents";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const REFERENCE = `${REPO}../shared/kalibrate-data-api.md`;

interface Listed {
  /** `Site / Own` in the reference: collection, then variant or entity type. */
  collection: string;
  name: string;
  /** Field names in lower case (JSON names compare case-insensitively with the dm pages' columns). */
  fields: string[];
  /** `extendedProperties[].name`, `status.exported`: paths inside a field. */
  nested: string[];
}

function readReference(): string {
  if (!existsSync(REFERENCE)) {
    assert.fail(
      `The Kalibrate reference file is missing: ${REFERENCE}. The sandbox's field lists are checked against its §7; ` +
        "put the shared docs next to the repository (../shared) to run this test.",
    );
  }
  return readFileSync(REFERENCE, "utf8");
}

const backticked = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** A dm page column in JSON: camelCase, and a `…UID` with a reference entity is named after what it points at. */
function columnToField(column: string, referenced: boolean): string {
  const name = referenced && column.endsWith("UID") ? column.slice(0, -3) : column;
  return name.toLowerCase();
}

function parseSection7(text: string): Listed[] {
  const start = text.search(/^## 7\./m);
  const end = text.search(/^## 8\./m);
  assert.ok(start >= 0 && end > start, "the reference file has a §7 followed by a §8");
  const lines = text.slice(start, end).split("\n");
  // A block starts with a bold `**Collection / Name…**` line and runs until the next one or a blank line.
  const blocks: string[] = [];
  for (const line of lines) {
    if (line.startsWith("**")) blocks.push(line);
    else if (line.trim() === "") blocks.push("");
    else if (blocks.length > 0 && blocks[blocks.length - 1] !== "") blocks[blocks.length - 1] += ` ${line.trim()}`;
  }
  const listed: Listed[] = [];
  for (const block of blocks) {
    const label = /^\*\*(\w+) \/ (\w+)(?:, \w+)?(.*?)\*\*(.*)$/.exec(block);
    if (!label) continue;
    const [, collection, name, rest, body] = label;
    const entry: Listed = { collection, name, fields: [], nested: [] };
    if (rest.includes("JSON")) {
      const list = body.slice(body.indexOf("):") + 2).split(/\.\s*\(|\.\s*$/)[0];
      entry.fields = list
        .split(",")
        .map((f) => f.trim().replace(/\.$/, ""))
        .filter((f) => /^[a-z][A-Za-z0-9]*$/.test(f))
        .map((f) => f.toLowerCase());
    } else if (body.includes("`data` fields:")) {
      entry.fields = backticked(body.slice(body.indexOf("fields:"), body.indexOf("("))).map((f) => f.toLowerCase());
    } else if (body.includes(" minus ") && body.includes(" plus ")) {
      const own = listed.find((l) => l.collection === collection && l.name === "Own");
      assert.ok(own, `the ${collection} / ${name} list is defined from the Own list, which comes first`);
      const minus = backticked(body.slice(body.indexOf(" minus "), body.indexOf(" plus "))).map((f) => f.toLowerCase());
      const plus = backticked(body.slice(body.indexOf(" plus "), body.indexOf(";"))).map((f) => f.toLowerCase());
      entry.fields = [...own.fields.filter((f) => !minus.includes(f)), ...plus];
    } else {
      // `Address`…`Address5` stands for Address, Address2 … Address5.
      const expanded = body.replace(/`(\w+)`…`\1(\d)`/g, (_, base: string, last: string) =>
        [base, ...Array.from({ length: Number(last) - 1 }, (_x, i) => `${base}${i + 2}`)]
          .map((c) => `\`${c}\``)
          .join(" "),
      );
      for (const match of expanded.matchAll(/`([^`]+)`(→)?/g)) {
        const token = match[1];
        if (/^[A-Z][A-Za-z0-9]*$/.test(token)) {
          const extended = /^ExtendedProperties(\w+)$/.exec(token);
          if (extended) entry.nested.push(`extendedproperties[].${extended[1].toLowerCase()}`);
          else entry.fields.push(columnToField(token, match[2] === "→"));
        } else if (/^(data\.)?[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)*$/.test(token)) {
          const path = token.replace(/^data\./, "").toLowerCase();
          if (path.includes(".")) entry.nested.push(path);
          else entry.fields.push(path);
        }
      }
    }
    const same = listed.find((l) => l.collection === collection && l.name === name);
    if (same) {
      same.fields = [...new Set([...same.fields, ...entry.fields])];
      same.nested.push(...entry.nested);
    } else listed.push(entry);
  }
  return listed;
}

const lists = parseSection7(readReference());
const data = generateData({ seed: "fields", size: 5000 });

const byCollection = new Map<string, KalibrateDocument[]>();
function documentsOf(collection: string, name?: string): KalibrateDocument[] {
  let all = byCollection.get(collection);
  if (!all) byCollection.set(collection, (all = [...data.documents(collection)]));
  return name === undefined ? all : all.filter((d) => d.id.entityVariant === name || d.id.entityType === name);
}

/** The values at a lower-case path such as `extendedproperties[].name` or `status.exported`, case-insensitively. */
function valuesAt(document: KalibrateDocument, path: string): unknown[] {
  let values: unknown[] = [document.data];
  for (const key of path.split(".")) {
    const list = key.endsWith("[]");
    const wanted = (list ? key.slice(0, -2) : key).toLowerCase();
    values = values.flatMap((value) => {
      if (value === null || typeof value !== "object") return [];
      const entry = Object.entries(value).find(([k]) => k.toLowerCase() === wanted);
      if (!entry) return [];
      return list && Array.isArray(entry[1]) ? entry[1] : [entry[1]];
    });
  }
  return values;
}

describe("the sandbox's documents carry Kalibrate's fields (kalibrate-data-api §7)", () => {
  it("the reference's lists are read: Own Site 103 JSON names and more, Own Product 115, Brand 6", () => {
    const count = (collection: string, name: string) =>
      lists.find((l) => l.collection === collection && l.name === name)?.fields.length ?? 0;
    assert.ok(count("Site", "Own") >= 103, `Own Site: ${count("Site", "Own")} fields read`);
    assert.equal(count("Product", "Own"), 115);
    assert.equal(count("Product", "Global"), 115);
    assert.equal(count("Reference", "Brand"), 6);
    for (const [collection, name] of [
      ["Price", "Competitor"],
      ["Price", "Proposed"],
      ["PriceRequest", "Event"],
      ["Product", "Competitor"],
      ["ProductGroup", "Global"],
      ["Reference", "AlternateImportCode"],
      ["Reference", "Area"],
      ["SurveyHistory", "CompetitorSurveyAdjustment"],
      ["SurveyHistory", "CompetitorSurveyTarget"],
      ["Volume", "Delivery"],
      ["Volume", "Forecast"],
    ]) {
      assert.ok(count(collection, name) >= 3, `${collection} / ${name}: ${count(collection, name)} fields read`);
    }
  });

  it("every field the reference lists is in the sandbox's field table", () => {
    const missing: string[] = [];
    for (const { collection, name, fields, nested } of lists) {
      const table = fieldsFor(collection, name);
      if (!table) {
        if (fields.length > 0) missing.push(`${collection} / ${name}: no entry in fields.ts`);
        continue;
      }
      const have = new Set(Object.keys(table).map((f) => f.toLowerCase()));
      for (const field of [...fields, ...nested.map((p) => p.split(/[.[]/)[0])]) {
        if (!have.has(field)) missing.push(`${collection} / ${name}: ${field}`);
      }
    }
    assert.deepEqual(
      missing,
      [],
      `fields listed in §7 but missing from src/sandbox/data/fields.ts:\n${missing.join("\n")}`,
    );
  });

  it("every generated document carries every field of its kind, each non-null in some document", () => {
    const problems: string[] = [];
    const present = (documents: KalibrateDocument[], field: string) =>
      documents.some((d) => valuesAt(d, field).some((v) => v !== null && v !== undefined));
    // Every field of the table, in every document the entry covers, non-null in some of them.
    for (const [key, table] of Object.entries(FIELDS)) {
      const [collection, name] = key.split("/");
      const documents = documentsOf(collection, name);
      if (documents.length === 0) problems.push(`${key}: no documents`);
      for (const field of Object.keys(table)) {
        const absent = documents.find((d) => !Object.prototype.hasOwnProperty.call(d.data, field));
        if (absent) problems.push(`${key}: ${absent.id.entityId} has no ${field}`);
        const filled = documents.some((d) => d.data[field] !== null && d.data[field] !== undefined);
        if (!filled && !(ALWAYS_NULL[key] ?? []).includes(field)) {
          problems.push(`${key}: ${field} is always null`);
        }
      }
    }
    // Every field §7 lists for a kind, non-null in some documents of exactly that kind.
    for (const { collection, name, fields, nested } of lists) {
      if (fields.length === 0) continue;
      const documents = documentsOf(collection, name);
      const key = FIELDS[`${collection}/${name}`] ? `${collection}/${name}` : collection;
      const allowedNull = (ALWAYS_NULL[key] ?? []).map((f) => f.toLowerCase());
      for (const field of [...fields, ...nested]) {
        const absent = documents.find((d) => valuesAt(d, field).length === 0 && !field.includes("[]"));
        if (absent) problems.push(`${collection} / ${name}: ${absent.id.entityId} has no ${field}`);
        if (!present(documents, field) && !allowedNull.includes(field)) {
          problems.push(`${collection} / ${name}: ${field} is always null`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it("values have the kinds the table gives them, in sensible ranges", () => {
    const problems: string[] = [];
    const check = (label: string, kind: string, value: unknown) => {
      if (value === null) return kind.startsWith("?") ? undefined : problems.push(`${label} is null`);
      const [type, low, high] = kind.replace(/^\?/, "").split(" ");
      const ok = type.startsWith("bool")
        ? typeof value === "boolean"
        : type === "int"
          ? Number.isInteger(value) && (low === undefined || ((value as number) >= +low && (value as number) <= +high))
          : type === "num"
            ? typeof value === "number" &&
              Number.isFinite(value) &&
              (low === undefined || ((value as number) >= +low && (value as number) <= +high))
            : type === "time" || type === "future"
              ? typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(value)
              : type === "guid"
                ? typeof value === "string" &&
                  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(value)
                : type === "ref"
                  ? typeof value === "object" && typeof (value as { entityId?: unknown }).entityId === "string"
                  : type === "text"
                    ? typeof value === "string" && value !== ""
                    : type === "list"
                      ? Array.isArray(value)
                      : typeof value === "object";
      if (!ok) problems.push(`${label} = ${JSON.stringify(value)} is not ${kind}`);
    };
    for (const collection of ["Site", "Product", "Reference", "ProductGroup", "PriceRequest", "SurveyHistory"]) {
      for (const document of data.documents(collection)) {
        const name = FIELDS[`${collection}/${document.id.entityVariant}`]
          ? document.id.entityVariant
          : document.id.entityType;
        const table = fieldsFor(collection, name);
        assert.ok(table, `${collection} / ${name} has a field table`);
        const alwaysNull = ALWAYS_NULL[`${collection}/${name}`] ?? [];
        for (const [field, kind] of Object.entries(table)) {
          if (!alwaysNull.includes(field)) check(`${collection}/${name}.${field}`, kind, document.data[field]);
        }
      }
    }
    assert.deepEqual(problems.slice(0, 20), []);
  });

  it("every {entityId} reference in every collection resolves to a document", () => {
    const ids = new Set<string>();
    const collections = [
      "Price",
      "Product",
      "Site",
      "Reference",
      "Volume",
      "SurveyHistory",
      "PriceRequest",
      "ProductGroup",
    ];
    for (const collection of collections) for (const d of data.documents(collection)) ids.add(d.id.entityId);
    const dangling: string[] = [];
    let references = 0;
    for (const collection of collections) {
      for (const document of data.documents(collection)) {
        for (const [field, value] of Object.entries(document.data)) {
          for (const item of Array.isArray(value) ? value : [value]) {
            if (item === null || typeof item !== "object" || !("entityId" in item)) continue;
            references++;
            if (!ids.has(item.entityId as string)) dangling.push(`${collection} ${document.id.entityId} .${field}`);
          }
        }
      }
    }
    assert.ok(references > 10_000, `${references} references checked`);
    assert.deepEqual(dangling.slice(0, 10), []);
  });

  it("own products name their product and point at their global product and site; sites at a terminal", () => {
    const globals = new Map(data.globalProducts.map((g) => [g.id.entityId, g]));
    const sites = new Set(data.ownSites.map((s) => s.id.entityId));
    for (const own of data.ownProducts) {
      const global = globals.get((own.data.product as { entityId: string }).entityId);
      assert.ok(global, "an own product's product is a global product");
      assert.equal(own.data.name, global.data.name);
      assert.ok(sites.has((own.data.site as { entityId: string }).entityId));
    }
    for (const global of data.globalProducts) {
      assert.equal(typeof global.data.importCode, "string");
      assert.equal(typeof global.data.alternateImportCodes, "string");
    }
    const terminals = new Set(data.terminals.map((t) => t.id.entityId));
    assert.ok(data.ownSites.every((s) => terminals.has((s.data.terminal as { entityId: string }).entityId)));
  });
});
