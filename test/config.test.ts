// Configuration is validated once, with a message naming each bad variable.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has sensible defaults: port 4000, ./.data, embedded database, GraphiQL outside production', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(4000);
    expect(c.dataDir.endsWith('.data')).toBe(true);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.graphiql).toBe(true);
    expect(c.importDir).toBe(`${c.dataDir}/imports`);
  });

  it('turns GraphiQL and introspection off in production unless enabled', () => {
    const c = loadConfig({ NODE_ENV: 'production' });
    expect(c.graphiql).toBe(false);
    expect(c.introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PUBLIC_DIRECTORY: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('PUBLIC_DIRECTORY');
  });

  it("sizes the import's feature cache: off (0) by default, a number of facilities when set, never negative", () => {
    expect(loadConfig({}).IMPORT_FEATURE_CACHE_SIZE).toBe(0);
    expect(loadConfig({ IMPORT_FEATURE_CACHE_SIZE: '50000' }).IMPORT_FEATURE_CACHE_SIZE).toBe(50_000);
    expect(() => loadConfig({ IMPORT_FEATURE_CACHE_SIZE: '-1' })).toThrow(/IMPORT_FEATURE_CACHE_SIZE/);
  });

  it('keeps pooled connections five minutes unused by default, and takes a number of seconds', () => {
    expect(loadConfig({}).DB_POOL_IDLE_TIMEOUT_S).toBe(300);
    expect(loadConfig({ DB_POOL_IDLE_TIMEOUT_S: '30' }).DB_POOL_IDLE_TIMEOUT_S).toBe(30);
    expect(() => loadConfig({ DB_POOL_IDLE_TIMEOUT_S: '0' })).toThrow(/DB_POOL_IDLE_TIMEOUT_S/);
  });

  it('bounds statements at 15 s by default; takes milliseconds, 0 for no limit, and refuses anything else', () => {
    expect(loadConfig({}).DB_STATEMENT_TIMEOUT_MS).toBe(15_000);
    expect(loadConfig({ DB_STATEMENT_TIMEOUT_MS: '2500' }).DB_STATEMENT_TIMEOUT_MS).toBe(2_500);
    expect(loadConfig({ DB_STATEMENT_TIMEOUT_MS: '0' }).DB_STATEMENT_TIMEOUT_MS).toBe(0);
    for (const bad of ['-1', '1.5', 'soon', '3600001']) {
      expect(() => loadConfig({ DB_STATEMENT_TIMEOUT_MS: bad })).toThrow(/DB_STATEMENT_TIMEOUT_MS/);
    }
  });

  it('allows no CORS origin in production unless CORS_ORIGINS names some, any outside it; refuses what is not an origin', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).corsOrigins).toEqual([]);
    expect(loadConfig({}).corsOrigins).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: 'none' }).corsOrigins).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: 'https://a.example, http://b.example:8080' }).corsOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    for (const bad of ['a.example', 'https://a.example/path', 'ftp://a.example', '*, https://a.example']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
    }
  });

  it('refuses a review threshold above the auto-merge threshold', () => {
    expect(() => loadConfig({ DEDUP_AUTO_MERGE_THRESHOLD: '0.5', DEDUP_REVIEW_THRESHOLD: '0.8' })).toThrow(/DEDUP_REVIEW_THRESHOLD/);
  });
});
