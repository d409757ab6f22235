// Executes one import run in a process of its own, so that a test can kill it mid-import.
import { openDatabase } from '../../src/db/database.js';
import { executeRun } from '../../src/imports/execute-run.js';
import { importDeps } from './imports.js';

const [runId] = process.argv.slice(2);
const db = await openDatabase({ url: process.env.DATABASE_URL });
await executeRun({ ...importDeps(db), batchSize: 200 }, runId, { retry: false });
await db.close();
