// The restore drill: a registry with the sample delivery and a reviewer's decision is backed up
// with `npm run backup`, restored with `npm run restore` into a new database — embedded, and
// PostgreSQL from both engines — and answers every question through GraphQL exactly as before.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeArchive } from '../../src/backup/archive.js';
import { pruneBackups } from '../../src/backup/backup.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { startRuntime } from '../../src/runtime.js';
import type { Principal } from '../../src/security/principal.js';
import { startApi } from '../api/harness.js';
import { testServerUrl } from '../support/database.js';
import { samplesDir } from '../support/imports.js';

const exec = promisify(execFile);
const server = testServerUrl();
const admin: Principal = { kind: 'user', subject: 'drill-admin', role: 'ADMIN', via: 'jwt' };

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(script: string, args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const childEnv: Record<string, string> = { ...(process.env as Record<string, string>), LOG_LEVEL: 'silent' };
  delete childEnv.DATABASE_URL;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  return exec(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], { env: childEnv, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: CliResult) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

const tempDir = (label: string) => mkdtempSync(path.join(os.tmpdir(), `gvrc-${label}-`));

/** A new, empty PostgreSQL database on the test server, dropped after the file. */
const createdDatabases: string[] = [];
async function emptyPostgresDatabase(): Promise<string> {
  const name = `gvrc_t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`).finally(() => c.end());
  createdDatabases.push(name);
  const url = new URL(server!);
  url.pathname = `/${name}`;
  return url.toString();
}

const AUDIT = /* GraphQL */ `
  query Audit($after: String) {
    auditTrail(first: 100, after: $after) {
      edges { node { id action actor actorRole entityType entityId importRunId before after at } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
const FACILITIES = /* GraphQL */ `
  query Facilities($after: String) {
    facilities(first: 100, after: $after, filter: { includeInactive: true }) {
      totalCount
      edges { node {
        id code name type subtype status isActive confidentialLocation mergedIntoCode address website openingHours
        createdAt updatedAt qualityScore
        location { latitude longitude }
        county { code } constituency { code } ward { code }
        identifiers { mflCode branchCode stationCode registrationNumber }
        contacts { type value isPrimary }
        contactPersons { name phone email role masked }
        services { key }
        sources { fileName kind outcome pointer raw importRun { id status } }
      } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
const DECISIONS = /* GraphQL */ `
  query Decisions {
    duplicateCandidates(first: 100, status: MERGED) {
      edges { node { id score status decidedBy decidedAt facilities { code mergedIntoCode } } }
    }
  }`;

/** Everything a caller can ask about the registry, read in an order that adds nothing to what is read later. */
async function answers(db: Database): Promise<unknown> {
  const api = await startApi({ database: db, personalDataKey: sourceKey(), principal: admin, env: { MAX_PAGE_SIZE: '100' } });
  try {
    const query = async (document: string, variables: Record<string, unknown> = {}) => {
      const response = await api.yoga.fetch('http://registry.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: document, variables }),
      });
      const body = (await response.json()) as { data?: Record<string, { edges: unknown[]; pageInfo?: { hasNextPage: boolean; endCursor: string } }>; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };
    const all = async (document: string, field: string) => {
      const edges: unknown[] = [];
      let after: string | undefined;
      for (;;) {
        const page = (await query(document, { after }))[field]!;
        edges.push(...page.edges);
        if (!page.pageInfo?.hasNextPage) return edges;
        after = page.pageInfo.endCursor;
      }
    };
    // The audit trail first: reading named persons as ADMIN is itself audited.
    const audit = await all(AUDIT, 'auditTrail');
    const decisions = await query(DECISIONS);
    const facilities = await all(FACILITIES, 'facilities');
    return { audit, decisions, facilities };
  } finally {
    await api.close();
  }
}

let sourceDir: string;
/** The key the CLI made for the source registry (base64 in DATA_DIR/personal-data.key). */
const sourceKey = () => Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
let backupFile: string;
let before: unknown;
let keyFile: string;

beforeAll(async () => {
  sourceDir = tempDir('drill-source');
  const files = ['regional.json', 'other_services.json', 'kps_stations.json', 'category_A.json'].map((f) => path.join(samplesDir, f));
  const imported = await cli('import', files, { DATA_DIR: sourceDir });
  expect(imported.code, imported.stderr).toBe(0);
  keyFile = path.join(sourceDir, 'personal-data.key');

  // A reviewer's decision, so that decisions and a merge's audit entries are in the backup.
  const db = await openDatabase({ dataDir: path.join(sourceDir, 'pglite') });
  try {
    const [a, b] = await db.prisma.facility.findMany({ where: { isActive: true }, orderBy: { id: 'asc' }, take: 2 });
    await db.prisma.duplicateCandidate.create({
      data: { facilityAId: a!.id, facilityBId: b!.id, score: 0.7, features: { name: 0.8, type: 1, distanceKm: 0.4, sharedPhone: false } },
    });
    const api = await startApi({ database: db, personalDataKey: sourceKey(), principal: { kind: 'apiKey', keyId: 'k1', name: 'reviewer', role: 'DATA_ENGINEER', via: 'apiKey' } });
    const graphql = async (query: string, variables: Record<string, unknown> = {}) =>
      (await (await api.yoga
        .fetch('http://registry.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
      ).json()) as { data: any };
    const queue = await graphql('{ duplicateCandidates(status: OPEN, first: 1) { edges { node { id facilities { id } } } } }');
    const candidate = queue.data.duplicateCandidates.edges[0].node;
    const response = await graphql('mutation($input: ResolveDuplicateInput!) { resolveDuplicate(input: $input) { status } }', {
      input: { candidateId: candidate.id, decision: 'MERGE', survivorId: candidate.facilities[0].id },
    });
    expect(response, JSON.stringify(api.logs.filter((l) => Number(l.level) >= 50))).toEqual({ data: { resolveDuplicate: { status: "MERGED" } } });
    await api.close();
  } finally {
    await db.close();
  }

  const backup = await cli('backup', ['--json'], { DATA_DIR: sourceDir });
  expect(backup.code, backup.stderr).toBe(0);
  backupFile = JSON.parse(backup.stdout).file;

  const again = await openDatabase({ dataDir: path.join(sourceDir, 'pglite') });
  try {
    before = await answers(again);
  } finally {
    await again.close();
  }
}, 300_000);

afterAll(async () => {
  if (!server || !createdDatabases.length) return;
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  for (const name of createdDatabases) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.end();
});

describe('npm run backup', () => {
  it('writes one compressed file with a manifest naming the schema, the row counts, the stored files and the key it needs', async () => {
    const manifest = JSON.parse(readFileSync(`${backupFile}.manifest.json`, 'utf8'));
    expect(path.basename(backupFile)).toMatch(/^gvrc-\d{8}T\d{6}\.\d{3}Z\.gvrc-backup$/);
    expect(manifest.database.kind).toBe('pglite');
    expect(manifest.migrations.length).toBeGreaterThan(0);
    expect(manifest.rowCounts.Facility).toBeGreaterThan(100);
    expect(manifest.rowCounts.FacilityMerge).toBeGreaterThan(0);
    expect(manifest.entries.map((e: { name: string }) => e.name).filter((n: string) => n.startsWith('files/imports/runs/'))).toHaveLength(4);
    expect(manifest.personalDataKeyFingerprint).toMatch(/^[0-9a-f]{16}$/);
    // The key itself is nowhere in the manifest.
    expect(JSON.stringify(manifest)).not.toContain(readFileSync(keyFile, 'utf8').trim());
  });
});

describe('npm run restore', () => {
  it('restores the embedded backup into a new embedded database that answers exactly as before', async () => {
    const target = tempDir('drill-embedded');
    copyFileSync(keyFile, path.join(target, 'personal-data.key'));
    const restored = await cli('restore', [backupFile], { DATA_DIR: target });
    expect(restored.code, restored.stderr).toBe(0);
    const db = await openDatabase({ dataDir: path.join(target, 'pglite') });
    try {
      expect(await answers(db)).toEqual(before);
    } finally {
      await db.close();
    }
  }, 240_000);

  it.skipIf(!server)('restores the embedded backup into PostgreSQL, the path from a pilot to a server, and answers exactly as before', async () => {
    const url = await emptyPostgresDatabase();
    const target = tempDir('drill-pg');
    copyFileSync(keyFile, path.join(target, 'personal-data.key'));
    const restored = await cli('restore', [backupFile], { DATA_DIR: target, DATABASE_URL: url });
    expect(restored.code, restored.stderr).toBe(0);
    // Backed up again (by pg_dump) before anything reads it: reading named persons is audited.
    const backup = await cli('backup', ['--json'], { DATA_DIR: target, DATABASE_URL: url });
    const db = await openDatabase({ url, poolSize: 2 });
    try {
      expect(await answers(db)).toEqual(before);
    } finally {
      await db.close();
    }

    // …and that PostgreSQL backup restores into another PostgreSQL database the same.
    expect(backup.code, backup.stderr).toBe(0);
    const pgBackup = JSON.parse(backup.stdout);
    expect(pgBackup.manifest.database.kind).toBe('postgres');
    const second = await emptyPostgresDatabase();
    const secondDir = tempDir('drill-pg2');
    copyFileSync(keyFile, path.join(secondDir, 'personal-data.key'));
    const again = await cli('restore', [pgBackup.file], { DATA_DIR: secondDir, DATABASE_URL: second });
    expect(again.code, again.stderr).toBe(0);
    const db2 = await openDatabase({ url: second, poolSize: 2 });
    try {
      expect(await answers(db2)).toEqual(before);
    } finally {
      await db2.close();
    }
    // A PostgreSQL backup has no embedded form: said, not attempted.
    const intoEmbedded = await cli('restore', [pgBackup.file], { DATA_DIR: tempDir('drill-none') });
    expect(intoEmbedded.code).toBe(1);
    expect(intoEmbedded.stderr).toContain('restores into PostgreSQL only');
  }, 300_000);

  it('refuses a database that already holds registry data unless told --force', async () => {
    const refused = await cli('restore', [backupFile], { DATA_DIR: sourceDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already holds registry data \(\d+ Facility.*\); restore into an empty database, or pass --force/);
    // Told, it replaces the registry and keeps the one it replaced beside it.
    const forced = await cli('restore', [backupFile, '--force'], { DATA_DIR: sourceDir });
    expect(forced.code, forced.stderr).toBe(0);
    expect(readdirSync(sourceDir).filter((n) => n.startsWith('pglite.replaced-'))).toHaveLength(1);
  }, 120_000);

  it('refuses a truncated or corrupted backup before writing anything', async () => {
    const bytes = readFileSync(backupFile);
    const truncated = path.join(tempDir('drill-bad'), 'truncated.gvrc-backup');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const corrupted = path.join(tempDir('drill-bad'), 'corrupted.gvrc-backup');
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length * 0.5)]! ^= 0xff;
    writeFileSync(corrupted, flipped);
    for (const file of [truncated, corrupted]) {
      const target = tempDir('drill-untouched');
      const result = await cli('restore', [file], { DATA_DIR: target });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/restore refused: .*(damaged or truncated|does not match its checksum|truncated)/);
      // Nothing was written: no database, no files.
      expect(readdirSync(target)).toEqual([]);
    }
  }, 120_000);

  it('refuses a backup made by a newer schema', async () => {
    const dir = tempDir('drill-newer');
    const dump = path.join(dir, 'db');
    writeFileSync(dump, randomBytes(16));
    const file = path.join(dir, 'newer.gvrc-backup');
    await writeArchive(
      file,
      {
        format: 1,
        createdAt: new Date().toISOString(),
        database: { kind: 'pglite', entry: 'database.pglite.tar.gz', serverVersion: '17.5' },
        migrations: ['20261126220432_init', '29991231000000_from_the_future'],
        rowCounts: {},
        personalDataKeyFingerprint: null,
      },
      [{ name: 'database.pglite.tar.gz', file: dump }],
    );
    const result = await cli('restore', [file], { DATA_DIR: tempDir('drill-newer-target') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('newer schema (migration 29991231000000_from_the_future unknown to this version)');
  }, 60_000);

  it('leaves a service that has the wrong personal-data key unable to start, saying which key it has', async () => {
    const target = tempDir('drill-key');
    const restored = await cli('restore', [backupFile], { DATA_DIR: target, PERSONAL_DATA_KEY: randomBytes(32).toString('hex') });
    // Restored, with a warning naming both key ids (exit 3 so a script notices).
    expect(restored.code).toBe(3);
    expect(restored.stderr).toMatch(/needs personal-data key id [0-9a-f]{16}, but the key configured here is [0-9a-f]{16}/);
    const logger = pino({ level: 'silent' });
    await expect(startRuntime(loadConfig({ DATA_DIR: target, PERSONAL_DATA_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'silent' }), logger, { work: false })).rejects.toThrow(
      /key in use \(key id [0-9a-f]{16}\) does not open the personal data stored in this database/,
    );
    // No key file was left behind that would look like the right one.
    await expect(startRuntime(loadConfig({ DATA_DIR: target, LOG_LEVEL: 'silent' }), logger, { work: false })).rejects.toThrow(/does not open the personal data/);
    expect(readdirSync(target)).not.toContain('personal-data.key');
    // With the key the backup names, it starts.
    copyFileSync(keyFile, path.join(target, 'personal-data.key'));
    const runtime = await startRuntime(loadConfig({ DATA_DIR: target, LOG_LEVEL: 'silent' }), logger, { work: false });
    await runtime.close();
  }, 240_000);
});

describe('backup retention', () => {
  it('deletes backups older than the retention period but always keeps the newest ones', async () => {
    const dir = tempDir('retention');
    const day = 86_400_000;
    const now = new Date('2026-12-08T00:00:00Z');
    const names = [1, 2, 40, 50, 60].map((daysAgo) => `gvrc-${new Date(now.getTime() - daysAgo * day).toISOString().replace(/[-:]/g, '')}.gvrc-backup`);
    for (const n of names) writeFileSync(path.join(dir, n), 'x');
    writeFileSync(path.join(dir, 'notes.txt'), 'not a backup');
    const deleted = await pruneBackups(dir, { retentionDays: 30, keepLast: 3, now });
    // 40 days old is past retention but among the newest three, so it stays.
    expect(deleted.sort()).toEqual([names[3], names[4]].sort());
    expect(readdirSync(dir).sort()).toEqual([names[0], names[1], names[2], 'notes.txt'].sort());
  });
});


describe('scheduled backups (BACKUP_EVERY)', () => {
  it('the process that executes imports takes a backup when the newest is older than the interval, and not before', async () => {
    const dataDir = tempDir('scheduled');
    const backupDir = path.join(dataDir, 'kept');
    const config = loadConfig({ DATA_DIR: dataDir, BACKUP_DIR: backupDir, BACKUP_EVERY: '24h', LOG_LEVEL: 'silent' });
    expect(config.BACKUP_EVERY).toBe(86_400_000);
    const runtime = await startRuntime(config, pino({ level: 'silent' }), { work: true });
    try {
      const first = await runtime.backups!.tick();
      expect(first).toMatch(/\.gvrc-backup$/);
      expect(readdirSync(backupDir).filter((n) => n.endsWith('.gvrc-backup'))).toEqual([path.basename(first!)]);
      // The newest backup is minutes old: nothing is due.
      expect(await runtime.backups!.tick()).toBeNull();
    } finally {
      await runtime.close();
    }
    // A process that only serves (work: false) never takes one.
    const reader = await startRuntime(config, pino({ level: 'silent' }), { work: false });
    expect(reader.backups).toBeNull();
    await reader.close();
  }, 120_000);

  it('refuses an interval it cannot read, naming the variable', () => {
    expect(() => loadConfig({ BACKUP_EVERY: 'daily' })).toThrow(/BACKUP_EVERY: must be a number with m, h or d/);
    expect(() => loadConfig({ BACKUP_EVERY: '0.5m' })).toThrow(/BACKUP_EVERY: must be at least 1m/);
  });
});
