// Import runs are durable jobs. The run's own rows (ImportRun, ImportSource) are the truth about
// progress; the queue only says "someone should work on run X". So a job delivered twice, or a
// run re-queued after a crash, is harmless: the orchestrator skips finished sources and a
// per-run lock keeps two workers off the same run.
export interface ImportQueue {
  /** Asks for the run to be executed; returns once the request is durable. */
  enqueue(runId: string): Promise<void>;
  /** Starts executing queued runs in this process. */
  startWorking(): Promise<void>;
  stop(): Promise<void>;
}

export type ExecuteRun = (runId: string) => Promise<unknown>;
