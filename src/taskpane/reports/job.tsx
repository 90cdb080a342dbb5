// One report job at a time in the pane (insert, refresh, edit): its progress, its Cancel, the question it may ask,
// and the sentence it ends with. Shared by the builder and the Reports list through a context.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Confirm, ReportProgress } from "../../reports/service";
import { useConfirm } from "./ConfirmDialog";

export interface JobTools {
  signal: AbortSignal;
  onProgress: (progress: ReportProgress) => void;
  confirm: Confirm;
}

export interface Outcome {
  intent: "success" | "error" | "warning";
  text: string;
}

export interface RunningJob {
  label: string;
  startedAt: number;
  progress?: ReportProgress;
}

export interface ReportJobs {
  running?: RunningJob;
  outcome?: Outcome;
  /** Runs `work` unless a job is running; its resolved text is a success, a thrown error's message a failure. */
  run(label: string, work: (tools: JobTools) => Promise<string>): Promise<void>;
  cancel(): void;
  confirm: Confirm;
}

const JobContext = createContext<ReportJobs | undefined>(undefined);

export function useReportJobs(): ReportJobs {
  const jobs = useContext(JobContext);
  if (!jobs) throw new Error("useReportJobs needs a ReportJobProvider around it.");
  return jobs;
}

export function ReportJobProvider({ children }: { children: ReactNode }) {
  const { dialog, ask } = useConfirm();
  const [running, setRunning] = useState<RunningJob>();
  const [outcome, setOutcome] = useState<Outcome>();
  const controller = useRef<AbortController>();

  const run = useCallback(
    async (label: string, work: (tools: JobTools) => Promise<string>) => {
      if (controller.current) return;
      const abort = new AbortController();
      controller.current = abort;
      setOutcome(undefined);
      setRunning({ label, startedAt: Date.now() });
      try {
        const text = await work({
          signal: abort.signal,
          onProgress: (progress) => setRunning((r) => (r ? { ...r, progress } : r)),
          confirm: ask,
        });
        setOutcome({ intent: "success", text });
      } catch (error) {
        const reason = (error as { reason?: string }).reason;
        setOutcome({ intent: reason === "failed" || !reason ? "error" : "warning", text: (error as Error).message });
      } finally {
        controller.current = undefined;
        setRunning(undefined);
      }
    },
    [ask],
  );
  const cancel = useCallback(() => controller.current?.abort(), []);
  const value = useMemo(() => ({ running, outcome, run, cancel, confirm: ask }), [running, outcome, run, cancel, ask]);
  return (
    <JobContext.Provider value={value}>
      {children}
      {dialog}
    </JobContext.Provider>
  );
}

/** Re-renders every `ms` while `active`, so elapsed time moves between progress events. */
export function useTicker(active: boolean, ms = 250): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
  return now;
}
