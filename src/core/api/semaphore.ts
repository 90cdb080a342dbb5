// Caps how many HTTP requests one DataApiClient has in flight, across all queries: a report's pages and a sheet full
// of KALIBRATE cells share the same budget, so Kalibrate sees at most `concurrency` requests from this workbook.
import { CancelledError } from "./errors";
import { onAbort } from "./abort";

export class Semaphore {
  #available: number;
  readonly #waiting: Array<() => void> = [];

  constructor(permits: number) {
    this.#available = Math.max(1, Math.floor(permits));
  }

  /** Resolves with the release function once a permit is free; rejects with CancelledError if `signal` fires first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    if (this.#available > 0) {
      this.#available -= 1;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = () => {
        detach();
        resolve(this.#releaser());
      };
      const detach = onAbort(signal, () => {
        const index = this.#waiting.indexOf(grant);
        if (index !== -1) this.#waiting.splice(index, 1);
        reject(new CancelledError());
      });
      this.#waiting.push(grant);
    });
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#available += 1;
    };
  }
}
