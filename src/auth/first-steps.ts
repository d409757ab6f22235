// What an operator must do before the service is useful, said at start-up. On PostgreSQL the first
// start has no API key (the embedded database's local admin key is development-only) and no data
// (the sample delivery is imported only on the embedded database), so every request was refused
// and the directory was empty with no hint of why (issue 22, item 10).
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';

export async function firstSteps(
  config: Pick<Config, 'DATABASE_URL' | 'JWT_SECRET' | 'JWT_JWKS_URL'>,
  db: Pick<Database, 'prisma'>,
): Promise<string[]> {
  const steps: string[] = [];
  const bearerTokens = Boolean(config.JWT_SECRET || config.JWT_JWKS_URL);
  if (!bearerTokens && (await db.prisma.apiKey.count({ where: { revokedAt: null } })) === 0) {
    steps.push(
      'No API key exists yet, so every GraphQL request is refused. Create the first administrator\'s key\n' +
        '  (printed once; send it as the x-api-key header), with the same DATABASE_URL:\n' +
        '    npm run apikey -- create --role ADMIN --name ops',
    );
  }
  if ((await db.prisma.importRun.count()) === 0) {
    // The embedded database is open to this process alone (ADR 0016): the CLI only once it stops.
    const cli = config.DATABASE_URL ? 'with the same DATABASE_URL' : 'after stopping this server';
    steps.push(
      'The registry holds no facilities yet. Import a delivery (docs/sources.md says what partners send),\n' +
        `  e.g. the sample delivery, ${cli}:\n` +
        '    npm run import -- data/samples/*.json\n' +
        '  or upload files with the importSources mutation as a DATA_ENGINEER.',
    );
  }
  return steps;
}

export function describeFirstSteps(steps: readonly string[]): string {
  return steps.length ? `\nBefore the registry is useful:\n${steps.map((step) => `- ${step}`).join('\n')}\n` : '';
}
