// The report definitions of a workbook, one stored entry per report (a damaged entry then spoils only itself).
// The storage is injected: document settings in Excel (src/excel/reports/settings-storage.ts), a Map in tests.
import {
  isProblem,
  onlyKnownFields,
  readDefinition,
  type DefinitionProblem,
  type ReportDefinition,
} from "./definition";

export const DEFINITION_KEY_PREFIX = "kalibrate.report.";

export interface DefinitionStorage {
  /** Every stored entry whose key starts with the prefix. */
  entries(prefix: string): Promise<Array<{ key: string; value: unknown }>>;
  put(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface ReportListing {
  reports: ReportDefinition[];
  problems: DefinitionProblem[];
}

export const definitionKey = (id: string) => `${DEFINITION_KEY_PREFIX}${id}`;

export class ReportStore {
  constructor(private readonly storage: DefinitionStorage) {}

  /** Every definition, oldest first; entries that cannot be read come back as problems, never as an error. */
  async list(): Promise<ReportListing> {
    const entries = await this.storage.entries(DEFINITION_KEY_PREFIX);
    const reports: ReportDefinition[] = [];
    const problems: DefinitionProblem[] = [];
    for (const { key, value } of entries) {
      const read = readDefinition(key, value);
      if (isProblem(read)) problems.push(read);
      else if (definitionKey(read.id) !== key) {
        problems.push({
          key,
          tableName: read.tableName,
          message: `The report definition "${key}" names the id "${read.id}", which does not match its key; delete it and insert the report again.`,
        });
      } else reports.push(read);
    }
    reports.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return { reports, problems };
  }

  async get(id: string): Promise<ReportDefinition | undefined> {
    const { reports } = await this.list();
    return reports.find((r) => r.id === id);
  }

  async save(definition: ReportDefinition): Promise<void> {
    await this.storage.put(definitionKey(definition.id), onlyKnownFields(definition));
  }

  /** Removes a definition by id, or a damaged entry by its key. */
  async remove(idOrKey: string): Promise<void> {
    await this.storage.remove(idOrKey.startsWith(DEFINITION_KEY_PREFIX) ? idOrKey : definitionKey(idOrKey));
  }
}

/** An id that is short, readable in the settings, and unique enough for one workbook. */
export function newReportId(now: number = Date.now()): string {
  return `${now.toString(36)}${Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, "0")}`;
}
