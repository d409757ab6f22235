// The security suite's world: the API as production builds it (each request authenticated from
// its own headers by src/auth), over a database holding the sample delivery — police stations
// with named officers, shelters and safe houses — plus a few fixtures made through the API itself.
//
// Callers are real credentials: HS256 JWTs signed with the test secret and API keys issued the
// way the CLI issues them. Queries are plain strings, so a test can ask for anything, including
// what the schema refuses.
import type { GraphQLFormattedError } from 'graphql';
import { issueApiKey } from '../../src/auth/api-keys.js';
import { API_KEY_CHANGED } from '../../src/db/change-feed.js';
import type { Role } from '../../src/generated/prisma/enums.js';
import { signDevJwt } from '../../src/security/jwt.js';
import { startApi, type TestApi } from '../api/harness.js';
import { runImport, sampleSources } from '../support/imports.js';

export const JWT_SECRET = 'security-suite-secret-of-at-least-32-characters';
export const JWT_ISSUER = 'gvrc-registry';
export const JWT_AUDIENCE = 'gvrc-registry';

export const ROLES_BY_RANK: readonly Role[] = ['PARTNER', 'VIEWER', 'DATA_ANALYST', 'DATA_ENGINEER', 'ADMIN'];

export interface Caller {
  label: string;
  headers: Record<string, string>;
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  data: T | null | undefined;
  errors: GraphQLFormattedError[];
  /** The response body as sent: what "nothing leaks" is checked against. */
  text: string;
  requestId: string | null;
  headers: Headers;
}

export const anonymous: Caller = { label: 'anonymous', headers: {} };

export async function jwtFor(role: Role, options: { county?: string; subject?: string; expiresIn?: string } = {}): Promise<string> {
  return signDevJwt({
    secret: JWT_SECRET,
    issuer: JWT_ISSUER,
    audience: JWT_AUDIENCE,
    subject: options.subject ?? `user-${role.toLowerCase()}`,
    role,
    ...(options.county ? { county: options.county } : {}),
    ...(options.expiresIn ? { expiresIn: options.expiresIn } : {}),
  });
}

export async function userCaller(role: Role, options: { county?: string; subject?: string } = {}): Promise<Caller> {
  const label = `${role} user${options.county ? ` of county ${options.county}` : ''}`;
  return { label, headers: { authorization: `Bearer ${await jwtFor(role, options)}` } };
}

export interface SecurityApi {
  api: TestApi;
  call<T = Record<string, unknown>>(caller: Caller, query: string, variables?: Record<string, unknown>): Promise<Answer<T>>;
  /** Issues a key directly (as the CLI does) and returns a caller presenting it. */
  keyCaller(role: Role, options?: { county?: string; name?: string }): Promise<Caller & { keyId: string; key: string }>;
  /**
   * Writes API keys as another process would (the CLI, another API process), and resolves once
   * the server has heard of the commit: from then on it must not serve what it kept.
   */
  writeKeysElsewhere<T>(write: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function startSecurityApi(options: { env?: Record<string, string>; samples?: boolean } = {}): Promise<SecurityApi> {
  const api = await startApi({
    authenticate: true,
    operationalEndpoints: true,
    // As the app runs: API keys (and area counts) kept until the database reports a change.
    changeFeedCaches: true,
    env: { JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE, ...options.env },
  });
  if (options.samples !== false) await runImport(api.db, sampleSources());

  async function call<T>(caller: Caller, query: string, variables?: Record<string, unknown>): Promise<Answer<T>> {
    const response = await api.yoga.fetch('http://registry.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...caller.headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: T | null; errors?: GraphQLFormattedError[] };
    return {
      status: response.status,
      data: body.data,
      errors: body.errors ?? [],
      text,
      requestId: response.headers.get('x-request-id'),
      headers: response.headers,
    };
  }

  return {
    api,
    call,
    async keyCaller(role, keyOptions = {}) {
      const name = keyOptions.name ?? `test:${role.toLowerCase()}${keyOptions.county ? `:${keyOptions.county}` : ''}`;
      const { apiKey, key } = await issueApiKey(
        api.db.prisma,
        { name, role, countyCode: keyOptions.county ?? null },
        { actor: 'test:setup', actorRole: null, requestId: null },
      );
      const label = `${role} API key${keyOptions.county ? ` of county ${keyOptions.county}` : ''}`;
      return { label, headers: { 'x-api-key': key }, keyId: apiKey.id, key };
    },
    async writeKeysElsewhere(write) {
      const keys = api.feed!.watch(API_KEY_CHANGED);
      const before = keys.generation;
      const result = await write();
      const deadline = Date.now() + 5000;
      while (keys.generation === before) {
        if (Date.now() > deadline) throw new Error('the API key change was never notified');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return result;
    },
    close: () => api.close(),
  };
}

/** The codes of an answer's errors, in order. */
export function codes(answer: Answer<unknown>): unknown[] {
  return answer.errors.map((error) => error.extensions?.code);
}

export function globalId(facilityId: string): string {
  return Buffer.from(`Facility:${facilityId}`).toString('base64');
}
