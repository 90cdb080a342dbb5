// Every Refresh's outcome as one sentence, the ribbon's included (the ribbon has nowhere to say it): refresh.ts, which
// loads with the first Refresh, announces here, and the pane listens here, so listening loads none of Refresh's code.
import { Listeners } from "../core/util";

const listeners = new Listeners<[outcome: string]>();

export function onRefreshOutcome(listener: (outcome: string) => void): () => void {
  return listeners.add(listener);
}

export function announceRefreshOutcome(outcome: string): void {
  listeners.emit(outcome);
}
