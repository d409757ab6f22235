// Who is calling: every credential that fails is refused with UNAUTHENTICATED (HTTP 401) and no
// data, whatever was asked; no credential at all is anonymous, which reaches /health and /ready
// and nothing else unless the public directory is switched on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, SignJWT } from 'jose';
import { signDevJwt } from '../../src/security/jwt.js';
import { generateApiKey } from '../../src/security/api-key-secret.js';
import { LAST_USED_RESOLUTION_MS } from '../../src/auth/authenticate.js';
import { anonymous, codes, JWT_AUDIENCE, JWT_ISSUER, JWT_SECRET, jwtFor, startSecurityApi, userCaller, type Caller, type SecurityApi } from './support.js';

const DIRECTORY = '{ facilities(first: 3) { totalCount edges { node { code name } } } counties { code } }';

let world: SecurityApi;

beforeAll(async () => {
  world = await startSecurityApi({ samples: false });
});
afterAll(() => world?.close());

function bearer(token: string): Caller {
  return { label: 'bearer', headers: { authorization: `Bearer ${token}` } };
}

async function expectRefusedCredential(caller: Caller, reason: string) {
  const answer = await world.call(caller, DIRECTORY);
  expect(answer.status).toBe(401);
  expect(answer.headers.get('www-authenticate')).toBe('Bearer');
  expect(answer.data ?? null).toBeNull();
  expect(answer.errors).toHaveLength(1);
  expect(answer.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
  expect(answer.errors[0].message).toBe('Authentication failed.');
}

describe('no credential', () => {
  it('reaches /health and /ready', async () => {
    expect((await world.api.yoga.fetch('http://registry.test/health')).status).toBe(200);
    expect((await world.api.yoga.fetch('http://registry.test/ready')).status).toBe(200);
  });

  it('is refused the directory with UNAUTHENTICATED (the public directory is off by default)', async () => {
    const answer = await world.call(anonymous, DIRECTORY);
    // Each root field is refused on its own: every one of them is null.
    expect(answer.data).toEqual({ facilities: null, counties: null });
    expect(new Set(codes(answer))).toEqual(new Set(['UNAUTHENTICATED']));
    expect(answer.errors[0].message).toBe('Authentication required.');
  });
});

describe('JSON Web Tokens', () => {
  it('a valid token is a user with the role and county it carries', async () => {
    const answer = await world.call(await userCaller('VIEWER'), DIRECTORY);
    expect(answer.errors).toEqual([]);
    expect(answer.status).toBe(200);
  });

  it('a forged token (signed with another secret) is refused', async () => {
    const forged = await signDevJwt({ secret: 'x'.repeat(40), issuer: JWT_ISSUER, audience: JWT_AUDIENCE, subject: 'mallory', role: 'ADMIN' });
    await expectRefusedCredential(bearer(forged), 'bad_signature');
  });

  it('a token with its payload altered (role raised) is refused', async () => {
    const [header, , signature] = (await jwtFor('VIEWER')).split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'mallory', role: 'ADMIN', iss: JWT_ISSUER, aud: JWT_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    await expectRefusedCredential(bearer(`${header}.${payload}.${signature}`), 'bad_signature');
  });

  it('an unsigned token (alg none) is refused', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'mallory', role: 'ADMIN', iss: JWT_ISSUER, aud: JWT_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    await expectRefusedCredential(bearer(`${header}.${payload}.`), 'bad_signature');
  });

  it('an expired token is refused', async () => {
    await expectRefusedCredential(bearer(await jwtFor('ADMIN', { expiresIn: '-10m' })), 'expired');
  });

  it('a token for another audience is refused', async () => {
    const token = await signDevJwt({ secret: JWT_SECRET, issuer: JWT_ISSUER, audience: 'another-service', subject: 'u', role: 'ADMIN' });
    await expectRefusedCredential(bearer(token), 'wrong_audience');
  });

  it('a token from another issuer is refused', async () => {
    const token = await signDevJwt({ secret: JWT_SECRET, issuer: 'someone-else', audience: JWT_AUDIENCE, subject: 'u', role: 'ADMIN' });
    await expectRefusedCredential(bearer(token), 'wrong_issuer');
  });

  it('a token not yet valid is refused', async () => {
    const token = await signDevJwt({ secret: JWT_SECRET, issuer: JWT_ISSUER, audience: JWT_AUDIENCE, subject: 'u', role: 'ADMIN', notBefore: '10m' });
    await expectRefusedCredential(bearer(token), 'not_yet_valid');
  });

  it('a malformed token, or an Authorization header that is not Bearer, is refused', async () => {
    await expectRefusedCredential(bearer('not-a-jwt'), 'malformed');
    await expectRefusedCredential({ label: 'basic', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }, 'malformed');
    await expectRefusedCredential({ label: 'empty bearer', headers: { authorization: 'Bearer ' } }, 'malformed');
  });

  it('identity-provider keys that cannot be fetched are our failure: masked and logged, never a pass', async () => {
    const provider = await startSecurityApi({ samples: false, env: { JWT_SECRET: '', JWT_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json' } });
    try {
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT({ role: 'ADMIN' })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('u')
        .setIssuer(JWT_ISSUER)
        .setAudience(JWT_AUDIENCE)
        .setExpirationTime('1h')
        .sign(privateKey);
      const answer = await provider.call(bearer(token), DIRECTORY);
      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors.map((e) => e.message)).toEqual(['Unexpected error.']);
      expect(provider.api.logs.some((line) => line.msg === 'JWT verification keys are unavailable')).toBe(true);
    } finally {
      await provider.close();
    }
  });

  it('a server without JWT configuration refuses bearer tokens instead of trusting them', async () => {
    const keysOnly = await startSecurityApi({ samples: false, env: { JWT_SECRET: '' } });
    try {
      const answer = await keysOnly.call(await userCaller('ADMIN'), DIRECTORY);
      expect(answer.status).toBe(401);
      expect(answer.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'bearer_not_accepted' });
    } finally {
      await keysOnly.close();
    }
  });
});

describe('API keys', () => {
  it('a valid key is its role, and its last use is recorded at most every few minutes', async () => {
    const viewer = await world.keyCaller('VIEWER');
    expect((await world.call(viewer, DIRECTORY)).errors).toEqual([]);
    const first = await world.api.db.prisma.apiKey.findUniqueOrThrow({ where: { id: viewer.keyId } });
    expect(first.lastUsedAt).not.toBeNull();
    await world.call(viewer, DIRECTORY);
    const second = await world.api.db.prisma.apiKey.findUniqueOrThrow({ where: { id: viewer.keyId } });
    expect(second.lastUsedAt).toEqual(first.lastUsedAt);
    // Once the recorded use is older than the resolution, the next request moves it on.
    const old = new Date(Date.now() - LAST_USED_RESOLUTION_MS - 1000);
    await world.writeKeysElsewhere(() => world.api.db.prisma.apiKey.update({ where: { id: viewer.keyId }, data: { lastUsedAt: old } }));
    await world.call(viewer, DIRECTORY);
    const third = await world.api.db.prisma.apiKey.findUniqueOrThrow({ where: { id: viewer.keyId } });
    expect(third.lastUsedAt!.getTime()).toBeGreaterThan(old.getTime());
  });

  it('a key revoked by another process is refused as soon as the commit is heard of, like an unknown one', async () => {
    const partner = await world.keyCaller('ADMIN', { name: 'to-be-revoked' });
    expect((await world.call(partner, DIRECTORY)).errors).toEqual([]);
    await world.writeKeysElsewhere(() => world.api.db.prisma.apiKey.update({ where: { id: partner.keyId }, data: { revokedAt: new Date() } }));
    await expectRefusedCredential(partner, 'invalid_api_key');
  });

  it('an unknown key (well-formed, never issued) is refused', async () => {
    await expectRefusedCredential({ label: 'unknown key', headers: { 'x-api-key': generateApiKey().key } }, 'invalid_api_key');
  });

  it('a malformed key (a JWT, a huge string, an empty value) is refused without a lookup', async () => {
    await expectRefusedCredential({ label: 'jwt as key', headers: { 'x-api-key': await jwtFor('ADMIN') } }, 'invalid_api_key');
    await expectRefusedCredential({ label: 'huge', headers: { 'x-api-key': `gvrc_${'A'.repeat(10_000)}` } }, 'invalid_api_key');
    await expectRefusedCredential({ label: 'empty', headers: { 'x-api-key': '' } }, 'invalid_api_key');
  });

  it('a key stored only as its hash: the secret is nowhere in the database', async () => {
    const key = await world.keyCaller('VIEWER', { name: 'hash-only' });
    const row = await world.api.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.keyId } });
    expect(JSON.stringify(row)).not.toContain(key.key);
    const audit = await world.api.db.prisma.auditEvent.findMany({ where: { entityId: key.keyId } });
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit.map(({ id: _id, ...event }) => event))).not.toContain(key.key);
  });
});

describe('two credentials at once', () => {
  it('a request with both a bearer token and an API key is refused rather than guessed at', async () => {
    const key = await world.keyCaller('VIEWER');
    const both: Caller = { label: 'both', headers: { ...key.headers, authorization: `Bearer ${await jwtFor('ADMIN')}` } };
    await expectRefusedCredential(both, 'ambiguous_credentials');
  });
});

describe('the public directory (PUBLIC_DIRECTORY=true)', () => {
  let open: SecurityApi;
  beforeAll(async () => {
    open = await startSecurityApi({ samples: false, env: { PUBLIC_DIRECTORY: 'true' } });
  });
  afterAll(() => open?.close());

  it('lets anonymous callers read facilities, geography and services', async () => {
    const answer = await open.call(anonymous, `${DIRECTORY.slice(0, -1)} serviceCategories { key } }`);
    expect(answer.errors).toEqual([]);
  });

  it('still refuses anonymous callers everything else with UNAUTHENTICATED', async () => {
    for (const query of [
      '{ importRuns(first: 1) { edges { node { id } } } }',
      '{ qualityReport { facilities } }',
      '{ duplicateCandidates(first: 1) { edges { node { id } } } }',
      '{ apiKeys { id } }',
      '{ auditTrail(first: 1) { edges { node { id } } } }',
      'mutation { revokeApiKey(id: "00000000-0000-0000-0000-000000000000") { id } }',
    ]) {
      const answer = await open.call(anonymous, query);
      expect(codes(answer), query).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('still refuses a bad credential: it is not downgraded to anonymous', async () => {
    const answer = await open.call(bearer(await jwtFor('VIEWER', { expiresIn: '-1m' })), DIRECTORY);
    expect(answer.status).toBe(401);
    expect(answer.data ?? null).toBeNull();
  });
});
