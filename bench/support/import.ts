// How both benchmarks hand a generated delivery to the pipeline: recorded as an ImportRun exactly
// as the API records files by path, and executed with the service's own kinds of dependencies.
import path from 'node:path';
import type { Database } from '../../src/db/database.js';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { createImportRun } from '../../src/imports/import-request.js';
import { createGeographyResolver } from '../../src/ingest/geography/resolve.js';
import { createMatcher } from '../../src/ingest/match/default-matcher.js';
import type { SourceKind } from '../../src/ingest/record.js';
import type { ImportDeps } from '../../src/ingest/run-import.js';
import { createPersonalDataCipher } from '../../src/security/personal-data-cipher.js';

export interface DeliveryFiles {
  dir: string;
  files: { kind: SourceKind; path: string }[];
}

/** The delivery as a recorded ImportRun (files by path under `dir`); returns the run's id. */
export async function recordDelivery(db: Database, delivery: DeliveryFiles, dataDir: string, triggeredBy: string): Promise<string> {
  const run = await createImportRun(
    db,
    { importDir: delivery.dir, dataDir, maxUploadBytes: Number.MAX_SAFE_INTEGER },
    {
      sources: delivery.files.map((f) => ({ kind: f.kind, path: path.relative(delivery.dir, f.path) })),
      triggeredBy,
      triggeredByRole: 'DATA_ENGINEER',
    },
  );
  return run.id;
}

/** The pipeline's dependencies as the service builds them, plus whatever the benchmark sets. */
export function benchImportDeps(db: Database, extra: Partial<ImportDeps> = {}): ImportDeps {
  return {
    db,
    // A fixed key: the benchmark's personal data is generated, and encryption cost is real either way.
    cipher: createPersonalDataCipher(Buffer.alloc(32, 7)),
    matcher: createMatcher(),
    geography: createGeographyResolver(kenyaGazetteer()),
    ...extra,
  };
}
