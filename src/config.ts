// Configuration comes from the environment only, validated once at start-up so that a bad
// value stops the process with a message naming the variable, not with a stack trace later.
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');

const probability = z.coerce.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: postgresUrl.optional(),
  PORT: z.coerce.number().int().min(1, 'must be a port number').max(65535, 'must be a port number').default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./.data'),
  IMPORT_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Seconds a pooled connection may sit unused before it is closed (src/db/database.ts says why so long). */
  DB_POOL_IDLE_TIMEOUT_S: z.coerce.number().min(1).max(86_400).default(300),
  /**
   * The longest a statement may run (ms; 0: no limit), PostgreSQL only. A backstop under the
   * input bounds (ADR 0008): a query that still runs away is stopped and answered QUERY_TIMEOUT
   * instead of holding a pooled connection. Imports and migrations lift it in their transactions.
   */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int('must be a whole number of milliseconds').min(0, 'must be 0 (no limit) or more').max(3_600_000, 'must be at most an hour').default(15_000),
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** Run import jobs inside the API process (the default for the embedded database). */
  IMPORT_WORKER: z.enum(['in-process', 'external']).optional(),
  IMPORT_ON_FIRST_START: bool.default(true),
  /** Registry facilities' match features an import keeps across its batches (0: none; src/ingest/load/feature-cache.ts). */
  IMPORT_FEATURE_CACHE_SIZE: z.coerce.number().int().min(0).default(0),
  /** Unset: the defaults chosen on the labelled evaluation (src/ingest/match/decide.ts). */
  DEDUP_AUTO_MERGE_THRESHOLD: probability.optional(),
  DEDUP_REVIEW_THRESHOLD: probability.optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_JWKS_URL: z.string().url().optional(),
  JWT_ISSUER: z.string().default('gvrc-registry'),
  JWT_AUDIENCE: z.string().default('gvrc-registry'),
  PERSONAL_DATA_KEY: z.string().optional(),
  /** During a key rotation: the key(s) being replaced, comma-separated; they only decrypt. */
  PERSONAL_DATA_KEY_PREVIOUS: z.string().optional(),
  /** Stored copies of imported files are deleted this many days after their run finished (0: never). */
  IMPORT_FILE_RETENTION_DAYS: z.coerce.number().min(0).default(90),
  PUBLIC_DIRECTORY: bool.default(false),
  GRAPHIQL: bool.optional(),
  /** Run queries compiled by graphql-jit (src/compiled-queries.ts); false runs GraphQL's interpreter. */
  GRAPHQL_JIT: bool.default(true),
  /** Keep area counts and API keys in memory until the database reports a change to them (ADR 0010). */
  CHANGE_FEED_CACHE: bool.default(true),
  INTROSPECTION: bool.optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(200_000_000),
  /** Query limits enforced in src/http/hardening.ts; the defaults are argued in docs/decisions/0008-hardening.md. */
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  MAX_QUERY_COST: z.coerce.number().int().min(100).default(50_000),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).max(1000).default(15),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).max(100_000).default(1_000),
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(10),
  /**
   * The API sits behind one reverse proxy that appends the caller's address to X-Forwarded-For;
   * only then is that header believed (for per-address rate limits). Off, a caller could name
   * any address it liked.
   */
  TRUST_PROXY: bool.default(false),
  /** /ready fails when the data directory's disk has less free space than this. */
  MIN_FREE_DISK_MB: z.coerce.number().int().min(0).default(512),
  /** /ready?full reports runs RUNNING longer than this as stuck. */
  IMPORT_STUCK_AFTER_MIN: z.coerce.number().int().min(1).default(120),
  /** npm run worker serves /metrics, /health and /ready on this port; unset, none. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1, 'must be a port number').max(65535, 'must be a port number').optional(),
  /** Where `npm run backup` and scheduled backups write (default DATA_DIR/backups). */
  BACKUP_DIR: z.string().min(1).optional(),
  /** Backups older than this are deleted when a new one is taken… */
  BACKUP_RETENTION_DAYS: z.coerce.number().min(0).default(30),
  /** …but never the newest this many. */
  BACKUP_KEEP_LAST: z.coerce.number().int().min(1).default(7),
  /** The worker takes a backup this often (`30m`, `24h`, `7d`); unset, never. */
  BACKUP_EVERY: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(m|h|d)$/, 'must be a number with m, h or d (e.g. 24h)')
    .transform(durationMs)
    .refine((ms) => ms >= 60_000, 'must be at least 1m')
    .optional(),
  /**
   * Browser origins allowed to call the API cross-site: `*`, `none`, or a comma-separated list of
   * origins (`https://partner.example, https://maps.example:8443`). Unset: none in production,
   * any outside it.
   */
  CORS_ORIGINS: z
    .string()
    .transform((value, ctx): CorsOrigins => {
      const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
      if (entries.length === 1 && entries[0] === '*') return '*';
      if (entries.length === 1 && entries[0] === 'none') return [];
      for (const entry of entries) {
        if (!isOrigin(entry)) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(entry)} is not an origin such as https://partner.example (or give * or none alone)` });

      }
      return entries;
    })
    .optional(),
});

/** `*`: every origin; otherwise exactly these (none when empty). */
export type CorsOrigins = '*' | string[];

/** scheme://host[:port] and nothing more, as a browser sends it in Origin. */
function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}

function durationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(m|h|d)$/.exec(text)!;
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
}

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  production: boolean;
  dataDir: string;
  importDir: string;
  graphiql: boolean;
  introspection: boolean;
  importWorker: 'in-process' | 'external';
  backupDir: string;
  corsOrigins: CorsOrigins;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings are treated as unset: `PORT=` in a .env file means "use the default".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(present[String(i.path[0])])})`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.DEDUP_REVIEW_THRESHOLD !== undefined && e.DEDUP_AUTO_MERGE_THRESHOLD !== undefined && e.DEDUP_REVIEW_THRESHOLD > e.DEDUP_AUTO_MERGE_THRESHOLD) {
    problems.push('DEDUP_REVIEW_THRESHOLD: must not exceed DEDUP_AUTO_MERGE_THRESHOLD');
  }
  if (e.JWT_SECRET && e.JWT_JWKS_URL) problems.push('JWT_SECRET and JWT_JWKS_URL: set one, not both');
  if (problems.length) throw new ConfigError(problems);
  const production = e.NODE_ENV === 'production';
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    ...e,
    production,
    dataDir,
    importDir: path.resolve(e.IMPORT_DIR ?? path.join(dataDir, 'imports')),
    graphiql: e.GRAPHIQL ?? !production,
    introspection: e.INTROSPECTION ?? !production,
    importWorker: e.IMPORT_WORKER ?? 'in-process',
    backupDir: path.resolve(e.BACKUP_DIR ?? path.join(dataDir, 'backups')),
    corsOrigins: e.CORS_ORIGINS ?? (production ? [] : '*'),
  };
}
