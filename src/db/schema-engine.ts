// Prisma's schema engine, driven as WebAssembly through a driver adapter. The native engine
// binary that `prisma migrate` downloads cannot be fetched everywhere we run (see
// docs/decisions/0001-migrations-without-native-engine.md); the WASM build ships inside an npm
// package and speaks to the database through the same adapter the client uses.
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { UNBOUNDED_STATEMENTS } from './database.js';
import type {
  DiffTarget,
  MigrationList,
  SchemaContainer,
  SchemaEngine,
} from '@prisma/schema-engine-wasm';

const require = createRequire(import.meta.url);

export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const migrationsDir = path.join(projectRoot, 'prisma', 'migrations');
export const schemaPath = path.join(projectRoot, 'prisma', 'schema.prisma');

const noFilters = { externalTables: [], externalEnums: [] };

type EngineConstructor = typeof SchemaEngine;
let engineClass: Promise<EngineConstructor> | undefined;

async function loadEngineClass(): Promise<EngineConstructor> {
  const runtime = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
    SchemaEngine: EngineConstructor;
  };
  const wasmPath = require
    .resolve('@prisma/schema-engine-wasm')
    .replace(/schema_engine\.js$/, 'schema_engine_bg.wasm');
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': runtime as never });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return runtime.SchemaEngine;
}

export function readSchema(): SchemaContainer {
  return { path: 'prisma/schema.prisma', content: readFileSync(schemaPath, 'utf8') };
}

export async function openSchemaEngine(adapter: SqlMigrationAwareDriverAdapterFactory): Promise<SchemaEngine> {
  engineClass ??= loadEngineClass();
  const Engine = await engineClass;
  const schema = readSchema();
  return Engine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(wholeScripts(adapter)),
  );
}

/**
 * adapter-pg runs a migration script by cutting it at every ';', inside a function's
 * dollar-quoted body too, which breaks any migration that creates a trigger function.
 * PostgreSQL takes the whole script in one simple query, which is how the native engine sends
 * it; so on PostgreSQL the script goes as one statement. (PGlite's adapter already runs it whole.)
 */
function wholeScripts(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  if (factory.adapterName !== '@prisma/adapter-pg') return factory;
  const whole = (adapter: SqlDriverAdapter): SqlDriverAdapter =>
    new Proxy(adapter, {
      get(target, property, receiver) {
        if (property !== 'executeScript') return Reflect.get(target, property, receiver);
        return async (script: string) => {
          // No arguments: pg sends it as a simple query, which may hold many statements. It runs
          // as one implicit transaction, which the first statement frees of DB_STATEMENT_TIMEOUT_MS:
          // a migration rewriting a large table is long by nature.
          await target.executeRaw({ sql: `${UNBOUNDED_STATEMENTS};\n${script}`, args: [], argTypes: [] });
        };
      },
    });
  return new Proxy(factory, {
    get(target, property, receiver) {
      if (property === 'connect') return async () => whole(await target.connect());
      if (property === 'connectToShadowDb') return async () => whole(await target.connectToShadowDb());
      return Reflect.get(target, property, receiver);
    },
  });
}

/** The migrations folder in the shape the engine expects (Prisma's own folder format). */
export async function loadMigrationList(dir = migrationsDir): Promise<MigrationList> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(dir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      entries.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(path.join(dir, name, 'migration.sql'), 'utf8')
            .then((value) => ({ tag: 'ok' as const, value }))
            .catch((error: Error) => ({ tag: 'error' as const, value: error.message })),
        },
      })),
    ),
  };
}

/** Applies pending migrations, recording them in `_prisma_migrations` as `migrate deploy` does. */
export async function applyMigrations(adapter: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const engine = await openSchemaEngine(adapter);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await loadMigrationList(),
      filters: noFilters,
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/** The SQL that takes `from` to `to`; empty when they agree. Needs a shadow database for `migrations`. */
export async function diffSql(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  from: DiffTarget,
  to: DiffTarget,
): Promise<string> {
  const engine = await openSchemaEngine(adapter);
  try {
    const result = await engine.diff({ from, to, script: true, exitCode: null, filters: noFilters });
    return (result.stdout ?? '').trim();
  } finally {
    engine.free();
  }
}

export function schemaTarget(): DiffTarget {
  return { tag: 'schemaDatamodel', files: [readSchema()] };
}

export async function migrationsTarget(): Promise<DiffTarget> {
  return { tag: 'migrations', ...(await loadMigrationList()) };
}
