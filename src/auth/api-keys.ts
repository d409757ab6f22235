// API keys for partner systems: issued (the secret returned once, only its hash stored), listed
// and revoked. One implementation behind the CLI, the GraphQL mutations and the first start, so
// that every key is made, validated and audited the same way.
import { randomUUID } from 'node:crypto';
import type { ApiKey, PrismaClient } from '../generated/prisma/client.js';
import { Role } from '../generated/prisma/enums.js';
import type { AuditActor } from '../audit/audit-log.js';
import { generateApiKey } from '../security/api-key-secret.js';

/** Bad input, phrased for whoever typed it; `field` names the argument at fault. */
export class ApiKeyInputError extends Error {
  override readonly name = 'ApiKeyInputError';

  constructor(
    readonly field: 'name' | 'role' | 'countyCode',
    message: string,
  ) {
    super(message);
  }
}

export interface ApiKeyRequest {
  name: string;
  role: string;
  /** Three-digit county code; the key then sees only that county's facilities. */
  countyCode?: string | null;
}

export interface IssuedApiKey {
  apiKey: ApiKey;
  /** The secret: give it to the key's owner now, it cannot be recovered later. */
  key: string;
}

type KeyClient = Pick<PrismaClient, 'apiKey' | 'auditEvent' | 'county' | '$transaction'>;

const MAX_NAME_LENGTH = 100;

export function isRole(value: string): value is Role {
  return Object.values<string>(Role).includes(value);
}

export async function issueApiKey(prisma: KeyClient, request: ApiKeyRequest, who: AuditActor): Promise<IssuedApiKey> {
  const name = request.name.trim();
  // Names appear in logs and audit rows; control characters would garble (or forge) those lines.
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new ApiKeyInputError('name', `name must be 1 to ${MAX_NAME_LENGTH} printable characters`);
  }
  if (!isRole(request.role)) {
    throw new ApiKeyInputError('role', `role must be one of ${Object.values(Role).join(', ')}`);
  }
  const countyCode = request.countyCode ?? null;
  if (countyCode !== null && (!/^\d{3}$/.test(countyCode) || !(await prisma.county.findUnique({ where: { code: countyCode } })))) {
    throw new ApiKeyInputError('countyCode', `countyCode ${JSON.stringify(countyCode)} is not a county code (e.g. "047")`);
  }
  const { key, prefix, hash } = generateApiKey();
  const id = randomUUID();
  const [apiKey] = await prisma.$transaction([
    prisma.apiKey.create({ data: { id, name, role: request.role, countyCode, keyHash: hash, prefix, createdBy: who.actor } }),
    prisma.auditEvent.create({
      data: { ...who, action: 'API_KEY_CREATED', entityType: 'ApiKey', entityId: id, after: { name, role: request.role, countyCode, prefix } },
    }),
  ]);
  return { apiKey, key };
}

export function listApiKeys(prisma: Pick<PrismaClient, 'apiKey'>, options: { includeRevoked: boolean }): Promise<ApiKey[]> {
  return prisma.apiKey.findMany({
    where: options.includeRevoked ? {} : { revokedAt: null },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
}

/**
 * Revokes the key. API processes keep keys only until the database notifies a change to them
 * (ADR 0010), so every process refuses the key as soon as the notification of this commit
 * reaches it. Revoking a revoked key keeps its first revocation time. Null when there is no such key.
 */
export async function revokeApiKey(prisma: KeyClient, id: string, who: AuditActor): Promise<ApiKey | null> {
  const existing = await prisma.apiKey.findUnique({ where: { id } });
  if (!existing) return null;
  const revokedAt = existing.revokedAt ?? new Date();
  const [apiKey] = await prisma.$transaction([
    prisma.apiKey.update({ where: { id }, data: { revokedAt } }),
    prisma.auditEvent.create({
      data: {
        ...who,
        action: 'API_KEY_REVOKED',
        entityType: 'ApiKey',
        entityId: id,
        before: { revokedAt: existing.revokedAt?.toISOString() ?? null },
        after: { revokedAt: revokedAt.toISOString() },
      },
    }),
  ]);
  return apiKey;
}
