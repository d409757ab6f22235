// Writes of one batch sent without waiting for each to finish, so that PostgreSQL executes one
// statement while Node prepares the next (the import is otherwise one long game of turns: Node
// idle while the server works, the server idle while Node builds parameters). A transaction's
// statements share one connection, and both drivers run a connection's statements in the order
// they were sent: a read sent after a write sees it.
import { setImmediate } from 'node:timers/promises';

/** Sends a statement (the callback builds its parameters and sends it) without waiting for it. */
export type Send = (statement: () => Promise<unknown>) => Promise<void>;

/**
 * Runs `body`, which sends statements through `send`, then waits for every one of them. When
 * something fails, nothing is left running and the first failure is thrown: a statement's own
 * error, not the "transaction is aborted" of the statements queued behind it.
 */
export async function pipelined<T>(body: (send: Send) => Promise<T>): Promise<T> {
  const pending: Promise<unknown>[] = [];
  const failures: unknown[] = [];
  const send: Send = async (statement) => {
    const running = statement();
    // Recorded in the order they happen; also keeps an early failure from being "unhandled".
    running.catch((error: unknown) => failures.push(error));
    pending.push(running);
    // Lets the driver hand the connection its next queued statement while Node goes on.
    await setImmediate();
  };
  let result: T;
  try {
    result = await body(send);
  } catch (error) {
    await Promise.allSettled(pending);
    throw failures[0] ?? error;
  }
  await Promise.allSettled(pending);
  if (failures.length > 0) throw failures[0];
  return result;
}
