// Columns to fields: headers are compared without case, spaces, underscores, dashes or dots, against the field's
// name, its label and its synonyms ("Site ID" = "siteID", "Pump price" = "price"). A saved mapping (by header text)
// wins over the automatic one, so an analyst's choice survives new columns.
import { IMPORT_FIELDS, type ImportKind } from "./kinds";

/** Field name → column index in the source, or undefined when the field is not mapped. */
export type ColumnMapping = Record<string, number | undefined>;

/** What the workbook keeps per kind: field name → header text (never a value from the rows). */
export type SavedMapping = Record<string, string>;

export function normalizeHeader(text: unknown): string {
  return String(text ?? "")
    .toLowerCase()
    .replace(/[\s_\-.]+/g, "");
}

export function autoMap(kind: ImportKind, headers: readonly unknown[], saved?: SavedMapping): ColumnMapping {
  const normalized = headers.map(normalizeHeader);
  const taken = new Set<number>();
  const mapping: ColumnMapping = {};
  const claim = (fieldName: string, index: number) => {
    mapping[fieldName] = index;
    taken.add(index);
  };
  for (const spec of IMPORT_FIELDS[kind]) {
    const header = saved?.[spec.name];
    if (header === undefined) continue;
    const index = normalized.indexOf(normalizeHeader(header));
    if (index >= 0 && !taken.has(index)) claim(spec.name, index);
  }
  // Exact names first, then labels and synonyms, so "Site ID" never steals the "siteID" column's place.
  const passes = [
    (spec: (typeof IMPORT_FIELDS)[ImportKind][number]) => [spec.name],
    (spec: (typeof IMPORT_FIELDS)[ImportKind][number]) => [spec.label, ...spec.synonyms],
  ];
  for (const candidates of passes) {
    for (const spec of IMPORT_FIELDS[kind]) {
      if (mapping[spec.name] !== undefined) continue;
      const names = candidates(spec).map(normalizeHeader);
      const index = normalized.findIndex((header, i) => !taken.has(i) && header !== "" && names.includes(header));
      if (index >= 0) claim(spec.name, index);
    }
  }
  return mapping;
}

/** The mapping as the workbook keeps it: header texts, so it still applies when columns move. */
export function toSavedMapping(mapping: ColumnMapping, headers: readonly unknown[]): SavedMapping {
  const saved: SavedMapping = {};
  for (const [name, index] of Object.entries(mapping)) {
    if (index !== undefined && headers[index] !== undefined) saved[name] = String(headers[index]);
  }
  return saved;
}

/** Required fields that no column is mapped to. */
export function unmappedRequired(kind: ImportKind, mapping: ColumnMapping): string[] {
  return IMPORT_FIELDS[kind].filter((spec) => spec.required && mapping[spec.name] === undefined).map((s) => s.label);
}
