// One run in a process of its own, started by run.ts: the process's peak RSS is then the
// import's (plus Node, the gazetteer and the clients), not what earlier runs or the delivery
// generator left behind. Receives its task as JSON in argv, reports its figures over IPC.
import { openDatabase } from '../../src/db/database.js';
import { benchRun, type BenchRunFigures } from './bench-run.js';
import type { BenchDelivery } from './delivery.js';

export interface ChildTask {
  url: string;
  delivery: Pick<BenchDelivery, 'dir' | 'files' | 'records'>;
  batchSize?: number;
  featureCacheSize?: number;
  poolSize?: number;
  /** Made and removed by the parent, so that a child that dies leaves nothing behind. */
  dataDir: string;
  /** Recorded by the parent, which is what the API does for a worker. */
  recorded: { runId: string; stagingMs: number };
  copy: boolean;
  sqlProfile: boolean;
  label: string;
}

export type ChildMessage = { ok: true; figures: BenchRunFigures } | { ok: false; error: string };

const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
const send = (m: ChildMessage) => new Promise<void>((resolve) => (process.send ? process.send(m, () => resolve()) : resolve()));

const db = await openDatabase({ url: task.url, poolSize: task.poolSize });
try {
  const started = performance.now();
  let nextReport = 0;
  const figures = await benchRun(db, task.delivery, {
    batchSize: task.batchSize,
    featureCacheSize: task.featureCacheSize,
    dataDir: task.dataDir,
    recorded: task.recorded,
    copy: task.copy,
    sqlProfile: task.sqlProfile,
    onProgress: (processed) => {
      if (processed < nextReport) return;
      nextReport = processed + Math.max(10_000, Math.ceil(task.delivery.records / 10));
      process.stderr.write(`  ${task.label}: ${processed.toLocaleString('en-US')} / ~${task.delivery.records.toLocaleString('en-US')} records, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    },
  });
  await send({ ok: true, figures });
} catch (error) {
  await send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
} finally {
  await db.close();
}
