// The two servers as targets of the load generator: in this process (the smoke test), or each in
// a child process of its own (the CLI), reached over HTTP and asked for counters over IPC. Only
// a server in a process of its own reports CPU time: in this process it would include the load
// generator's.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { BaselineServer } from './baseline-server.js';
import type { ServerReady, ServerReply, ServerRequest, ServerTask } from './child.js';
import type { Target } from './measure.js';
import { baselineRequest, ourRequest } from './operations.js';
import type { OurServer } from './our-server.js';

export function ourTarget(server: OurServer): Target {
  return {
    name: 'ours',
    url: server.url,
    request: (operation, sample) => ourRequest(operation, sample, server.apiKey, server.endpoint),
    statements: async () => server.statements(),
    close: () => server.close(),
  };
}

export function baselineTarget(server: BaselineServer): Target {
  return {
    name: 'baseline',
    url: server.url,
    request: baselineRequest,
    statements: async () => ({ prisma: 0, sql: server.statements() }),
    close: () => server.close(),
  };
}

/**
 * Starts a server in a child process (same loader flags as this one) and waits until it listens.
 * The child runs with NODE_ENV=production, as the service is deployed (README): libraries read
 * it when they load (GraphQL skips its development-only checks), before any config is parsed.
 */
export async function forkedTarget(task: ServerTask): Promise<Target> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'child.ts'), [JSON.stringify(task)], {
    execArgv: process.execArgv,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Extract<ServerReady, { type: 'ready' }>>((resolve, reject) => {
    child.once('message', (message: ServerReady) =>
      message.type === 'ready' ? resolve(message) : reject(new Error(`${task.kind} server failed to start:\n${message.error}`)),
    );
    child.once('exit', (code, signal) => reject(new Error(`${task.kind} server exited with ${signal ?? code} before listening`)));
  });
  let nextId = 0;
  const waiting = new Map<number, (reply: ServerReply) => void>();
  child.on('message', (message: ServerReply) => {
    if (message.type !== 'counters') return;
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  const send = (message: ServerRequest) => child.send(message);
  const counters = () =>
    new Promise<ServerReply>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      send({ type: 'counters', id });
    });
  return {
    name: task.kind,
    url: ready.url,
    request: task.kind === 'ours' ? (operation, sample) => ourRequest(operation, sample, ready.apiKey, ready.endpoint) : baselineRequest,
    statements: async () => (await counters()).counts,
    cpuMs: async () => (await counters()).cpuMs,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        send({ type: 'stop' });
      }),
  };
}
