// schema.graphql is the committed contract (and the schema's snapshot): it must be exactly what
// the code builds. Run in a process of its own, as CI and `npm run codegen` would.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

test('schema.graphql matches the schema the code builds (npm run codegen refreshes it)', async () => {
  const tsx = path.join(root, 'node_modules/.bin/tsx');
  const { stdout } = await promisify(execFile)(tsx, ['scripts/print-schema.ts', '--check'], { cwd: root }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      throw new Error(`${error.stderr ?? ''}${error.stdout ?? ''}`.trim());
    },
  );
  expect(stdout.trim()).toBe('schema.graphql is up to date');
});
