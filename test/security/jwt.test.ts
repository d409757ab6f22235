import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  createJwtVerifier,
  signDevJwt,
  type AuthenticationFailure,
} from '../../src/security/jwt.js';

const secret = 'a-development-secret-of-at-least-32-characters';
const issuer = 'https://id.gvrc.test/';
const audience = 'gvrc-registry';
const base = { secret, issuer, audience };

async function failureOf(promise: Promise<unknown>): Promise<AuthenticationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  return (error as AuthenticationError).code;
}

function signHs256(claims: JWTPayload, key = secret): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(key));
}

describe('JWT verification with a shared secret', () => {
  const verify = createJwtVerifier(base);

  it('turns a valid token into a user principal', async () => {
    const token = await signDevJwt({ ...base, subject: 'user-1', role: 'DATA_ANALYST' });
    await expect(verify(token)).resolves.toEqual({
      kind: 'user',
      subject: 'user-1',
      role: 'DATA_ANALYST',
      via: 'jwt',
    });
  });

  it('carries the county claim as the county scope', async () => {
    const token = await signDevJwt({ ...base, subject: 'u', role: 'VIEWER', county: '047' });
    await expect(verify(token)).resolves.toMatchObject({ countyScope: '047' });
  });

  it('leaves the county scope absent, not undefined, for a national user', async () => {
    const token = await signDevJwt({ ...base, subject: 'u', role: 'ADMIN' });
    expect(Object.keys(await verify(token))).not.toContain('countyScope');
  });

  it('rejects an expired token', async () => {
    const token = await signDevJwt({ ...base, subject: 'u', role: 'ADMIN', expiresIn: '-5m' });
    expect(await failureOf(verify(token))).toBe('expired');
  });

  it('accepts a token expired within the clock tolerance', async () => {
    const lenient = createJwtVerifier({ ...base, clockToleranceSec: 120 });
    const token = await signDevJwt({ ...base, subject: 'u', role: 'ADMIN', expiresIn: '-1m' });
    await expect(lenient(token)).resolves.toMatchObject({ subject: 'u' });
  });

  it('rejects a token that is not yet valid', async () => {
    const token = await signDevJwt({ ...base, subject: 'u', role: 'ADMIN', notBefore: '10m' });
    expect(await failureOf(verify(token))).toBe('not_yet_valid');
  });

  it('rejects a token without an expiry', async () => {
    const token = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setIssuer(issuer)
      .setAudience(audience)
      .sign(new TextEncoder().encode(secret));
    expect(await failureOf(verify(token))).toBe('bad_claims');
  });

  it('rejects a token signed for another audience', async () => {
    const token = await signDevJwt({ ...base, audience: 'other', subject: 'u', role: 'ADMIN' });
    expect(await failureOf(verify(token))).toBe('wrong_audience');
  });

  it('rejects a token from another issuer', async () => {
    const foreign = { ...base, issuer: 'https://other-idp.test/' };
    const token = await signDevJwt({ ...foreign, subject: 'u', role: 'VIEWER' });
    expect(await failureOf(verify(token))).toBe('wrong_issuer');
  });

  it('rejects a token signed with another secret', async () => {
    const token = await signDevJwt({
      ...base,
      secret: 'another-secret-that-is-also-32-characters-long',
      subject: 'u',
      role: 'ADMIN',
    });
    expect(await failureOf(verify(token))).toBe('bad_signature');
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const token = await signDevJwt({ ...base, subject: 'u', role: 'VIEWER' });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'u', role: 'ADMIN', iss: issuer, aud: audience, exp: 4102444800 }),
    ).toString('base64url');
    expect(await failureOf(verify(`${header}.${forged}.${signature}`))).toBe('bad_signature');
  });

  it('rejects an unsigned token (alg "none")', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'u', role: 'ADMIN', iss: issuer, aud: audience, exp: 4102444800 }),
    ).toString('base64url');
    expect(await failureOf(verify(`${header}.${payload}.`))).toBe('bad_signature');
  });

  it('rejects an RS256 token when configured with a secret', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('u')
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await failureOf(verify(token))).toBe('bad_signature');
  });

  it('rejects a string that is not a JWT as malformed', async () => {
    expect(await failureOf(verify('not-a-jwt'))).toBe('malformed');
  });

  it('rejects an empty token as malformed', async () => {
    expect(await failureOf(verify(''))).toBe('malformed');
  });

  it('rejects an oversized token without parsing it', async () => {
    expect(await failureOf(verify('a'.repeat(10_000)))).toBe('malformed');
  });

  it('rejects a token without a role', async () => {
    const token = await signHs256({ sub: 'u' });
    expect(await failureOf(verify(token))).toBe('bad_claims');
  });

  it('rejects a role that is not one of the registry roles', async () => {
    const token = await signHs256({ sub: 'u', role: 'SUPERUSER' });
    expect(await failureOf(verify(token))).toBe('bad_claims');
  });

  it('rejects a role written in another case', async () => {
    const token = await signHs256({ sub: 'u', role: 'admin' });
    expect(await failureOf(verify(token))).toBe('bad_claims');
  });

  it('rejects a token without a subject', async () => {
    const token = await signHs256({ role: 'ADMIN' });
    expect(await failureOf(verify(token))).toBe('bad_claims');
  });

  it('rejects a county claim that is not a 3-digit code', async () => {
    const token = await signHs256({ sub: 'u', role: 'VIEWER', county: 'Nairobi' });
    expect(await failureOf(verify(token))).toBe('bad_claims');
  });

  it('says nothing in the error beyond the reason code', async () => {
    const token = await signDevJwt({ ...base, audience: 'other', subject: 'u', role: 'ADMIN' });
    const error = await verify(token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toBe('authentication failed: wrong_audience');
    expect((error as Error).cause).toBeUndefined();
  });
});

describe('JWT verifier configuration', () => {
  it('refuses a secret shorter than 32 characters', () => {
    expect(() => createJwtVerifier({ ...base, secret: 'short' })).toThrow(/at least 32/);
  });

  it('refuses both a secret and a JWKS URL', () => {
    const both = { ...base, jwksUrl: 'https://id.test/jwks' };
    expect(() => createJwtVerifier(both)).toThrow(/exactly one/);
  });

  it('refuses neither a secret nor a JWKS URL', () => {
    expect(() => createJwtVerifier({ issuer, audience })).toThrow(/exactly one/);
  });

  it('refuses a JWKS URL over plain http to a remote host', () => {
    expect(() => createJwtVerifier({ issuer, audience, jwksUrl: 'http://id.test/jwks' })).toThrow(
      /https/,
    );
  });
});

describe('JWT verification against a JWKS endpoint', () => {
  let server: Server;
  let jwksUrl: string;
  let rsaKey: CryptoKey;
  let ecKey: CryptoKey;
  let strangerKey: CryptoKey;
  const publicJwks: JWK[] = [];

  beforeAll(async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    const stranger = await generateKeyPair('RS256');
    rsaKey = rsa.privateKey;
    ecKey = ec.privateKey;
    strangerKey = stranger.privateKey;
    publicJwks.push(
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    );
    server = createServer((request, response) => {
      if (request.url === '/jwks') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ keys: publicJwks }));
      } else {
        response.writeHead(500).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    jwksUrl = `http://127.0.0.1:${port}/jwks`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  });

  function sign(alg: 'RS256' | 'ES256', kid: string, key: CryptoKey): Promise<string> {
    return new SignJWT({ role: 'PARTNER', county: '001' })
      .setProtectedHeader({ alg, kid })
      .setSubject('partner-user')
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('1h')
      .sign(key);
  }

  it('accepts an RS256 token signed with a published key', async () => {
    const verify = createJwtVerifier({ issuer, audience, jwksUrl });
    await expect(verify(await sign('RS256', 'rsa-1', rsaKey))).resolves.toEqual({
      kind: 'user',
      subject: 'partner-user',
      role: 'PARTNER',
      countyScope: '001',
      via: 'jwt',
    });
  });

  it('accepts an ES256 token signed with a published key', async () => {
    const verify = createJwtVerifier({ issuer, audience, jwksUrl });
    await expect(verify(await sign('ES256', 'ec-1', ecKey))).resolves.toMatchObject({
      role: 'PARTNER',
    });
  });

  it('rejects a token signed with a key the provider never published', async () => {
    const verify = createJwtVerifier({ issuer, audience, jwksUrl });
    const token = await sign('RS256', 'rsa-1', strangerKey);
    expect(await failureOf(verify(token))).toBe('bad_signature');
  });

  it('rejects a token naming an unknown key id', async () => {
    const verify = createJwtVerifier({ issuer, audience, jwksUrl });
    expect(await failureOf(verify(await sign('RS256', 'rsa-9', rsaKey)))).toBe('bad_signature');
  });

  it('rejects an HS256 token, so a public key cannot be used as a shared secret', async () => {
    const verify = createJwtVerifier({ issuer, audience, jwksUrl });
    const token = await signHs256({ sub: 'u', role: 'ADMIN' });
    expect(await failureOf(verify(token))).toBe('bad_signature');
  });

  it('reports a failing key endpoint as key_unavailable, not as a bad token', async () => {
    const failing = jwksUrl.replace('/jwks', '/down');
    const verify = createJwtVerifier({ issuer, audience, jwksUrl: failing });
    expect(await failureOf(verify(await sign('RS256', 'rsa-1', rsaKey)))).toBe('key_unavailable');
  });

  it('reports an unreachable key endpoint as key_unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = `http://127.0.0.1:${port}/jwks`;
    const verify = createJwtVerifier({ issuer, audience, jwksUrl: unreachable });
    expect(await failureOf(verify(await sign('RS256', 'rsa-1', rsaKey)))).toBe('key_unavailable');
  });
});
