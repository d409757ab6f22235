// Scratch databases for the benchmark on a PostgreSQL server: one template, migrated and seeded
// once, and a fresh copy of it for every run (an empty registry each time), all dropped after.
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../src/db/database.js';
import { applyMigrations } from '../../src/db/schema-engine.js';
import { seedReferenceData } from '../../src/db/seed.js';
import { admin, serverVersion, withDatabase } from '../support/postgres.js';



export class BenchDatabases {
  readonly prefix = `gvrc_bench_${randomBytes(4).toString('hex')}`;
  private readonly created: string[] = [];
  private template?: string;
  private count = 0;

  constructor(readonly serverUrl: string) {}

  async serverVersion(): Promise<string> {
    return serverVersion(this.serverUrl);
  }

  /** A new empty registry (migrated, reference data seeded); returns its name and URL. */
  async fresh(): Promise<{ name: string; url: string }> {
    if (!this.template) {
      const name = `${this.prefix}_template`;
      await this.create(name);
      const db = await openDatabase({ url: withDatabase(this.serverUrl, name), poolSize: 2 });
      try {
        await applyMigrations(db.adapter);
        await seedReferenceData(db.sql);
      } finally {
        await db.close();
      }
      this.template = name;
    }
    const name = `${this.prefix}_r${++this.count}`;
    await this.create(name, this.template);
    return { name, url: withDatabase(this.serverUrl, name) };
  }

  async drop(name: string): Promise<void> {
    await admin(this.serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    this.created.splice(this.created.indexOf(name), 1);
  }

  /** Leaves the database out of dropAll. */
  keep(name: string): void {
    this.created.splice(this.created.indexOf(name), 1);
  }

  async dropAll(): Promise<void> {
    for (const name of [...this.created].reverse()) await this.drop(name).catch(() => {});
  }

  private async create(name: string, template?: string): Promise<void> {
    await admin(this.serverUrl, (c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`));
    this.created.push(name);
  }
}
