// A paged read straight into an Excel table: each page is expanded (references named by the columns) and converted
// as it arrives, then dropped, so the read is held once, as rows. Used where the documents are not kept afterwards
// (a report's fetch); see ExcelPageFlattener for how the result equals flattenToExcel over all the pages.
import type { ExcelTable } from "./excel-values";
import { ExcelPageFlattener } from "./page-flattener";
import { expandReferences, mayExpandReferences, type ReferenceLookup } from "./references";

/** Reads pages: hands each page's documents to `onPage` in order; stops and rejects when `signal` fires. */
export type PagedRead<R> = (onPage: (documents: readonly unknown[]) => void, signal: AbortSignal) => Promise<R>;

export interface ExcelPagesOptions {
  /** Exactly these columns (as flatten takes them); every field when absent. */
  columns?: readonly string[];
  /** Where referenced documents come from, for columns such as data.brand.name. */
  lookup?: ReferenceLookup;
  signal?: AbortSignal;
}

/**
 * Runs `read` and converts its pages one at a time. A page that needs referenced documents waits (in page order)
 * until its lookup is loaded, the read going on meanwhile; the first lookup error stops the read and is what this
 * rejects with. Nothing is written anywhere: the caller gets the whole table or an error.
 */
export async function excelTableOfPages<R>(
  read: PagedRead<R>,
  options: ExcelPagesOptions = {},
): Promise<{ table: ExcelTable; read: R }> {
  const { columns, lookup } = options;
  const flattener = new ExcelPageFlattener({ columns });
  const controller = new AbortController();
  const stop = () => controller.abort();
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener("abort", stop, { once: true });
  const expanding = columns !== undefined && lookup !== undefined && mayExpandReferences(columns);
  let pending: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const onPage = (documents: readonly unknown[]) => {
    if (!expanding) return flattener.add(documents);
    pending = pending.then(async () => {
      if (failure) return;
      try {
        flattener.add(await expandReferences(documents, columns, lookup));
      } catch (error) {
        failure = { error };
        stop();
      }
    });
  };
  try {
    let result: R;
    try {
      result = await read(onPage, controller.signal);
    } catch (error) {
      await pending;
      throw failure ? failure.error : error;
    }
    await pending;
    if (failure) throw failure.error;
    return { table: flattener.finish(), read: result };
  } finally {
    options.signal?.removeEventListener("abort", stop);
  }
}
