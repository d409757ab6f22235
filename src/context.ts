// What every resolver receives. One context per request: its loaders cache only for that
// request, its logger stamps every line with the request id, and its principal is the one caller
// the request was made by. What that caller may see of facilities (`visibility`) is derived from
// the principal here, once, and the loaders read through it; the GraphQL rules that decide what
// it may ask are in schema/permissions.ts.
import { createAuditRecorder, auditActorOf, type AuditRecorder } from './audit/audit-log.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { ImportService } from './imports/import-service.js';
import type { RebuildDeps } from './ingest/merge/rebuild.js';
import type { Logger } from './logger.js';
import type { PersonalDataCipher } from './security/personal-data-cipher.js';
import { visibilityFor, type FacilityVisibility } from './facilities/visibility.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { SharedReads } from './shared-reads.js';
import { ANONYMOUS, type Principal } from './security/principal.js';

/** The application services resolvers call (built once per process, see src/app.ts). */
export interface Services {
  imports: ImportService;
  /** What merges and unmerges need to rebuild facilities. */
  rebuild: RebuildDeps;
  cipher: PersonalDataCipher;
}

/** The services a process's import pipeline implies: merges rebuild with the same cipher and matcher. */
export function servicesFor(imports: ImportService, cipher: PersonalDataCipher): Services {
  return { imports, rebuild: { cipher, matcher: imports.deps.matcher }, cipher };
}

export interface Context {
  db: Database;
  services: Services;
  config: Config;
  logger: Logger;
  requestId: string;
  loaders: Loaders;
  principal: Principal;
  visibility: FacilityVisibility;
  /** Records audit events attributed to this request's caller. */
  audit: AuditRecorder;
  /** What the process keeps between requests (empty when nothing is kept). */
  shared: SharedReads;
}

/** What lives as long as the process: shared by every request's context. */
export interface ContextDeps {
  db: Database;
  services: Services;
  config: Config;
  logger: Logger;
  /** Reads kept between requests (none in tests that do not ask for them). */
  shared?: SharedReads;
}

export interface RequestInfo {
  requestId: string;
  /** Who is calling; anonymous until authentication resolves someone. */
  principal?: Principal;
}

export function createContext(deps: ContextDeps, request: RequestInfo): Context {
  const principal = request.principal ?? ANONYMOUS;
  const visibility = visibilityFor(principal);
  return {
    db: deps.db,
    services: deps.services,
    config: deps.config,
    logger: deps.logger.child({ requestId: request.requestId }),
    requestId: request.requestId,
    loaders: createLoaders(deps.db, visibility, deps.shared),
    principal,
    visibility,
    audit: createAuditRecorder(deps.db.prisma, auditActorOf(principal, request.requestId)),
    shared: deps.shared ?? {},
  };
}
