// The import queue on the embedded database: runs execute one after another inside the API
// process. Durability comes from the run rows: at start, runs left QUEUED or RUNNING are resumed.
import type { ExecuteRun, ImportQueue } from './import-queue.js';

export interface InProcessQueueOptions {
  execute: ExecuteRun;
  pendingRuns?: () => Promise<string[]>;
  onError?: (runId: string, error: unknown) => void;
}

export function createInProcessQueue(options: InProcessQueueOptions): ImportQueue & { idle(): Promise<void> } {
  let working = false;
  let stopped = false;
  const waiting: string[] = [];
  let chain: Promise<void> = Promise.resolve();

  const pump = () => {
    if (!working || stopped) return;
    while (waiting.length) {
      const runId = waiting.shift()!;
      chain = chain.then(async () => {
        if (stopped) return;
        try {
          await options.execute(runId);
        } catch (error) {
          options.onError?.(runId, error);
        }
      });
    }
  };

  return {
    async enqueue(runId) {
      waiting.push(runId);
      pump();
    },
    async startWorking() {
      working = true;
      for (const runId of (await options.pendingRuns?.()) ?? []) waiting.push(runId);
      pump();
    },
    async stop() {
      stopped = true;
      await chain;
    },
    /** Resolves when every run queued so far has finished (tests and the first-start import wait on it). */
    async idle() {
      pump();
      await chain;
    },
  };
}
