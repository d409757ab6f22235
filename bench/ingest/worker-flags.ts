// The heap flags `npm run worker` starts Node with (package.json's "worker" script). The measured
// child gets them too, so that the benchmark's peak RSS is what a worker would reach.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const HEAP_FLAG = /^--max-(old|semi)-space-size=\d+$/;

export function workerHeapFlags(packageJson = path.resolve(import.meta.dirname, '../../package.json')): string[] {
  const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as { scripts?: Record<string, string> };
  return (pkg.scripts?.worker ?? '').split(/\s+/).filter((token) => HEAP_FLAG.test(token));
}
