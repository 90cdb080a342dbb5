// The sentence for a part of the pane that could not load on demand (webpack rejects a failed import() with a
// ChunkLoadError: the add-in's server or the network went away after the pane opened, or a new version replaced the
// files) or that failed while drawing.

const isChunkLoadError = (error: Error) =>
  error.name === "ChunkLoadError" || /Loading chunk .* failed/.test(error.message);

export function loadFailureMessage(what: string, error: Error): string {
  return isChunkLoadError(error)
    ? `${what} could not be loaded: the add-in's files did not arrive (no network, or the add-in was updated). ` +
        "Reload the pane to try again, or close it and open it again (Home › Kalibrate)."
    : `${what} stopped with an error: ${error.message} Reload the pane to start it again.`;
}
