// One server of the API benchmark in a process of its own, started by run.ts: the load generator
// then does not share an event loop with the server it measures, and each server gets its own
// pool and heap. Receives its task as JSON in argv; reports its URL over IPC, then answers
// requests for its statement counters until told to stop.
import pg from 'pg';
import { openDatabase } from '../../src/db/database.js';
import { startBaselineServer, type BaselineView } from './baseline-server.js';
import { startOurServer, type StatementCounts } from './our-server.js';

export interface ServerTask {
  kind: 'ours' | 'baseline';
  databaseUrl: string;
  poolSize: number;
  /** Whose answers the baseline gives (see baseline-server.ts). */
  baselineView?: BaselineView;
}

export type ServerReady = { type: 'ready'; url: string; endpoint: string; apiKey: string } | { type: 'failed'; error: string };
export type ServerRequest = { type: 'counters'; id: number } | { type: 'stop' };
/** `cpuMs`: CPU time the process has used (user + system), for CPU per request. */
export type ServerReply = { type: 'counters'; id: number; counts: StatementCounts; cpuMs: number };

const task = JSON.parse(process.argv[2] ?? '{}') as ServerTask;
const send = (message: ServerReady | ServerReply) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));

/** Every statement this process sends to PostgreSQL, whoever sends it (Prisma's adapter, db.sql, pools of plugins). */
let wire = 0;
const clientQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  wire += 1;
  return clientQuery.apply(this, args);
};

async function start() {
  if (task.kind === 'baseline') {
    const server = await startBaselineServer({ databaseUrl: task.databaseUrl, poolSize: task.poolSize, view: task.baselineView });
    return { server: { ...server, endpoint: '/', apiKey: '' }, counts: (): StatementCounts => ({ prisma: 0, sql: server.statements(), wire }), close: () => server.close() };
  }
  let prisma = 0;
  const db = await openDatabase({ url: task.databaseUrl, poolSize: task.poolSize, onQuery: () => (prisma += 1) });
  const server = await startOurServer({ db, prismaStatements: () => prisma, wireStatements: () => wire, poolSize: task.poolSize });
  return {
    server,
    counts: () => server.statements(),
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}

try {
  const { server, counts, close } = await start();
  process.on('message', (message: ServerRequest) => {
    if (message.type === 'counters') {
      const cpu = process.cpuUsage();
      void send({ type: 'counters', id: message.id, counts: counts(), cpuMs: (cpu.user + cpu.system) / 1000 });
    }
    else void close().finally(() => process.exit(0));
  });
  // The parent going away (Ctrl-C, a crash) must not leave a server behind.
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  await send({ type: 'ready', url: server.url, endpoint: server.endpoint, apiKey: server.apiKey });
} catch (error) {
  await send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
