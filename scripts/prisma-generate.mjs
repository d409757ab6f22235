// `prisma generate` without downloading Prisma's native schema engine: generate never runs the
// engine, but the CLI insists that one exists, so we point it at any executable (node itself)
// unless the environment names a real one. See docs/decisions/0001-migrations-without-native-engine.md.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
// The Pothos generator is found on PATH, as it would be under `npm run`.
env.PATH = [path.resolve('node_modules/.bin'), env.PATH].join(path.delimiter);
const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
