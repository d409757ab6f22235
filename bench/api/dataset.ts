// The data the API benchmark reads: a seeded delivery from the benchmark generator, loaded
// through the real import pipeline (a recorded ImportRun executed by the orchestrator), so the
// rows, lineage and indexes are what an import leaves. On a PostgreSQL server the loaded
// database is kept as a template (gvrc_bench_api_template_<facilities>) and every run reads a
// fresh copy of it: loading 100,000 facilities takes minutes, copying it seconds.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.js';
import { applyMigrations } from '../../src/db/schema-engine.js';
import { seedReferenceData } from '../../src/db/seed.js';
import type { SourceKind } from '../../src/ingest/record.js';
import { executeImportRun } from '../../src/ingest/run-import.js';
import { generateDelivery } from '../generator/generate.js';
import { benchImportDeps, recordDelivery } from '../support/import.js';
import { admin, serverVersion, withDatabase } from '../support/postgres.js';

export interface ApiDelivery {
  dir: string;
  seed: number;
  /** Facilities asked for: the generator's distinct entities, which is what a perfect import would load. */
  facilities: number;
  records: number;
  entities: number;
  files: { kind: SourceKind; path: string }[];
}

/** Distinct entities per generated record at the default rates (86,761 in 100,174 for seed 1). */
const ENTITIES_PER_RECORD = 0.866;
const MARKER = 'api-delivery.json';

/**
 * A delivery with about `facilities` distinct entities, generated once per (seed, facilities)
 * and cached. The generator is sized in records; the first size is estimated from the usual
 * ratio and corrected once from the entities it actually planned.
 */
export async function ensureApiDelivery(options: { facilities: number; seed: number; cacheRoot?: string; log?: (line: string) => void }): Promise<ApiDelivery> {
  const root = options.cacheRoot ?? path.join(tmpdir(), 'gvrc-bench-api');
  const dir = path.join(root, `seed${options.seed}-f${options.facilities}`);
  const marker = path.join(dir, MARKER);
  if (existsSync(marker)) {
    const stored = JSON.parse(await readFile(marker, 'utf8')) as Omit<ApiDelivery, 'dir' | 'files'> & { files: { kind: SourceKind; name: string }[] };
    const files = stored.files.map((f) => ({ kind: f.kind, path: path.join(dir, f.name) }));
    if (files.every((f) => existsSync(f.path))) return { ...stored, dir, files };
  }
  await mkdir(root, { recursive: true });
  const building = `${dir}.building-${process.pid}`;
  let records = Math.max(50, Math.round(options.facilities / ENTITIES_PER_RECORD));
  let generated;
  for (let attempt = 0; ; attempt++) {
    await rm(building, { recursive: true, force: true });
    generated = await generateDelivery({ seed: options.seed, records, format: 'ndjson', outDir: building, inMemory: false });
    const entities = generated.summary.entities;
    options.log?.(`generated ${generated.summary.total_records.toLocaleString('en-US')} records, ${entities.toLocaleString('en-US')} entities`);
    if (attempt === 1 || Math.abs(entities - options.facilities) <= Math.max(5, options.facilities * 0.005)) break;
    records = Math.round((records * options.facilities) / entities);
  }
  const stored = {
    seed: options.seed,
    facilities: options.facilities,
    records: generated.summary.total_records,
    entities: generated.summary.entities,
    files: generated.files.map((f) => ({ kind: f.kind, name: path.basename(f.path) })),
  };
  await writeFile(path.join(building, MARKER), JSON.stringify(stored, null, 2) + '\n');
  await rm(dir, { recursive: true, force: true });
  await rename(building, dir);
  return { ...stored, dir, files: stored.files.map((f) => ({ kind: f.kind, path: path.join(dir, f.name) })) };
}

/** Imports the delivery as the service does: recorded as an ImportRun, then executed. */
export async function loadDelivery(db: Database, delivery: ApiDelivery, onProgress?: (processed: number) => void): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'gvrc-bench-api-data-'));
  try {
    const runId = await recordDelivery(db, delivery, dataDir, 'bench:api');
    const status = await executeImportRun(
      benchImportDeps(db, { onProgress: onProgress ? (p) => onProgress(p.processed) : undefined }),
      runId,
    );
    if (status === 'FAILED') throw new Error(`the import of ${delivery.dir} failed (run ${runId})`);
    return status;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function countFacilities(db: Pick<Database, 'sql'>): Promise<{ total: number; visible: number }> {
  const r = await db.sql.query<{ total: number; visible: number }>(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE "isActive" AND "mergedIntoId" IS NULL))::int AS visible FROM "Facility"`,
  );
  return r.rows[0];
}



/** What a template remembers about itself, in its database comment. */
export interface TemplateInfo {
  seed: number;
  facilities: { requested: number; total: number; visible: number };
  records: number;
  builtAt: string;
  loadSeconds: number;
}

export class ApiBenchDatabases {
  readonly prefix = 'gvrc_bench_api_';
  private readonly created: string[] = [];

  constructor(readonly serverUrl: string) {}

  async serverVersion(): Promise<string> {
    return serverVersion(this.serverUrl);
  }

  templateName(facilities: number): string {
    return `${this.prefix}template_${facilities}`;
  }

  /**
   * The loaded template for `facilities`, built first when missing or made from another seed.
   * A template that exists is brought up to the current migrations (its data stays).
   */
  async template(delivery: ApiDelivery, log: (line: string) => void): Promise<{ name: string; info: TemplateInfo; cached: boolean }> {
    const name = this.templateName(delivery.facilities);
    const existing = await admin(this.serverUrl, (c) =>
      c.query<{ comment: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [name]),
    );
    if (existing.rowCount) {
      const info = parseInfo(existing.rows[0].comment);
      if (info && info.seed === delivery.seed && info.facilities.requested === delivery.facilities) {
        try {
          const db = await openDatabase({ url: withDatabase(this.serverUrl, name), poolSize: 2 });
          try {
            const applied = await applyMigrations(db.adapter);
            if (applied.length) log(`template ${name}: applied ${applied.join(', ')}`);
          } finally {
            await db.close();
          }
          return { name, info, cached: true };
        } catch (error) {
          log(`template ${name} cannot be migrated (${error instanceof Error ? error.message : String(error)}); rebuilding it`);
        }
      } else {
        log(`template ${name} was made from other data; rebuilding it`);
      }
      await admin(this.serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
    const info = await this.build(name, delivery, log);
    return { name, info, cached: false };
  }

  private async build(name: string, delivery: ApiDelivery, log: (line: string) => void): Promise<TemplateInfo> {
    const building = `${name}_building`;
    await admin(this.serverUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${building}"`);
    });
    const started = performance.now();
    const db = await openDatabase({ url: withDatabase(this.serverUrl, building), poolSize: 10 });
    let info: TemplateInfo;
    try {
      await applyMigrations(db.adapter);
      await seedReferenceData(db.sql);
      let nextReport = 0;
      log(`loading ${delivery.records.toLocaleString('en-US')} records through the import pipeline into ${building} (minutes at 100,000 facilities)`);
      await loadDelivery(db, delivery, (processed) => {
        if (processed < nextReport) return;
        nextReport = processed + Math.max(10_000, Math.ceil(delivery.records / 10));
        log(`  ${processed.toLocaleString('en-US')} / ${delivery.records.toLocaleString('en-US')} records, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      });
      // The state a registry settles into: statistics current, visibility map set.
      await db.sql.query('VACUUM ANALYZE');
      const facilities = await countFacilities(db);
      info = {
        seed: delivery.seed,
        facilities: { requested: delivery.facilities, ...facilities },
        records: delivery.records,
        builtAt: new Date().toISOString(),
        loadSeconds: Math.round((performance.now() - started) / 1000),
      };
    } finally {
      await db.close();
    }
    await admin(this.serverUrl, async (c) => {
      await c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
      await c.query(`COMMENT ON DATABASE "${name}" IS ${pg.escapeLiteral(JSON.stringify(info))}`);
    });
    log(`template ${name}: ${info.facilities.total.toLocaleString('en-US')} facilities, loaded in ${info.loadSeconds} s`);
    return info;
  }

  /** A fresh copy of the template, dropped by `drop` or `dropAll`. */
  async fresh(template: string): Promise<{ name: string; url: string }> {
    await this.dropAbandoned();
    const name = `${this.prefix}${randomBytes(4).toString('hex')}`;
    await admin(this.serverUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
    this.created.push(name);
    return { name, url: withDatabase(this.serverUrl, name) };
  }

  async drop(name: string): Promise<void> {
    await admin(this.serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    this.created.splice(this.created.indexOf(name), 1);
  }

  async dropAll(): Promise<void> {
    for (const name of [...this.created].reverse()) await this.drop(name).catch(() => {});
  }

  /** Copies left by runs that were killed: named like ours and with nobody connected. */
  private async dropAbandoned(): Promise<void> {
    await admin(this.serverUrl, async (c) => {
      const stale = await c.query<{ datname: string }>(
        `SELECT datname FROM pg_database d WHERE datname ~ '^gvrc_bench_api_[0-9a-f]{8}$'
           AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid)`,
      );
      for (const row of stale.rows) await c.query(`DROP DATABASE IF EXISTS "${row.datname}"`);
    });
  }
}

function parseInfo(comment: string | null): TemplateInfo | undefined {
  if (!comment) return undefined;
  try {
    return JSON.parse(comment) as TemplateInfo;
  } catch {
    return undefined;
  }
}
