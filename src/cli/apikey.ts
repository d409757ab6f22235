// npm run apikey -- create --role ROLE --name NAME [--county 047] [--json]
// npm run apikey -- list [--all] [--json]
// npm run apikey -- revoke <id>
//
// How the first administrator of a deployment gets in, and how operators manage keys without
// the API. The secret is printed once; only its hash is stored. The embedded database is open to
// one process at a time: while the server runs, this command is refused and says what to do.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config.js';
import type { AuditActor } from '../audit/audit-log.js';
import { ApiKeyInputError, isRole, issueApiKey, listApiKeys, revokeApiKey } from '../auth/api-keys.js';
import { startRuntime } from '../runtime.js';
import { exitWhenDatabaseInUse } from './database-in-use.js';
import { Role } from '../generated/prisma/enums.js';

const USAGE = `usage:
  npm run apikey -- create --role ${Object.values(Role).join('|')} --name NAME [--county CODE] [--json]
  npm run apikey -- list [--all] [--json]
  npm run apikey -- revoke <id>`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    county: { type: 'string' },
    json: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const [command, ...rest] = positionals;
if (values.help || !command || !['create', 'list', 'revoke'].includes(command)) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
if (command === 'create' && (values.role === undefined || values.name === undefined)) fail('create needs --role and --name');
// Checked before the database is opened, which takes seconds on the embedded engine.
if (command === 'create' && !isRole(values.role!)) fail(`--role must be one of ${Object.values(Role).join(', ')}`);
if (command === 'revoke' && rest.length !== 1) fail('revoke needs the id of one key');

const config = loadConfig();
// Log lines go to stderr: stdout carries the key (with --json, exactly one JSON object).
const logger = pino({ level: process.env.LOG_LEVEL || 'warn', base: { service: 'gvrc-registry' } }, pino.destination(2));
const runtime = await startRuntime(config, logger, { work: false, role: 'cli' }).catch(exitWhenDatabaseInUse);
const prisma = runtime.db.prisma;
// The operator at the shell, as the audit trail will name them.
const who: AuditActor = { actor: `cli:${process.env.USER ?? userInfo().username}`, actorRole: null, requestId: null };
let exitCode = 0;
try {
  if (command === 'create') {
    const { apiKey, key } = await issueApiKey(prisma, { name: values.name!, role: values.role!, countyCode: values.county }, who);
    if (values.json) {
      console.log(JSON.stringify({ id: apiKey.id, name: apiKey.name, role: apiKey.role, key }));
    } else {
      const scope = apiKey.countyCode ? `, county ${apiKey.countyCode}` : '';
      console.log(`Created API key ${apiKey.id} "${apiKey.name}" (${apiKey.role}${scope}).`);
      console.log('Send it as the x-api-key header. It is shown only now:\n');
      console.log(`  ${key}\n`);
    }
  } else if (command === 'list') {
    const keys = await listApiKeys(prisma, { includeRevoked: values.all });
    const rows = keys.map((k) => ({
      id: k.id,
      name: k.name,
      role: k.role,
      county: k.countyCode,
      prefix: k.prefix,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
    }));
    if (values.json) console.log(JSON.stringify(rows));
    else if (rows.length === 0) console.log('No API keys.');
    else console.table(rows);
  } else {
    const id = rest[0];
    const revoked = /^[0-9a-f-]{36}$/i.test(id) ? await revokeApiKey(prisma, id, who) : null;
    if (!revoked) {
      console.error(`No API key ${JSON.stringify(id)}.`);
      exitCode = 1;
    } else {
      console.log(`Revoked API key ${revoked.id} "${revoked.name}" at ${revoked.revokedAt!.toISOString()}.`);
    }
  }
} catch (error) {
  if (!(error instanceof ApiKeyInputError)) throw error;
  console.error(`--${error.field === 'countyCode' ? 'county' : error.field}: ${error.message}`);
  exitCode = 2;
} finally {
  await runtime.close();
}
process.exit(exitCode);

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}
