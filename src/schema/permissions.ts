// Who may ask for what: graphql-shield rules over every field of the schema.
//
// The tree below names every field of every object type. A field it does not name is refused
// (`fallbackRule: deny`), and test/security-api/rule-coverage.test.ts fails when a field has no
// rule here, so a new field is closed until someone decides who may read it.
//
// Rules decide whether a caller may ask at all. What a permitted caller then sees of a facility
// (its county scope, confidential locations, masked personal data) is decided where the data is
// read: facilities/visibility.ts, the loaders, and the few resolvers that shape a value by role.
//
// Refusals are raised before the resolver runs and read the same whatever was asked for, so they
// never tell whether a record exists: UNAUTHENTICATED for a caller without a credential,
// FORBIDDEN for one whose role does not reach. Errors that resolvers throw pass through unchanged
// (`allowExternalErrors`) instead of becoming "Not Authorised!".
//
// graphql-shield (7.6.5) and graphql-middleware (6.1.35) are pinned: both are in maintenance mode
// upstream, so our tests, not their reputation, prove each rule (test/security-api).
import type { GraphQLFieldResolver, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareTypeMap } from 'graphql-middleware';
import { allow, and, deny, rule, shield, type IRules } from 'graphql-shield';
import { isNational } from '../auth/capabilities.js';
import type { Context } from '../context.js';
import type { Role } from '../generated/prisma/enums.js';
import { isAuthenticated, roleAtLeast } from '../security/principal.js';
import { forbidden, unauthenticated } from './errors.js';

// graphql-shield exports few of its types; the rest are derived from what it does export.
type ShieldRule = Parameters<typeof and>[number];
type ShieldOptions = Parameters<ShieldRule['resolve']>[4];
type ShieldContext = Parameters<ShieldRule['resolve']>[2];
export type RuleTypeMap = Exclude<IRules, ShieldRule>;
type RuleFieldMap = Record<string, ShieldRule>;

// ---------------------------------------------------------------- rules

// Each depends on the caller only, so it is evaluated once per request ('contextual' caches by
// rule name, hence the distinct names).
const authenticated = rule('authenticated', { cache: 'contextual' })((_parent, _args, ctx: Context) =>
  isAuthenticated(ctx.principal),
);

/** The public facility directory: any authenticated caller, and anyone when PUBLIC_DIRECTORY=true. */
const directory = rule('directory', { cache: 'contextual' })(
  (_parent, _args, ctx: Context) => isAuthenticated(ctx.principal) || ctx.config.PUBLIC_DIRECTORY,
);

function atLeast(role: Role) {
  return rule(`role:${role}`, { cache: 'contextual' })((_parent, _args, ctx: Context) => roleAtLeast(ctx.principal, role));
}

const analyst = atLeast('DATA_ANALYST');
const engineer = atLeast('DATA_ENGINEER');
const admin = atLeast('ADMIN');

/** Registry-wide operations are not divisible by county: a county-scoped caller may not use them. */
const national = rule('national', { cache: 'contextual' })((_parent, _args, ctx: Context) => isNational(ctx.principal));

/**
 * For the fields of types that are reached only through fields guarded above: the parent field
 * already decided who gets here, and the values are shaped by visibility where they are read.
 */
const viaParent = allow;

function each(fieldRule: ShieldRule, fields: readonly string[]): RuleFieldMap {
  return Object.fromEntries(fields.map((field) => [field, fieldRule]));
}

// ---------------------------------------------------------------- the rule tree

export const ruleTree: RuleTypeMap = {
  Query: {
    ...each(directory, ['facilities', 'facility', 'facilityByCode', 'node', 'nodes']),
    ...each(directory, ['counties', 'county', 'constituency', 'ward', 'serviceCategories']),
    ...each(analyst, ['qualityReport', 'duplicateCandidates']),
    ...each(and(analyst, national), ['importRun', 'importRuns']),
    ...each(and(admin, national), ['apiKeys', 'auditTrail']),
    // What is still unknown spans every county's deliveries.
    ...each(and(engineer, national), ['unknownPlaces', 'unknownServices']),
  },
  Mutation: {
    importSources: and(engineer, national),
    retryImportRun: and(engineer, national),
    ...each(engineer, ['resolveDuplicate', 'unmergeFacility', 'updateFacility', 'setConfidentialLocation']),
    ...each(and(admin, national), ['createApiKey', 'revokeApiKey']),
    // The steward's loop teaches the whole registry and reprocesses every county's records.
    ...each(and(engineer, national), ['teachPlaceAlias', 'teachServiceSynonym', 'reprocessRecords']),
  },
  Subscription: {
    importRunProgress: and(analyst, national),
  },

  // The directory. Location, address and ward are withheld by visibility, not refused: a
  // directory entry without its position is still a useful answer.
  Facility: {
    ...each(viaParent, [
      'id', 'code', 'name', 'type', 'subtype', 'status', 'county', 'constituency', 'ward', 'location', 'distanceKm',
      'address', 'openingHours', 'website', 'confidentialLocation', 'isActive', 'qualityScore', 'services', 'contacts',
      'identifiers', 'mergedIntoCode', 'resolvedFromCode', 'createdAt', 'updatedAt',
    ]),
    // Public contacts are for everyone; named people only for authenticated callers (masked
    // below DATA_ENGINEER), never for the anonymous public directory.
    contactPersons: authenticated,
    sources: analyst,
  },
  ContactPerson: each(authenticated, ['role', 'name', 'phone', 'email', 'masked']),
  Contact: each(viaParent, ['type', 'value', 'isPrimary']),
  Location: each(viaParent, ['latitude', 'longitude']),
  FacilityIdentifiers: each(viaParent, ['mflCode', 'stationCode', 'branchCode', 'registrationNumber']),
  FacilityConnection: each(viaParent, ['edges', 'pageInfo', 'totalCount']),
  FacilityEdge: each(viaParent, ['cursor', 'node']),
  PageInfo: each(viaParent, ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']),
  County: each(viaParent, ['code', 'name', 'constituencies', 'facilities', 'facilityCount']),
  Constituency: each(viaParent, ['code', 'name', 'county', 'wards', 'facilities', 'facilityCount']),
  Ward: each(viaParent, ['code', 'name', 'constituency', 'county', 'facilities', 'facilityCount']),
  ServiceCategory: each(viaParent, ['key', 'label', 'description', 'synonyms']),

  // Lineage: analysts see where a facility came from; the record as delivered (which holds
  // named people and, for a shelter, where it is) is for engineers.
  SourceRecord: {
    ...each(analyst, ['kind', 'fileName', 'pointer', 'outcome', 'importRun']),
    raw: engineer,
  },
  ImportRun: {
    // What a facility's lineage shows of its run.
    ...each(analyst, ['id', 'status', 'createdAt']),
    // The run itself is registry-wide: its issues and reports span every county.
    ...each(and(analyst, national), [
      'dryRun', 'triggeredBy', 'startedAt', 'finishedAt', 'durationMs', 'attempts', 'processed', 'total', 'counts',
      'error', 'qualityReport', 'sources', 'issues',
    ]),
  },
  QueryImportRunsConnection: each(analyst, ['edges', 'pageInfo']),
  QueryImportRunsConnectionEdge: each(analyst, ['cursor', 'node']),
  ImportRunIssuesConnection: each(analyst, ['edges', 'pageInfo', 'totalCount']),
  ImportRunIssuesConnectionEdge: each(analyst, ['cursor', 'node']),
  ImportSource: each(analyst, [
    'id', 'kind', 'fileName', 'status', 'extracted', 'counts', 'reconciliation', 'qualityReport', 'error', 'finishedAt',
  ]),
  RecordIssue: each(analyst, ['code', 'severity', 'message', 'field', 'fileName', 'pointer']),
  ImportQualityReport: each(analyst, [
    'records', 'accepted', 'outcomes', 'issuesByCode', 'completeness', 'geographyResolution', 'validity',
  ]),
  OutcomeCounts: each(analyst, ['inserted', 'updated', 'unchanged', 'merged', 'flagged', 'rejected', 'total']),
  Reconciliation: each(analyst, ['previousRecords', 'records', 'added', 'changed', 'unchanged', 'missing', 'shrank']),
  IssueCodeCount: each(analyst, ['code', 'count']),
  FieldShare: each(analyst, ['field', 'share']),
  GeographyResolution: each(analyst, ['county', 'constituency', 'ward']),
  QualityReport: each(analyst, [
    'facilities', 'completeness', 'geographyResolution', 'openDuplicateCandidates', 'duplicateShare', 'reachable',
    'averageQualityScore', 'generatedAt',
  ]),

  DuplicateCandidate: each(analyst, [
    'id', 'status', 'score', 'facilities', 'explanation', 'decidedBy', 'decidedAt', 'createdAt',
  ]),
  MatchExplanation: each(analyst, [
    'nameSimilarity', 'typeCompatibility', 'distanceKm', 'sharedPhone', 'sharedEmail', 'sameWard', 'sameConstituency',
    'conflictingIdentifier', 'details',
  ]),
  QueryDuplicateCandidatesConnection: each(analyst, ['edges', 'pageInfo']),
  QueryDuplicateCandidatesConnectionEdge: each(analyst, ['cursor', 'node']),

  ApiKey: each(admin, [
    'id', 'name', 'role', 'countyCode', 'prefix', 'createdBy', 'createdAt', 'lastUsedAt', 'revokedAt',
  ]),
  CreatedApiKey: each(admin, ['apiKey', 'key']),
  AuditEvent: each(admin, [
    'id', 'at', 'actor', 'actorRole', 'requestId', 'action', 'entityType', 'entityId', 'before', 'after', 'importRunId',
  ]),
  PlaceAlias: each(viaParent, ['text', 'level', 'code', 'name', 'createdBy']),
  ServiceSynonym: each(viaParent, ['text', 'serviceKey', 'createdBy']),
  ReprocessResult: each(viaParent, ['run', 'examined', 'recovered', 'revised', 'stillRejected', 'counts']),
  UnknownText: each(viaParent, ['text', 'records', 'nearest']),
  QueryAuditTrailConnection: each(admin, ['edges', 'pageInfo']),
  QueryAuditTrailConnectionEdge: each(admin, ['cursor', 'node']),
};

// ---------------------------------------------------------------- refusals

function isContext(value: unknown): value is Context & Partial<ShieldContext> {
  return typeof value === 'object' && value !== null && 'principal' in value && 'audit' in value;
}

/**
 * The error a refused field gets. An authenticated caller refused a mutation is recorded in the
 * audit trail (a partner key trying to import is worth knowing about); anonymous refusals are
 * not, or anyone could fill the trail.
 */
async function refusal(_thrown: unknown, _parent: object, _args: object, ctx: unknown, info: GraphQLResolveInfo): Promise<Error> {
  if (!isContext(ctx)) return forbidden();
  if (!isAuthenticated(ctx.principal)) return unauthenticated();
  if (info.parentType.name === 'Mutation') {
    await ctx.audit.record({ action: 'ACCESS_DENIED', entityType: 'Mutation', entityId: info.fieldName });
  }
  return forbidden();
}

const options: ShieldOptions = {
  debug: false,
  allowExternalErrors: true,
  fallbackRule: deny,
  fallbackError: refusal,
  // Only rules cached 'strict' hash their arguments; none here are.
  hashFunction: ({ parent, args }) => JSON.stringify([parent, args]),
};

// ---------------------------------------------------------------- applying them

/** The schema with every field behind its rule (another tree only in tests of the mechanism). */
export function guardSchema(schema: GraphQLSchema, rules: RuleTypeMap = ruleTree): GraphQLSchema {
  const middleware = shield(rules, options).generate(schema) as IMiddlewareTypeMap;
  const guarded = applyMiddleware(schema, withoutOpenFields(middleware, rules));
  guardSubscriptions(guarded, rules);
  return guarded;
}

/**
 * Shield's middleware minus the fields whose rule is `allow`. Wrapping such a field adds an
 * async rule check that can only say yes, and a county tree resolves ~6,000 of them (measured:
 * 36% of its CPU, bench/RESULTS.md). Every other field keeps shield's own wrapper, including the
 * `fallbackRule: deny` of fields the tree does not name.
 */
function withoutOpenFields(middleware: IMiddlewareTypeMap, rules: RuleTypeMap): IMiddlewareTypeMap {
  const kept: IMiddlewareTypeMap = {};
  for (const [typeName, fields] of Object.entries(middleware)) {
    const typeRules = rules[typeName];
    if (typeRules === allow) continue;
    if (!isFieldMap(typeRules) || typeof fields !== 'object') {
      kept[typeName] = fields;
      continue;
    }
    kept[typeName] = Object.fromEntries(Object.entries(fields).filter(([field]) => typeRules[field] !== allow));
  }
  return kept;
}

/**
 * graphql-middleware wraps a subscription field's `resolve` (each event) but not its
 * `subscribe`, which starts the stream, and would otherwise run unguarded: an anonymous caller
 * could poll an import run by id and learn whether it exists. The same rule runs there first.
 */
function guardSubscriptions(schema: GraphQLSchema, tree: RuleTypeMap): void {
  const type = schema.getSubscriptionType();
  if (!type) return;
  const rules = tree[type.name];
  for (const field of Object.values(type.getFields())) {
    const subscribe = field.subscribe;
    if (!subscribe) continue;
    const fieldRule = isFieldMap(rules) ? (rules[field.name] ?? options.fallbackRule) : (rules ?? options.fallbackRule);
    const guardedSubscribe: GraphQLFieldResolver<unknown, unknown> = async (parent, args, ctx, info) => {
      const verdict = isContext(ctx) ? await ruleVerdict(fieldRule, ctx, info, args) : false;
      if (verdict === true) return subscribe(parent, args, ctx, info);
      throw verdict instanceof Error ? verdict : await refusal(null, {}, args, ctx, info);
    };
    field.subscribe = guardedSubscribe;
  }
}

/**
 * What `fieldRule` answers for the caller of `ctx`: true, false or the error it refuses with. The
 * rule's cache lives on the context, as it does when the middleware runs a rule. Every rule here
 * depends on the caller only, which is what lets tests ask it for each kind of caller.
 */
export async function ruleVerdict(
  fieldRule: ShieldRule,
  ctx: Context & Partial<ShieldContext>,
  info: GraphQLResolveInfo,
  args: Record<string, unknown> = {},
): Promise<unknown> {
  return fieldRule.resolve({}, args, Object.assign(ctx, { _shield: ctx._shield ?? { cache: {} } }), info, options);
}

export function isFieldMap(rules: RuleTypeMap[string] | undefined): rules is RuleFieldMap {
  return typeof rules === 'object' && rules !== null && !('resolve' in rules);
}
