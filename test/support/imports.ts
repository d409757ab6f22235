// Running imports in tests exactly as the service does: a recorded run, executed by the orchestrator.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/db/database.js';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { createImportRun, type SourceRequest } from '../../src/imports/import-request.js';
import { createGeographyResolver } from '../../src/ingest/geography/resolve.js';
import { createMatcher } from '../../src/ingest/match/default-matcher.js';
import { executeImportRun, type ImportDeps } from '../../src/ingest/run-import.js';
import { createPersonalDataCipher } from '../../src/security/personal-data-cipher.js';

export const samplesDir = path.resolve(import.meta.dirname, '../../data/samples');
export const truthDir = path.resolve(import.meta.dirname, '../fixtures/truth');

/** The sample delivery as inline sources, in a fixed order. */
export function sampleSources(): { fileName: string; content: string }[] {
  return readdirSync(samplesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((fileName) => ({ fileName, content: readFileSync(path.join(samplesDir, fileName), 'utf8') }));
}

const geography = createGeographyResolver(kenyaGazetteer());
const cipher = createPersonalDataCipher(Buffer.alloc(32, 7));

export function importDeps(db: Database, overrides: Partial<ImportDeps> = {}): ImportDeps {
  return { db, cipher, matcher: createMatcher(), geography, ...overrides };
}

export async function runImport(
  db: Database,
  sources: ({ fileName: string; content: string } | SourceRequest)[],
  options: { dryRun?: boolean; deps?: Partial<ImportDeps> } = {},
) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-test-'));
  const run = await createImportRun(
    db,
    { importDir: dataDir, dataDir, maxUploadBytes: 1e9 },
    {
      sources: sources.map((s) => ('content' in s && 'fileName' in s && !('kind' in s) ? { content: s.content, fileName: s.fileName } : s)) as SourceRequest[],
      dryRun: options.dryRun,
      triggeredBy: 'test',
      triggeredByRole: 'DATA_ENGINEER',
    },
  );
  const status = await executeImportRun(importDeps(db, options.deps), run.id);
  const result = await db.prisma.importRun.findUniqueOrThrow({ where: { id: run.id }, include: { sources: { orderBy: { position: 'asc' } } } });
  return { ...result, finalStatus: status };
}
