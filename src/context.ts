// What every resolver receives. One context per request: its loaders cache only for that
// request, its logger stamps every line with the request id, and its principal is the one caller
// the request was made by (access rules are layered on later, reading `principal`).
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { ImportService } from './imports/import-service.js';
import type { RebuildDeps } from './ingest/merge/rebuild.js';
import type { Logger } from './logger.js';
import type { PersonalDataCipher } from './security/personal-data-cipher.js';
import { createLoaders, type Loaders } from './loaders.js';
import { ANONYMOUS, type Principal } from './security/principal.js';

/** The application services resolvers call (built once per process, see src/app.ts). */
export interface Services {
  imports: ImportService;
  /** What merges and unmerges need to rebuild facilities. */
  rebuild: RebuildDeps;
  cipher: PersonalDataCipher;
}

export interface Context {
  db: Database;
  services: Services;
  config: Config;
  logger: Logger;
  requestId: string;
  loaders: Loaders;
  principal: Principal;
}

/** What lives as long as the process: shared by every request's context. */
export interface ContextDeps {
  db: Database;
  services: Services;
  config: Config;
  logger: Logger;
}

export interface RequestInfo {
  requestId: string;
  /** Who is calling; anonymous until authentication resolves someone. */
  principal?: Principal;
}

export function createContext(deps: ContextDeps, request: RequestInfo): Context {
  return {
    db: deps.db,
    services: deps.services,
    config: deps.config,
    logger: deps.logger.child({ requestId: request.requestId }),
    requestId: request.requestId,
    loaders: createLoaders(deps.db.prisma),
    principal: request.principal ?? ANONYMOUS,
  };
}
