// Talking to the benchmark's PostgreSQL server as its administrator: scratch databases are
// created, copied from templates and dropped from outside them.
import pg from 'pg';

/** The same server URL, pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs `work` on a short-lived connection to the server (for CREATE/DROP DATABASE). */
export async function admin<T>(serverUrl: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** `PostgreSQL 15.20`, for the benchmark's machine description. */
export function serverVersion(serverUrl: string): Promise<string> {
  return admin(serverUrl, async (c) => `PostgreSQL ${(await c.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v.split(' ')[0]}`);
}
