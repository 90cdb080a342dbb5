// The sentence for a part of the add-in that could not load on demand (webpack rejects a failed import() with a
// ChunkLoadError: the add-in's server or the network went away after it opened, or a new version replaced the files)
// or that failed while starting. The pane says to reload it; a KALIBRATE cell says how to try again from the sheet.

const PANE_AGAIN = "Reload the pane to try again, or close it and open it again (Home › Kalibrate).";
const PANE_RESTART = "Reload the pane to start it again.";

const isChunkLoadError = (error: Error) =>
  error.name === "ChunkLoadError" || /Loading chunk .* failed/.test(error.message);

/** `again` replaces the pane's advice (reload the pane) where the way out is elsewhere, such as Refresh for a cell. */
export function loadFailureMessage(what: string, error: Error, again?: string): string {
  return isChunkLoadError(error)
    ? `${what} could not be loaded: the add-in's files did not arrive (no network, or the add-in was updated). ${again ?? PANE_AGAIN}`
    : `${what} stopped with an error: ${error.message} ${again ?? PANE_RESTART}`;
}
