// Personal data at rest: stored copies of imported files are encrypted, deleted after their
// retention, and `npm run keys -- rotate-personal-data` moves everything personal to a new key
// so that the old one opens nothing.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { pruneImportFiles } from '../../src/imports/file-retention.js';
import { startRuntime } from '../../src/runtime.js';
import { createPersonalDataCipher, personalDataKeyId } from '../../src/security/personal-data-cipher.js';
import { createStoredFileCipher } from '../../src/security/stored-file-cipher.js';
import { samplesDir } from '../support/imports.js';

const exec = promisify(execFile);
const silent = pino({ level: 'silent' });

function cli(script: string, args: string[], env: Record<string, string>) {
  const childEnv: Record<string, string> = { ...(process.env as Record<string, string>), LOG_LEVEL: 'silent', ...env };
  delete childEnv.DATABASE_URL;
  return exec(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], { env: childEnv, timeout: 240_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

function storedFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'imports', 'runs');
  return readdirSync(root).flatMap((run) => readdirSync(path.join(root, run)).map((f) => path.join(root, run, f)));
}

let dataDir: string;
const oldKey = randomBytes(32);
const newKey = randomBytes(32);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gvrc-at-rest-'));
  const imported = await cli('import', [path.join(samplesDir, 'kps_stations.json'), path.join(samplesDir, 'category_A.json')], { DATA_DIR: dataDir, PERSONAL_DATA_KEY: oldKey.toString('hex') });
  expect(imported.code, imported.stderr).toBe(0);
}, 240_000);

describe('stored copies of imported files', () => {
  it('hold no named person or personal phone in clear, and the import read them', async () => {
    const files = storedFiles(dataDir);
    expect(files).toHaveLength(2);
    const plain = readFileSync(path.join(samplesDir, 'kps_stations.json'), 'utf8');
    expect(plain).toContain('Insp. John Doe');
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(bytes.includes('John Doe')).toBe(false);
      expect(bytes.includes('0703-099-507')).toBe(false);
      expect(await createStoredFileCipher(oldKey).inspect(file)).toEqual({ encrypted: true, keyId: personalDataKeyId(oldKey) });
    }
    const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      expect(await db.prisma.contactPerson.count()).toBeGreaterThan(50);
      expect(await db.prisma.importSource.count({ where: { status: 'SUCCEEDED' } })).toBe(2);
    } finally {
      await db.close();
    }
  });
});

describe('npm run keys -- rotate-personal-data', () => {
  it('re-encrypts every named person and stored file under the new key; the old key then opens nothing', async () => {
    const rotated = await cli('keys', ['rotate-personal-data'], { DATA_DIR: dataDir, PERSONAL_DATA_KEY: newKey.toString('hex'), PERSONAL_DATA_KEY_PREVIOUS: oldKey.toString('hex') });
    expect(rotated.code, rotated.stderr).toBe(0);
    const result = JSON.parse(rotated.stdout);
    expect(result.persons.reencrypted).toBeGreaterThan(50);
    expect(result.persons.unchanged).toBe(0);
    expect(result.files).toEqual({ reencrypted: 2, unchanged: 0 });
    expect(result.lineage.reencrypted).toBeGreaterThan(50);
    // Records without an official code are keyed by an HMAC of name and place: re-keyed, all verified.
    expect(result.lineage.keysRekeyed).toBeGreaterThan(0);
    expect(result.lineage.keysUnverified).toBe(0);

    const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      const onlyOld = createPersonalDataCipher(oldKey);
      const onlyNew = createPersonalDataCipher(newKey);
      const persons = await db.prisma.contactPerson.findMany();
      for (const p of persons) {
        expect(() => onlyOld.decrypt(p.nameEncrypted)).toThrow(/failed authentication/);
        expect(onlyNew.decrypt(p.nameEncrypted).length).toBeGreaterThan(0);
        // Fingerprints are keyed too: recomputed under the new key.
        expect(p.fingerprint).toBe(onlyNew.fingerprint(p.role, onlyNew.decrypt(p.nameEncrypted), p.phoneEncrypted ? onlyNew.decrypt(p.phoneEncrypted) : ''));
      }
      // Lineage: the officers and focal persons sealed in raw payloads open with the new key only.
      const sealed = (await db.prisma.sourceRecord.findMany()).flatMap((r) =>
        ['ocs', 'focal_person'].flatMap((f) => {
          const v = (r.payload as Record<string, { encrypted?: string }>)[f];
          return typeof v?.encrypted === 'string' ? [v.encrypted] : [];
        }),
      );
      expect(sealed.length).toBeGreaterThan(50);
      for (const token of sealed) {
        expect(() => onlyOld.decrypt(token)).toThrow(/failed authentication/);
        expect(onlyNew.decrypt(token).length).toBeGreaterThan(0);
      }
      const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'PERSONAL_DATA_KEY_ROTATED' } });
      expect(audit).toMatchObject({ entityId: personalDataKeyId(newKey), actor: expect.stringMatching(/^cli:/) });
    } finally {
      await db.close();
    }
    for (const file of storedFiles(dataDir)) {
      const read = async (key: Buffer) => {
        const parts: Buffer[] = [];
        for await (const part of createStoredFileCipher(key).reader(file)) parts.push(part as Buffer);
        return Buffer.concat(parts).toString('utf8');
      };
      await expect(read(oldKey)).rejects.toThrow(/does not have/);
      expect(JSON.parse(await read(newKey))).toBeTruthy();
    }

    // The service with only the old key refuses to start; with the new one it starts.
    await expect(startRuntime(loadConfig({ DATA_DIR: dataDir, PERSONAL_DATA_KEY: oldKey.toString('hex') }), silent, { work: false })).rejects.toThrow(/does not open the personal data/);
    const runtime = await startRuntime(loadConfig({ DATA_DIR: dataDir, PERSONAL_DATA_KEY: newKey.toString('hex') }), silent, { work: false });
    await runtime.close();

    // Run again, nothing is left to do.
    const again = await cli('keys', ['rotate-personal-data'], { DATA_DIR: dataDir, PERSONAL_DATA_KEY: newKey.toString('hex'), PERSONAL_DATA_KEY_PREVIOUS: oldKey.toString('hex') });
    expect(JSON.parse(again.stdout)).toMatchObject({ persons: { reencrypted: 0, duplicatesRemoved: 0 }, lineage: { reencrypted: 0, keysRekeyed: 0 }, files: { reencrypted: 0, unchanged: 2 } });

    // The same delivery after the rotation is recognised record by record: nothing changes.
    const redelivered = await cli('import', [path.join(samplesDir, 'kps_stations.json'), path.join(samplesDir, 'category_A.json')], { DATA_DIR: dataDir, PERSONAL_DATA_KEY: newKey.toString('hex') });
    expect(redelivered.code, redelivered.stderr).toBe(0);
    const check = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      const last = await check.prisma.importRun.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
      const outcomes = await check.prisma.sourceRecord.groupBy({ by: ['outcome'], where: { importRunId: last.id }, _count: true });
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['REJECTED', 'UNCHANGED'].filter((o) => outcomes.some((x) => x.outcome === o)));
      expect(outcomes.find((o) => o.outcome === 'UNCHANGED')!._count).toBeGreaterThan(100);
    } finally {
      await check.close();
    }
  }, 240_000);

  it('needs both the new key and the old one', async () => {
    const result = await cli('keys', ['rotate-personal-data'], { DATA_DIR: dataDir, PERSONAL_DATA_KEY: newKey.toString('hex') });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs the new key in PERSONAL_DATA_KEY and the old one(s) in PERSONAL_DATA_KEY_PREVIOUS');
  });
});

describe('IMPORT_FILE_RETENTION_DAYS', () => {
  it("deletes a finished run's stored files once it is older than the retention, and keeps the others", async () => {
    const db = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
    try {
      const runs = await db.prisma.importRun.findMany({ orderBy: { createdAt: 'asc' } });
      expect(runs.length).toBeGreaterThanOrEqual(1);
      const [run] = runs;
      const dir = path.join(dataDir, 'imports', 'runs', run!.id);
      expect(await pruneImportFiles(db, dataDir, 30)).toEqual([]);
      expect(existsSync(dir)).toBe(true);
      await db.prisma.importRun.update({ where: { id: run!.id }, data: { finishedAt: new Date(Date.now() - 31 * 86_400_000) } });
      expect(await pruneImportFiles(db, dataDir, 30)).toEqual([run!.id]);
      expect(existsSync(dir)).toBe(false);
      // The lineage stays.
      expect(await db.prisma.sourceRecord.count({ where: { importRunId: run!.id } })).toBeGreaterThan(100);
    } finally {
      await db.close();
    }
  });
});
