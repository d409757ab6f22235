// The embedded database on its very first start: migrated by this same process, not copied from
// the tests' template. PGlite learns the database's array types when it opens, which on a first
// start is before the migrations have created the enums, so a filter bound as an enum array must
// still work then (issue 22, item 7: `types` failed with "malformed array literal" until a restart).
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { LOCAL_ADMIN_KEY_FILE } from '../../src/auth/local-admin-key.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

describe('the embedded database, migrated in this process', () => {
  it('answers a facilities query filtered by type on its first start', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-first-start-'));
    const app = await createApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), createLogger('silent'));
    try {
      const apiKey = readFileSync(path.join(dataDir, LOCAL_ADMIN_KEY_FILE), 'utf8').trim();
      const response = await app.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: JSON.stringify({
          query: '{ facilities(first: 100, filter: { types: [SHELTER, LEGAL_AID] }) { totalCount edges { node { type } } } }',
        }),
      });
      const result = (await response.json()) as {
        data?: { facilities: { totalCount: number; edges: { node: { type: string } }[] } };
        errors?: unknown[];
      };
      expect(result.errors).toBeUndefined();
      const expected = await app.runtime.db.prisma.facility.count({
        where: { isActive: true, mergedIntoId: null, type: { in: ['SHELTER', 'LEGAL_AID'] } },
      });
      // The sample delivery holds both kinds, so an empty answer would prove nothing.
      expect(expected).toBeGreaterThan(0);
      expect(result.data!.facilities.totalCount).toBe(expected);
      expect(new Set(result.data!.facilities.edges.map((e) => e.node.type))).toEqual(new Set(['SHELTER', 'LEGAL_AID']));
    } finally {
      await app.close();
    }
  }, 180_000);
});
