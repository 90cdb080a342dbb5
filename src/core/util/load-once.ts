// A part loaded on first use (an import() of a chunk): every caller waits for the same load, and a load that failed is
// tried again by the next caller instead of failing for good (the network or the add-in's server may be back).
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
