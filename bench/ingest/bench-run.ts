// One benchmark run against an open, migrated and seeded, empty registry: the import, then the
// COPY baseline of the rows it produced. The CLI runs this in a fresh child process per run (so
// peak RSS is the import's own); the smoke test calls it directly on the test database.
import type { Database } from '../../src/db/database.js';
import { copyBaseline, type CopyFigures } from './copy-baseline.js';
import type { BenchDelivery } from './delivery.js';
import { measureIngest, type IngestFigures, type MeasureOptions } from './measure.js';

export interface BenchRunFigures {
  ingest: IngestFigures;
  copy: CopyFigures | { skipped: string };
}

export async function benchRun(
  db: Database,
  delivery: Pick<BenchDelivery, 'dir' | 'files'>,
  options: MeasureOptions & { copy?: boolean } = {},
): Promise<BenchRunFigures> {
  const ingest = await measureIngest(db, delivery, options);
  let copy: BenchRunFigures['copy'];
  if (options.copy === false) copy = { skipped: 'not asked for (--no-copy)' };
  // COPY FROM STDIN is a protocol of the PostgreSQL server that the embedded PGlite does not
  // offer through a client connection: there is nothing to compare with there.
  else if (db.kind !== 'postgres' || !db.connectionString) copy = { skipped: 'embedded PGlite has no COPY FROM STDIN over a client connection' };
  else copy = await copyBaseline(db.connectionString);
  return { ingest, copy };
}
