// Who is calling: every GraphQL request resolves to one Principal before any resolver runs.
//
//   Authorization: Bearer <JWT>  → a user, verified with jose (HS256 secret or the identity
//                                  provider's JWKS; issuer, audience and expiry checked)
//   x-api-key: gvrc_…            → a partner system, looked up by the key's hash (the API
//                                  process keeps keys until any key changes: api-key-cache.ts)
//   neither                      → anonymous
//
// A credential that is presented and fails — forged, expired, for another audience, revoked,
// unknown, or two credentials at once — fails the whole request with UNAUTHENTICATED (HTTP
// 401). It is never quietly downgraded to anonymous: a partner whose key was revoked must find
// out, not receive an emptier directory.
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { ApiKeyCache, ApiKeyRow } from './api-key-cache.js';
import { unauthenticated } from '../schema/errors.js';
import { hashApiKey, looksLikeApiKey } from '../security/api-key-secret.js';
import { AuthenticationError, createJwtVerifier, type JwtVerifier } from '../security/jwt.js';
import { ANONYMOUS, type ApiKeyPrincipal, type Principal } from '../security/principal.js';

export type Authenticator = (request: Request) => Promise<Principal>;

export interface AuthenticatorDeps {
  config: Pick<Config, 'JWT_SECRET' | 'JWT_JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>;
  db: Pick<Database, 'prisma' | 'sql'>;
  logger: Logger;
  now?: () => Date;
  /** Keys kept while the database vouches for them (api-key-cache.ts); without it, read per request. */
  apiKeys?: ApiKeyCache;
}

/**
 * `lastUsedAt` is written at most this often per key: it answers "is this key still in use?",
 * which needs minutes, not a write on every request of a busy partner.
 */
export const LAST_USED_RESOLUTION_MS = 5 * 60_000;

const BEARER = /^Bearer[ ]+([^\s]+)$/i;

export function createAuthenticator(deps: AuthenticatorDeps): Authenticator {
  const verifyJwt = jwtVerifierFor(deps.config);
  const now = deps.now ?? (() => new Date());

  return async (request) => {
    const authorization = request.headers.get('authorization');
    const apiKey = request.headers.get('x-api-key');
    if (authorization !== null && apiKey !== null) throw unauthenticated({ reason: 'ambiguous_credentials', status: 401 });
    if (authorization !== null) return userFromBearer(authorization, verifyJwt, deps.logger);
    if (apiKey !== null) return apiKeyPrincipal(deps.db, apiKey, now(), deps.apiKeys);
    return ANONYMOUS;
  };
}

function jwtVerifierFor(config: AuthenticatorDeps['config']): JwtVerifier | undefined {
  const common = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  if (config.JWT_SECRET) return createJwtVerifier({ ...common, secret: config.JWT_SECRET });
  if (config.JWT_JWKS_URL) return createJwtVerifier({ ...common, jwksUrl: config.JWT_JWKS_URL });
  return undefined;
}

async function userFromBearer(header: string, verify: JwtVerifier | undefined, logger: Logger): Promise<Principal> {
  const token = BEARER.exec(header.trim())?.[1];
  if (token === undefined) throw unauthenticated({ reason: 'malformed', status: 401 });
  // A server configured without an identity provider accepts API keys only.
  if (verify === undefined) throw unauthenticated({ reason: 'bearer_not_accepted', status: 401 });
  try {
    return await verify(token);
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    // The identity provider's keys could not be fetched: our outage, not the caller's fault, so
    // it is an unexpected (masked, logged) error rather than a refusal.
    if (error.code === 'key_unavailable') {
      logger.error({ reason: error.code }, 'JWT verification keys are unavailable');
      throw new Error('JWT verification keys are unavailable');
    }
    throw unauthenticated({ reason: error.code, status: 401 });
  }
}

/** Plain SQL: this runs for every request that carries a key the process does not hold. */
async function readApiKey(db: AuthenticatorDeps['db'], keyHash: string): Promise<ApiKeyRow | undefined> {
  const found = await db.sql.query<ApiKeyRow>(
    // lastUsedAt is stored as UTC without a zone; read as a point in time, whatever the process's zone.
    `SELECT id, name, role::text AS role, "countyCode", "revokedAt" IS NOT NULL AS revoked,
            "lastUsedAt" AT TIME ZONE 'UTC' AS "lastUsedAt"
       FROM "ApiKey" WHERE "keyHash" = $1`,
    [keyHash],
  );
  return found.rows[0];
}

/**
 * Unknown and revoked keys get the same answer: a refusal that named revocation would confirm to
 * whoever found an old key that it once was real.
 */
async function apiKeyPrincipal(db: AuthenticatorDeps['db'], presented: string, now: Date, cache?: ApiKeyCache): Promise<ApiKeyPrincipal> {
  const key = presented.trim();
  if (!looksLikeApiKey(key)) throw unauthenticated({ reason: 'invalid_api_key', status: 401 });
  const keyHash = hashApiKey(key);
  const read = () => readApiKey(db, keyHash);
  const row = await (cache ? cache.lookup(keyHash, read) : read());
  if (!row || row.revoked) throw unauthenticated({ reason: 'invalid_api_key', status: 401 });

  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (row.lastUsedAt === null || row.lastUsedAt < stale) {
    // Noted on the (possibly shared) row first, so that the requests that follow do not write too.
    row.lastUsedAt = now;
    // Conditional, so that concurrent requests of one key (in any process) write it once.
    await db.prisma.apiKey.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] },
      data: { lastUsedAt: now },
    });
  }
  const base = { kind: 'apiKey', keyId: row.id, name: row.name, role: row.role, via: 'apiKey' } as const;
  return row.countyCode === null ? base : { ...base, countyScope: row.countyCode };
}
