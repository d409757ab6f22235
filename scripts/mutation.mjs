// Runs StrykerJS over each folder under mutation testing, one folder at a time, each with its own
// incremental file, and prints the score and the duration per folder.
// Usage: node scripts/mutation.mjs [folder…]   (default: all five)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Each folder under mutation and the unit tests that specify it (the only ones run per mutant). */
const FOLDERS = {
  'src/security': ['test/security/*.test.ts'],
  'src/ingest/validate': ['test/ingest/validate.test.ts', 'test/ingest/process-record.test.ts', 'test/ingest/normalise-contacts.test.ts', 'test/ingest/normalise-coordinates.test.ts'],
  'src/geography': ['test/ingest/geography-*.test.ts', 'test/ingest/match-score.test.ts'],
  'src/ingest/normalise': ['test/ingest/normalise-*.test.ts', 'test/ingest/identity.test.ts', 'test/ingest/process-record.test.ts'],
  'src/ingest/match': ['test/ingest/match-*.test.ts', 'test/ingest/feature-cache.test.ts'],
};

const folders = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(FOLDERS);
const rows = [];
for (const folder of folders) {
  const slug = folder.replace(/^src\//, '').replaceAll('/', '-');
  const report = `reports/mutation/${slug}.json`;
  const started = Date.now();
  const run = spawnSync(
    'npx',
    [
      'stryker', 'run',
      '--mutate', `${folder}/**/*.ts`,
      '--incrementalFile', `bench/mutation/${slug}.incremental.json`,
    ],
    { stdio: 'inherit', env: { ...process.env, MUTATION_REPORT: report, MUTATION_TESTS: (FOLDERS[folder] ?? []).join(',') } },
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  if (run.status !== 0) {
    rows.push({ folder, seconds, score: 'failed' });
    continue;
  }
  rows.push({ folder, seconds, score: score(JSON.parse(readFileSync(report, 'utf8'))) });
}
console.log('\nfolder | mutation score | duration');
for (const r of rows) console.log(`${r.folder} | ${r.score} | ${r.seconds} s`);
if (rows.some((r) => r.score === 'failed')) process.exitCode = 1;

// Stryker's own definition: killed + timeout over all valid mutants (no coverage counts as survived).
function score(json) {
  let detected = 0;
  let valid = 0;
  for (const file of Object.values(json.files)) {
    for (const m of file.mutants) {
      if (m.status === 'CompileError' || m.status === 'RuntimeError' || m.status === 'Ignored') continue;
      valid += 1;
      if (m.status === 'Killed' || m.status === 'Timeout') detected += 1;
    }
  }
  return valid ? `${((100 * detected) / valid).toFixed(2)} % (${detected}/${valid})` : 'no mutants';
}
