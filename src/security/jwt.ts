// Bearer-token authentication. A token either yields a UserPrincipal or an AuthenticationError
// whose only payload is a short code: the caller learns what class of problem to fix, never
// what the token contained or what the server expected.
import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { z } from 'zod';
import { Role } from '../generated/prisma/enums.js';
import type { UserPrincipal } from './principal.js';

export type AuthenticationFailure =
  | 'malformed'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'bad_claims'
  /** The JWKS endpoint failed or served no usable keys: our fault, not the caller's. */
  | 'key_unavailable';

export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';

  // No `cause`: jose errors carry the decoded claims, which must not reach logs or clients.
  constructor(readonly code: AuthenticationFailure) {
    super(`authentication failed: ${code}`);
  }
}

export interface JwtVerifierConfig {
  /** Shared HS256 secret (at least 32 characters). Exactly one of `secret` and `jwksUrl`. */
  secret?: string;
  /** The identity provider's JWKS endpoint; https, or http on a loopback host for local work. */
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** Allowed clock skew for `exp` and `nbf`. Defaults to 30 seconds. */
  clockToleranceSec?: number;
}

export type JwtVerifier = (token: string) => Promise<UserPrincipal>;

/** HS256 keys shorter than the hash output weaken the MAC; RFC 7518 §3.2 requires ≥ 256 bits. */
const MIN_SECRET_LENGTH = 32;
/** Real tokens are well under 2 KB; refusing huge inputs early keeps parsing cost bounded. */
const MAX_TOKEN_LENGTH = 8192;
const DEFAULT_CLOCK_TOLERANCE_SEC = 30;

// Asymmetric algorithms only for JWKS: accepting HS256 there would let anyone who fetched the
// public key sign tokens with it (the classic algorithm-confusion attack).
const JWKS_ALGORITHMS = ['RS256', 'ES256'];
const SECRET_ALGORITHMS = ['HS256'];

const claimsSchema = z.object({
  sub: z.string().min(1).max(255),
  role: z.enum(Role),
  county: z
    .string()
    .regex(/^\d{3}$/)
    .optional(),
});

export function createJwtVerifier(config: JwtVerifierConfig): JwtVerifier {
  const { key, algorithms, keyIsRemote } = verificationKey(config);
  const options: JWTVerifyOptions = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms,
    clockTolerance: config.clockToleranceSec ?? DEFAULT_CLOCK_TOLERANCE_SEC,
    // jose checks `exp` only when present; a token without one would never expire.
    requiredClaims: ['sub', 'exp'],
  };

  return async (token) => {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      throw new AuthenticationError('malformed');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, options));
    } catch (error) {
      throw new AuthenticationError(failureOf(error, keyIsRemote));
    }
    return principalFrom(payload);
  };
}

function verificationKey(config: JwtVerifierConfig): {
  key: Uint8Array | JWTVerifyGetKey;
  algorithms: string[];
  keyIsRemote: boolean;
} {
  const { secret, jwksUrl } = config;
  if (secret !== undefined && jwksUrl === undefined) {
    return { key: secretKey(secret), algorithms: SECRET_ALGORITHMS, keyIsRemote: false };
  }
  if (secret !== undefined || jwksUrl === undefined) {
    throw new Error('JWT verifier needs exactly one of a secret and a JWKS URL');
  }
  const jwks = createRemoteJWKSet(jwksEndpoint(jwksUrl));
  // Every failure to obtain keys (network, HTTP status, bad JSON, bad JWK) is marked here, so
  // it cannot be confused with a fault in the token. An unknown `kid` stays a token fault.
  const key: JWTVerifyGetKey = async (header, token) => {
    try {
      return await jwks(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) throw error;
      throw new KeyUnavailable();
    }
  };
  return { key, algorithms: JWKS_ALGORITHMS, keyIsRemote: true };
}

class KeyUnavailable extends Error {}

function secretKey(secret: string): Uint8Array {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`JWT secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return new TextEncoder().encode(secret);
}

function jwksEndpoint(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('JWKS URL is not a valid URL');
  }
  // Keys fetched over plain http can be swapped in transit, which forges every token.
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error('JWKS URL must use https');
  }
  return url;
}

function failureOf(error: unknown, keyIsRemote: boolean): AuthenticationFailure {
  if (error instanceof KeyUnavailable) return 'key_unavailable';
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return 'wrong_issuer';
      case 'aud':
        return 'wrong_audience';
      case 'nbf':
        return 'not_yet_valid';
      default:
        return 'bad_claims';
    }
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return 'bad_signature';
  }
  // A key jose cannot use for the token's algorithm (e.g. a JWK of the wrong type) is a key
  // problem only when the key came from the provider.
  if (keyIsRemote && error instanceof errors.JWKInvalid) return 'key_unavailable';
  return 'malformed';
}

function principalFrom(payload: JWTPayload): UserPrincipal {
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) throw new AuthenticationError('bad_claims');
  const { sub, role, county } = parsed.data;
  return county === undefined
    ? { kind: 'user', subject: sub, role, via: 'jwt' }
    : { kind: 'user', subject: sub, role, countyScope: county, via: 'jwt' };
}

export interface DevJwtInput {
  secret: string;
  issuer: string;
  audience: string;
  subject: string;
  role: Role;
  county?: string;
  /** A jose time span: `'1h'`, or `'-5m'` for a token that expired five minutes ago. */
  expiresIn?: string;
  /** A jose time span from now before which the token is not valid, e.g. `'10m'`. */
  notBefore?: string;
}

/**
 * Signs an HS256 token the verifier accepts, for tests and local development. Production
 * tokens come from the identity provider; nothing in the server calls this.
 */
export async function signDevJwt(input: DevJwtInput): Promise<string> {
  const claims: JWTPayload =
    input.county === undefined ? { role: input.role } : { role: input.role, county: input.county };
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.subject)
    .setIssuer(input.issuer)
    .setAudience(input.audience)
    .setIssuedAt()
    .setExpirationTime(input.expiresIn ?? '1h');
  if (input.notBefore !== undefined) jwt.setNotBefore(input.notBefore);
  return jwt.sign(secretKey(input.secret));
}
