// Injected faults: a path prefix (case-insensitive) and what to do to the next matching requests.

import { randomUUID } from "node:crypto";

export const FAULT_KINDS = ["status", "latency", "drop", "truncate"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  /** Path prefix, e.g. `/api/price` (also matches `/api/pricerequest`) or the token path. */
  path: string;
  kind: FaultKind;
  /** For `status`: the HTTP status to answer with (default 503). */
  status?: number;
  /** For `status`: seconds to put in a Retry-After header. */
  retryAfter?: number;
  /** Delay before acting (any kind); the whole effect of `latency`. */
  latencyMs?: number;
  /** How many requests to affect; omitted = until cleared. */
  times?: number;
  /** Matching requests to let through untouched before the fault starts (e.g. fail a paged read halfway). */
  after?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  /** Requests still to affect; null = until cleared. */
  remaining: number | null;
  hits: number;
  /** Matching requests still to let through before the fault acts. */
  waiting: number;
}

export class FaultStore {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = {
      ...spec,
      id: randomUUID(),
      remaining: spec.times ?? null,
      hits: 0,
      waiting: spec.after ?? 0,
    };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * The first fault (in the order added) whose prefix matches the path, counted as used; undefined if none, or when
   * that fault is still letting its first `after` requests through (they pass untouched by any other fault too).
   */
  take(path: string): Fault | undefined {
    const lower = path.toLowerCase();
    const fault = this.faults.find((candidate) => lower.startsWith(candidate.path.toLowerCase()));
    if (!fault) return undefined;
    if (fault.waiting > 0) {
      fault.waiting--;
      return undefined;
    }
    fault.hits++;
    if (fault.remaining !== null && --fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }
}
