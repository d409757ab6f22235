import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrationsDir } from '../../src/db/schema-engine.js';

/** Changes whenever a migration or the seed's inputs change, so a stale template is never reused. */
function templateFingerprint(): string {
  const h = createHash('sha256');
  for (const dir of readdirSync(migrationsDir).sort()) {
    if (dir.endsWith('.toml')) continue;
    h.update(dir).update(readFileSync(path.join(migrationsDir, dir, 'migration.sql')));
  }
  const root = path.resolve(migrationsDir, '../..');
  for (const f of ['src/db/seed.ts', 'src/geography/aliases.ts', 'src/ingest/services/taxonomy.ts']) {
    try {
      h.update(readFileSync(path.join(root, f)));
    } catch {
      // A file not written yet simply does not contribute.
    }
  }
  return h.digest('hex').slice(0, 12);
}

const fingerprint = templateFingerprint();

export function templateDatabaseName(): string {
  return `gvrc_template_${fingerprint}`;
}

export function templateDumpPath(): string {
  return path.join(os.tmpdir(), `gvrc-template-${fingerprint}.tar.gz`);
}
