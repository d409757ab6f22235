import path from 'node:path';
import type { Config } from '../config.js';

/** Where the embedded database lives inside DATA_DIR. */
export function embeddedDataDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'pglite');
}
