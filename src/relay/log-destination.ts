// Where the relay's log lines go by default: stdout, the lines of up to 50 ms (or 32 KB) gathered into one synchronous
// write. pino's default (an asynchronous SonicBoom) hands each batch to libuv's thread pool: on a 2-core machine under
// load, waking that thread and handing the write back cost more than the line itself (measured ~20 µs of a small
// request's ~150). A write per event-loop turn still cost 8% of a loaded relay's CPU (a system call for every two or
// three requests); one per 50 ms costs nothing measurable, and a line is at most 50 ms late. SonicBoom still does the
// writing (EAGAIN retries on pipes, partial writes); lines still pending when the process exits are written then.
import pino from "pino";

let shared: pino.DestinationStream | undefined;

/** One per process, whichever relays it runs. */
export function stdoutLogDestination(): pino.DestinationStream {
  shared ??= gatheringDestination();
  return shared;
}

const GATHER_MS = 50;
const GATHER_BYTES = 32 * 1024;

function gatheringDestination(): pino.DestinationStream {
  const stdout = pino.destination({ dest: 1, sync: true });
  let pending = "";
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending === "") return;
    const lines = pending;
    pending = "";
    stdout.write(lines);
  };
  process.once("exit", flush);
  return {
    write(line: string) {
      pending += line;
      if (pending.length >= GATHER_BYTES) flush();
      // Unref'd: a relay that is closing does not wait for its log; the exit handler writes what is left.
      else timer ??= setTimeout(flush, GATHER_MS).unref();
    },
  };
}
