// The import queue on PostgreSQL: graphile-worker, so that any number of `npm run worker`
// processes (and the API, unless IMPORT_WORKER=external) share the work.
import { makeWorkerUtils, run, type Runner, type WorkerUtils } from 'graphile-worker';
import type { ExecuteRun, ImportQueue } from './import-queue.js';

const TASK = 'import_run';

export interface GraphileQueueOptions {
  connectionString: string;
  execute: ExecuteRun;
  /** Runs executed at once by this process. */
  concurrency?: number;
  /** Runs left QUEUED or RUNNING (a crash, a restart) to put back on the queue at start. */
  pendingRuns?: () => Promise<string[]>;
}

export function createGraphileQueue(options: GraphileQueueOptions): ImportQueue {
  let utils: WorkerUtils | undefined;
  let runner: Runner | undefined;
  const getUtils = async () => (utils ??= await makeWorkerUtils({ connectionString: options.connectionString }));

  const enqueue = async (runId: string) => {
    // The job key makes a second request for the same run replace the first instead of
    // queueing a duplicate; a job still locked by a dead worker is superseded.
    await (await getUtils()).addJob(TASK, { runId }, { jobKey: `import:${runId}`, maxAttempts: 5 });
  };

  return {
    enqueue,
    async startWorking() {
      await (await getUtils()).migrate();
      for (const runId of (await options.pendingRuns?.()) ?? []) await enqueue(runId);
      runner = await run({
        connectionString: options.connectionString,
        concurrency: options.concurrency ?? 1,
        noHandleSignals: true,
        pollInterval: 1000,
        taskList: {
          [TASK]: async (payload) => {
            await options.execute((payload as { runId: string }).runId);
          },
        },
      });
    },
    async stop() {
      await runner?.stop();
      await utils?.release();
    },
  };
}
