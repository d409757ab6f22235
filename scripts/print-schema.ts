// schema.graphql without the rest of codegen: writes it, or with --check fails when it is stale
// (what CI and test/api/schema-fresh.test.ts hold it to). The text is exactly what codegen's
// schema-ast output writes: `printSchema` of the built schema.
// Usage: npx tsx scripts/print-schema.ts [--check]
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

const target = path.resolve(import.meta.dirname, '..', 'schema.graphql');
const printed = printSchema(schema);

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed.trimEnd() !== printed.trimEnd()) {
    console.error('schema.graphql is stale: run npm run codegen');
    process.exit(1);
  }
  console.log('schema.graphql is up to date');
} else {
  await writeFile(target, printed);
  console.log(`Wrote ${path.relative(process.cwd(), target)}`);
}
