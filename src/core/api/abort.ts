// Small cancellation helpers written against AbortController only (AbortSignal.any is missing from older Office
// webviews).
import { CancelledError } from "./errors";

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** Runs `onAbort` once when `signal` fires; returns the function that detaches it. */
export function onAbort(signal: AbortSignal | undefined, onAbort: () => void): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    onAbort();
    return () => undefined;
  }
  signal.addEventListener("abort", onAbort, { once: true });
  return () => signal.removeEventListener("abort", onAbort);
}

/** `promise`, or a CancelledError as soon as `signal` fires (the work behind `promise` is not stopped by this). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const detach = onAbort(signal, () => reject(new CancelledError()));
    promise.then(
      (value) => {
        detach();
        resolve(value);
      },
      (error: unknown) => {
        detach();
        reject(error);
      },
    );
  });
}

/** Waits `ms` with setTimeout; rejects with CancelledError when `signal` fires first. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new CancelledError());
  return new Promise<void>((resolve, reject) => {
    const detach = onAbort(signal, () => {
      clearTimeout(timer);
      reject(new CancelledError());
    });
    const timer = setTimeout(() => {
      detach();
      resolve();
    }, ms);
  });
}
