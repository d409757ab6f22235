// What a command says when the embedded database is open in another process: the lock's own
// message (who holds it, what to do instead) on stderr, no stack trace, and an exit code that
// scripts can tell from a failure of the command itself.
import { DATABASE_IN_USE_EXIT_CODE, EmbeddedDatabaseInUseError } from '../db/embedded-lock.js';

export function exitWhenDatabaseInUse(error: unknown): never {
  if (!(error instanceof EmbeddedDatabaseInUseError)) throw error;
  console.error(error.message);
  process.exit(DATABASE_IN_USE_EXIT_CODE);
}
