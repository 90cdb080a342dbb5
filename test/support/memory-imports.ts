// In-memory ports for ImportService tests: a workbook of plain arrays and settings, and an import API that records
// every POST and answers status checks like the sandbox (queued first, then the outcome).
import type { CellMark, ImportApi, ImportWorkbook, OperationResult, SourceData } from "../../src/imports/ports";
import type { Rights } from "../../src/imports/rights";
import type { ImportRecord } from "../../src/imports/validate";

export const CATALOGUE = {
  site: [
    { id: { entityId: "s1", entityVariant: "Competitor" }, data: { name: "Tesco Bath", importCode: "C001" } },
    { id: { entityId: "s2", entityVariant: "Competitor" }, data: { name: "Shell Leeds", importCode: "C002" } },
    { id: { entityId: "o1", entityVariant: "Own" }, data: { name: "Own Site 1", importCode: "OWN001" } },
  ],
  product: [
    { id: { entityId: "g1", entityVariant: "Global" }, data: { name: "Diesel", importCode: "DSL" } },
    { id: { entityId: "g2", entityVariant: "Global" }, data: { name: "Unleaded", importCode: "ULG" } },
    {
      id: { entityId: "p1", entityVariant: "Competitor" },
      data: { site: { entityId: "s1" }, product: { entityId: "g1" } },
    },
    {
      id: { entityId: "p2", entityVariant: "Competitor" },
      data: { site: { entityId: "s1" }, product: { entityId: "g2" } },
    },
    {
      id: { entityId: "p3", entityVariant: "Competitor" },
      data: { site: { entityId: "s2" }, product: { entityId: "g1" } },
    },
    { id: { entityId: "p4", entityVariant: "Own" }, data: { site: { entityId: "o1" }, product: { entityId: "g1" } } },
  ],
};

export class MemoryWorkbook implements ImportWorkbook {
  settings = new Map<string, unknown>();
  sheets = new Map<string, unknown[][]>();
  marks: CellMark[] = [];
  constructor(public source: SourceData) {}
  async read(): Promise<SourceData> {
    return structuredClone(this.source);
  }
  async tableNames(): Promise<string[]> {
    return [];
  }
  async markCells(_source: SourceData, marks: readonly CellMark[]) {
    this.marks.push(...marks);
    return { marked: marks.length, skipped: 0 };
  }
  async clearMarks(): Promise<number> {
    const count = this.marks.length;
    this.marks = [];
    return count;
  }
  async writeSheet(baseName: string, rows: unknown[][]): Promise<string> {
    const name = `${baseName} ${this.sheets.size + 1}`;
    this.sheets.set(name, rows);
    return name;
  }
  storage = {
    entries: async (prefix: string) =>
      [...this.settings]
        .filter(([k]) => k.startsWith(prefix))
        .map(([key, value]) => ({ key, value: structuredClone(value) })),
    put: async (key: string, value: unknown) => void this.settings.set(key, structuredClone(value)),
    remove: async (key: string) => void this.settings.delete(key),
  };
}

export interface Post {
  kind: string;
  records: readonly ImportRecord[];
  key: string;
}

export class MemoryApi implements ImportApi {
  posts: Post[] = [];
  statusChecks = 0;
  rightsAnswer: Rights = "ReadWrite";
  /** Makes the POST with this 1-based number fail; "lost" processes it but loses the answer. */
  failures = new Map<number, { status?: number; message: string; lost?: boolean }>();
  /** Records whose siteID is listed here are rejected by "Kalibrate". */
  rejectSites = new Set<string>();
  private operations = new Map<string, { result: OperationResult; checks: number }>();
  private byKey = new Map<string, string>();
  imported: ImportRecord[] = [];

  environment = () => "sandbox";
  clientId = () => "client-1";
  rights = async () => this.rightsAnswer;
  async query(collection: string) {
    return { documents: CATALOGUE[collection as "site" | "product"] };
  }
  async send(kind: string, records: readonly ImportRecord[], key: string) {
    this.posts.push({ kind, records, key });
    const failure = this.failures.get(this.posts.length);
    if (failure && !failure.lost) {
      const { DataApiError } = await import("../../src/core/api");
      throw new DataApiError(failure.status ? "bad-request" : "network", failure.message, { status: failure.status });
    }
    let operationId = this.byKey.get(key);
    if (!operationId) {
      operationId = `op-${this.operations.size + 1}`;
      this.byKey.set(key, operationId);
      const rejected = records
        .map((r, index) => ({ index, reasons: this.rejectSites.has(String(r.siteID)) ? ["site is closed"] : [] }))
        .filter((r) => r.reasons.length > 0);
      records.forEach((r, index) => {
        if (!rejected.some((x) => x.index === index)) this.imported.push(r);
      });
      this.operations.set(operationId, {
        checks: 0,
        result: {
          operationId,
          status: rejected.length ? "CompletedWithErrors" : "Completed",
          acceptedCount: records.length - rejected.length,
          rejectedCount: rejected.length,
          rejected,
        },
      });
    }
    if (failure?.lost) {
      const { DataApiError } = await import("../../src/core/api");
      throw new DataApiError("network", failure.message);
    }
    return { operationId };
  }
  async operation(operationId: string): Promise<OperationResult> {
    this.statusChecks++;
    const op = this.operations.get(operationId)!;
    // The first check finds it queued, as an asynchronous import is.
    if (op.checks++ === 0) return { ...op.result, status: "Queued", acceptedCount: 0, rejectedCount: 0, rejected: [] };
    return op.result;
  }
}
