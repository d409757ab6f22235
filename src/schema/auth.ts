// API keys, for administrators: list them, issue one (its secret is in the answer, once, and
// nowhere else ever), revoke one. The work is auth/api-keys.ts, shared with the CLI.
import { ApiKeyInputError, issueApiKey, listApiKeys, revokeApiKey, type IssuedApiKey } from '../auth/api-keys.js';
import { auditActorOf } from '../audit/audit-log.js';
import { Role } from '../generated/prisma/enums.js';
import { builder } from './builder.js';
import { badUserInput, notFound } from './errors.js';
import { uuidArg } from './import.js';

export const RoleEnum = builder.enumType(Role, {
  name: 'Role',
  description: 'What a caller may do; each role holds the rights of those below it (PARTNER and VIEWER are peers).',
});

const ApiKey = builder.prismaObject('ApiKey', {
  description: 'A key a partner system authenticates with (the x-api-key header). The secret itself is never stored.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    role: t.expose('role', { type: RoleEnum }),
    countyCode: t.exposeString('countyCode', { nullable: true, description: 'When set, the key sees only this county.' }),
    prefix: t.exposeString('prefix', { description: 'The first characters of the key, to tell keys apart.' }),
    createdBy: t.exposeString('createdBy', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true, description: 'To the nearest few minutes.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedApiKey = builder.objectRef<IssuedApiKey>('CreatedApiKey').implement({
  description: 'A new key. `key` is the secret: shown in this answer only, it cannot be recovered later.',
  fields: (t) => ({
    apiKey: t.field({ type: ApiKey, resolve: (issued) => issued.apiKey }),
    key: t.exposeString('key', { description: 'Send it as the x-api-key header.' }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Who the key is for, e.g. "partner:lvct-health".' }),
    role: t.field({ type: RoleEnum, required: true }),
    countyCode: t.string({ description: 'Confine the key to one county (three-digit code).' }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.field({
    type: [ApiKey],
    nullable: true,
    description: 'API keys, newest first; revoked ones only with includeRevoked. ADMIN only.',
    args: { includeRevoked: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) => listApiKeys(ctx.db.prisma, { includeRevoked: args.includeRevoked ?? false }),
  }),
);

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    nullable: true,
    description: 'Issues a key. ADMIN only; audited (without the secret).',
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      try {
        return await issueApiKey(ctx.db.prisma, input, auditActorOf(ctx.principal, ctx.requestId));
      } catch (error) {
        if (error instanceof ApiKeyInputError) throw badUserInput(error.message, `input.${error.field}`);
        throw error;
      }
    },
  }),
  revokeApiKey: t.field({
    type: ApiKey,
    nullable: true,
    description: 'Revokes a key from the next request on. Revoking a revoked key changes nothing. ADMIN only; audited.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const revoked = await revokeApiKey(ctx.db.prisma, uuidArg(String(id), 'id'), auditActorOf(ctx.principal, ctx.requestId));
      // This process refuses the key from its next request on; others as soon as the commit's
      // notification reaches them (ADR 0010).
      ctx.shared.apiKeys?.forget();
      if (!revoked) throw notFound('API key', String(id));
      return revoked;
    },
  }),
}));
