// Repairs installed dependencies that do not run on every supported Node line. Runs from our own
// postinstall (the root package's scripts run under npm 11; dependencies' do not), is idempotent,
// and fails loudly when a file no longer looks as expected, so an upgrade cannot silently skip it.
// See docs/decisions/0020-supported-node-lines.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Each patch: a file, the text it must hold, and what replaces it. */
const patches = [
  // graphql-shield 7.6.5 (unmaintained) imports util.isUndefined, which Node 23 removed: on Node 24
  // loading the permissions fails with "does not provide an export named 'isUndefined'".
  {
    file: 'node_modules/graphql-shield/esm/rules.js',
    find: "import { isUndefined } from 'util';",
    replace: 'const isUndefined = (value) => value === undefined;',
  },
  {
    file: 'node_modules/graphql-shield/cjs/rules.js',
    find: 'const util_1 = require("util");',
    replace: 'const util_1 = { isUndefined: (value) => value === undefined };',
  },
];

let failed = false;
for (const { file, find, replace } of patches) {
  const target = path.resolve(file);
  if (!existsSync(target)) {
    console.error(`patch-dependencies: ${file} is missing`);
    failed = true;
    continue;
  }
  const text = readFileSync(target, 'utf8');
  if (text.includes(replace)) continue;
  if (!text.includes(find)) {
    console.error(`patch-dependencies: ${file} no longer contains the text to patch; review the patch`);
    failed = true;
    continue;
  }
  writeFileSync(target, text.replace(find, replace));
}
process.exit(failed ? 1 : 0);
