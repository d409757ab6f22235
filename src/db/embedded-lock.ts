// One process at a time opens an embedded database directory. PGlite keeps the database in the
// memory of the process that opened it and writes its files back as it goes: a second process
// opening the same directory works on its own copy, and what it writes (an API key, an import
// run) the first never sees and overwrites at its next checkpoint (issue 22, item 6). So the
// second process is refused, with a message that says what to do instead (ADR 0016).
//
// The lock is a file beside the database holding the owner's PID. It is created with O_EXCL, so
// of two processes starting together exactly one gets it. A lock whose PID is no longer alive was
// left by a process that died without closing (kill -9, a crash, a power cut) and is taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface EmbeddedLockHolder {
  pid: number;
  /** What the owner was started as (`src/server.ts`, `src/cli/apikey.ts create …`), for the message. */
  command: string;
  since: string;
  host: string;
}

export interface EmbeddedLock {
  path: string;
  release(): void;
}

/** Exit code of a command refused because another process has the embedded database open (EX_TEMPFAIL: try again later). */
export const DATABASE_IN_USE_EXIT_CODE = 75;

export class EmbeddedDatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: EmbeddedLockHolder,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}). ` +
        'Only one process may open it: what a second one wrote, the first would never see and would overwrite.\n' +
        `Either stop that process (Ctrl+C in its terminal, or kill ${holder.pid}) and run this command again, ` +
        'or, while it runs, do the same through its GraphQL API with the ADMIN key in DATA_DIR/admin-api-key: ' +
        'the createApiKey, revokeApiKey and importSources mutations (see README, "Who may call"). ' +
        'Reference data is refreshed at every start, so db:seed and db:migrate are not needed while it runs.\n' +
        'With DATABASE_URL (PostgreSQL), any number of processes may share the database.',
    );
    this.name = 'EmbeddedDatabaseInUseError';
  }
}

export function lockPathFor(dataDir: string): string {
  return `${dataDir.replace(/[/\\]+$/, '')}.lock`;
}

/** Takes the lock of the embedded database in `dataDir`, or throws EmbeddedDatabaseInUseError. */
export function lockEmbeddedDatabase(dataDir: string): EmbeddedLock {
  const path = lockPathFor(dataDir);
  const me: EmbeddedLockHolder = {
    pid: process.pid,
    command: commandLine(),
    since: new Date().toISOString(),
    host: hostname(),
  };
  // Two rounds: take a free lock, or clear a stale one and take it then.
  for (let round = 0; round < 2; round++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, `${JSON.stringify(me)}\n`);
      } finally {
        closeSync(fd);
      }
      return held(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path) ?? readHolderAfterAMoment(path);
    if (holder && isAlive(holder)) throw new EmbeddedDatabaseInUseError(dataDir, holder);
    removeIfStill(path, holder);
  }
  // Someone else took the stale lock between our two rounds.
  const holder = readHolder(path);
  throw new EmbeddedDatabaseInUseError(dataDir, holder ?? { pid: 0, command: 'another process', since: 'just now', host: hostname() });
}

function held(path: string): EmbeddedLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only our own lock: never one another process took over after we were presumed dead.
    if (readHolder(path)?.pid === process.pid) removeIfStill(path);
  };
  // A process that exits without closing the database (process.exit in a CLI) still lets go.
  process.on('exit', release);
  return { path, release };
}

function readHolder(path: string): EmbeddedLockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<EmbeddedLockHolder>;
    return typeof parsed.pid === 'number' ? (parsed as EmbeddedLockHolder) : undefined;
  } catch {
    // Missing, empty (its owner is between creating and writing it) or garbage.
    return undefined;
  }
}

/** An empty lock may be one whose owner is between creating and writing it: look again once. */
function readHolderAfterAMoment(path: string): EmbeddedLockHolder | undefined {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  return readHolder(path);
}

function isAlive(holder: EmbeddedLockHolder): boolean {
  // A lock written on another machine (DATA_DIR on shared storage) cannot be checked from here.
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfStill(path: string, holder?: EmbeddedLockHolder): void {
  // Re-read right before removing: a lock that changed owner since we judged it is not ours to remove.
  if (holder && readHolder(path)?.pid !== holder.pid) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function commandLine(): string {
  const script = process.argv.slice(1).find((arg) => /\.(ts|js|mjs)$/.test(arg));
  const rest = script ? process.argv.slice(process.argv.indexOf(script) + 1) : [];
  return [script ? script.replace(/^.*?(?=(src|scripts|bench)\/)/, '') : process.argv0, ...rest].join(' ');
}
