// Where the relay's log lines go by default: stdout, every line written in the same turn of the event loop gathered
// into one synchronous write at the end of that turn. pino's default (an asynchronous SonicBoom) hands each batch to
// libuv's thread pool: on a 2-core machine under load, waking that thread and handing the write back cost more than
// the line itself (measured ~20 µs of a small request's ~150). One write per turn on the main thread costs one system
// call for however many requests finished in it, and a line waits at most until the turn ends. SonicBoom still does the
// writing (EAGAIN retries on pipes, partial writes); lines still pending when the process exits are written then.
import pino from "pino";

let shared: pino.DestinationStream | undefined;

/** One per process, whichever relays it runs. */
export function stdoutLogDestination(): pino.DestinationStream {
  shared ??= gatheringDestination();
  return shared;
}

function gatheringDestination(): pino.DestinationStream {
  const stdout = pino.destination({ dest: 1, sync: true });
  let pending = "";
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending === "") return;
    const lines = pending;
    pending = "";
    stdout.write(lines);
  };
  process.once("exit", flush);
  return {
    write(line: string) {
      pending += line;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
}
