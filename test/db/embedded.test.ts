// The embedded default: no DATABASE_URL, a PGlite database persisted under DATA_DIR, the same
// migrations and code paths as PostgreSQL, and the sample delivery on first start.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { LOCAL_ADMIN_KEY_FILE } from '../../src/auth/local-admin-key.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

async function gql(app: Awaited<ReturnType<typeof createApp>>, query: string, apiKey: string) {
  const response = await app.yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

describe('the embedded database', () => {
  it('on first start is migrated, seeded with Kenya\'s geography, and holds the sample delivery; a restart keeps it and imports nothing again', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-embedded-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const logger = createLogger('silent');

    const first = await createApp(config, logger);
    try {
      expect(first.runtime.db.kind).toBe('pglite');
      // The first start also made a local ADMIN key (development only), which is how one gets in.
      const apiKey = readFileSync(path.join(dataDir, LOCAL_ADMIN_KEY_FILE), 'utf8').trim();
      const result = await gql(first, '{ counties { code } facilities(first: 1) { totalCount } }', apiKey);
      expect((result.data!.counties as unknown[]).length).toBe(47);
      expect((result.data!.facilities as { totalCount: number }).totalCount).toBe(210);
      expect(await first.runtime.db.prisma.constituency.count()).toBe(290);
      expect(await first.runtime.db.prisma.ward.count()).toBe(1448);
    } finally {
      await first.close();
    }

    const second = await createApp(config, logger);
    try {
      expect(await second.runtime.db.prisma.importRun.count()).toBe(1);
      expect(await second.runtime.db.prisma.apiKey.count()).toBe(1);
      expect(await second.runtime.db.prisma.facility.count({ where: { isActive: true } })).toBe(210);
      const ready = await second.yoga.fetch('http://localhost/ready');
      expect(ready.status).toBe(200);
    } finally {
      await second.close();
    }
  }, 180_000);
});
