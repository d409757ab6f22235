// Facilities: the Facility type, its lookups (by id, by code, as a Relay node) and its lists —
// the top-level `facilities` connection and the `facilities` of every county, constituency and
// ward. Resolvers stay thin: they parse arguments and call the list service (src/facilities),
// which reads through per-request loaders. Each related piece (ward, location, address,
// services, contacts, lineage) is a field of its own resolved from the parent row, so one can be
// withheld (the location of a confidential shelter, see facilities/visibility.ts) without
// touching the rest. Who may ask for which field is decided in permissions.ts.
import type { GraphQLResolveInfo } from 'graphql';
import type { Facility as FacilityRow } from '../generated/prisma/client.js';
import { ContactType, FacilityStatus, FacilityType } from '../generated/prisma/enums.js';
import type { GeoLevel } from '../generated/prisma/enums.js';
import type { Context } from '../context.js';
import { mayReadPersonalData } from '../auth/capabilities.js';
import { presentContactPerson, type PresentedContactPerson } from '../facilities/contact-persons.js';
import { isUuid } from '../facilities/cursor.js';
import { mayLocate, scopeWhere } from '../facilities/visibility.js';
import { listFacilities, type FacilityListing } from '../facilities/list.js';
import { normaliseFilter, resolveOrder, type FacilityFilter, type GeoScope, type OrderField } from '../facilities/query.js';
import { builder } from './builder.js';
import { badUserInput, orNotFound, referenced } from './errors.js';
import { Constituency, County, Ward } from './geography.js';
import { SourceRecord } from './import-run.js';
import { PAGE_SIZE_NOTE, pageWindow, type ConnectionArgs } from './pagination.js';
import { QUALITY_WEIGHTS } from '../ingest/load/survivorship.js';
import { selectedFields } from './selection.js';
import { ServiceCategory } from './service.js';

type Types = typeof builder.$inferSchemaTypes;

export const FacilityTypeEnum = builder.enumType(FacilityType, { name: 'FacilityType' });
export const FacilityStatusEnum = builder.enumType(FacilityStatus, { name: 'FacilityStatus' });
const ContactTypeEnum = builder.enumType(ContactType, { name: 'ContactType' });

const WITHHELD_NOTE =
  'Null for a confidential location (shelters, safe houses) unless the caller is a DATA_ENGINEER or ADMIN.';

// What one answer learned about a row — its distance from the point asked about, the code it
// was asked for — belongs to that answer, not to the row. Such rows are copies, so two answers
// in one request (two `near` points, say) never see each other's notes.
const distances = new WeakMap<FacilityRow, number>();
const askedForCodes = new WeakMap<FacilityRow, string>();

function annotated(row: FacilityRow, notes: { distanceKm?: number | null; askedForCode?: string }): FacilityRow {
  const copy = { ...row };
  if (notes.distanceKm != null) distances.set(copy, notes.distanceKm);
  if (notes.askedForCode !== undefined) askedForCodes.set(copy, notes.askedForCode);
  return copy;
}

type Coordinates = { [K in 'latitude' | 'longitude']: NonNullable<FacilityRow[K]> };

const Location = builder.objectRef<Coordinates>('Location').implement({
  description: 'A point in WGS 84 decimal degrees.',
  fields: (t) => ({
    latitude: t.exposeFloat('latitude'),
    longitude: t.exposeFloat('longitude'),
  }),
});

const FacilityIdentifiers = builder
  .objectRef<Pick<FacilityRow, 'mflCode' | 'stationCode' | 'branchCode' | 'registrationNumber'>>('FacilityIdentifiers')
  .implement({
    description: "The facility's codes in partner registries.",
    fields: (t) => ({
      mflCode: t.exposeString('mflCode', { nullable: true, description: 'Kenya Master Facility List code.' }),
      stationCode: t.exposeString('stationCode', { nullable: true, description: 'Police station code.' }),
      branchCode: t.exposeString('branchCode', { nullable: true }),
      registrationNumber: t.exposeString('registrationNumber', { nullable: true }),
    }),
  });

const ContactPerson = builder.objectRef<PresentedContactPerson>('ContactPerson').implement({
  description:
    'A named person of the facility (station commander, focal person). Personal data: in clear only for roles ' +
    'allowed to read it (DATA_ENGINEER, ADMIN), masked for the others; every read is audited.',
  fields: (t) => ({
    role: t.exposeString('role', { description: 'What the person is to the facility, e.g. "officer commanding".' }),
    name: t.exposeString('name'),
    phone: t.exposeString('phone', { nullable: true }),
    email: t.exposeString('email', { nullable: true }),
    masked: t.exposeBoolean('masked', { description: 'Whether name, phone and e-mail are masked for this caller.' }),
  }),
});

const Contact = builder.prismaObject('Contact', {
  fields: (t) => ({
    type: t.expose('type', { type: ContactTypeEnum }),
    value: t.exposeString('value'),
    isPrimary: t.exposeBoolean('isPrimary'),
  }),
});

/** The uuid inside a Facility global id; anything else is the caller's mistake, not a lookup. */
function facilityUuid(id: string): string {
  if (!isUuid(id)) throw badUserInput('Not a facility id', 'id');
  return id;
}

export const Facility = builder.prismaNode('Facility', {
  description: 'A place or organisation that responds to gender-based violence.',
  id: { field: 'id' },
  // A Relay node outside the caller's county scope is as absent as one that does not exist.
  findUnique: (id, ctx) => ({ id: facilityUuid(id), ...scopeWhere(ctx.visibility) }),
  // Relay's node(id) answers null for an id that names nothing.
  nullable: true,
  fields: (t) => ({
    code: t.exposeString('code', {
      description: 'Public and stable, never reused (GVRC-…); the key partners should store.',
    }),
    name: t.exposeString('name'),
    type: t.expose('type', { type: FacilityTypeEnum }),
    subtype: t.exposeString('subtype', { nullable: true }),
    status: t.expose('status', { type: FacilityStatusEnum }),
    county: t.field({
      type: County,
      resolve: (facility, _args, ctx) => referenced(ctx.loaders.county.load(facility.countyCode)),
    }),
    constituency: t.field({
      type: Constituency,
      nullable: true,
      resolve: (facility, _args, ctx) =>
        facility.constituencyCode === null ? null : ctx.loaders.constituency.load(facility.constituencyCode),
    }),
    ward: t.field({
      type: Ward,
      nullable: true,
      description: `Null when unknown. ${WITHHELD_NOTE}`,
      resolve: (facility, _args, ctx) =>
        facility.wardCode === null || !mayLocate(ctx.visibility, facility) ? null : ctx.loaders.ward.load(facility.wardCode),
    }),
    location: t.field({
      type: Location,
      nullable: true,
      description: `Null when the coordinates are unknown. ${WITHHELD_NOTE}`,
      resolve: (facility, _args, ctx) => {
        const { latitude, longitude } = facility;
        if (latitude === null || longitude === null || !mayLocate(ctx.visibility, facility)) return null;
        return { latitude, longitude };
      },
    }),
    distanceKm: t.float({
      nullable: true,
      description: 'Kilometres from filter.near, in lists searched with it; null otherwise.',
      resolve: (facility, _args, ctx) => {
        const km = distances.get(facility);
        // Such a facility is never in a near list for this caller; this is the second lock.
        if (km === undefined || !mayLocate(ctx.visibility, facility)) return null;
        return Math.round(km * 1000) / 1000;
      },
    }),
    address: t.string({
      nullable: true,
      description: WITHHELD_NOTE,
      resolve: (facility, _args, ctx) => (mayLocate(ctx.visibility, facility) ? facility.address : null),
    }),
    openingHours: t.exposeString('openingHours', { nullable: true }),
    website: t.exposeString('website', { nullable: true }),
    confidentialLocation: t.exposeBoolean('confidentialLocation'),
    isActive: t.exposeBoolean('isActive'),
    qualityScore: t.float({
      description:
        'How complete the entry is, 0..1. For a confidential location, below DATA_ENGINEER, its coordinates and ward count as present.',
      resolve: (facility, _args, ctx) => (mayLocate(ctx.visibility, facility) ? facility.qualityScore : scoredAsLocated(facility)),
    }),
    services: t.field({
      type: [ServiceCategory],
      resolve: async (facility, _args, ctx) => {
        const links = await ctx.loaders.servicesOfFacility.load(facility.id);
        return Promise.all(links.map((link) => referenced(ctx.loaders.serviceCategory.load(link.serviceKey))));
      },
    }),
    contacts: t.field({
      type: [Contact],
      description: 'Public ways to reach the facility.',
      resolve: (facility, _args, ctx) => ctx.loaders.contactsOfFacility.load(facility.id),
    }),
    contactPersons: t.field({
      type: [ContactPerson],
      nullable: true,
      description: 'Named people of the facility; see ContactPerson for who sees them how.',
      resolve: async (facility, _args, ctx) => {
        const rows = await ctx.loaders.contactPersonsOfFacility.load(facility.id);
        if (rows.length === 0) return [];
        const reveal = mayReadPersonalData(ctx.principal);
        // Recorded before anything is returned: a read that cannot be audited does not happen.
        await ctx.audit.record({
          action: 'PERSONAL_DATA_READ',
          entityType: 'Facility',
          entityId: facility.id,
          after: { field: 'contactPersons', persons: rows.length, masked: !reveal },
        });
        return rows.map((row) => presentContactPerson(row, ctx.services.cipher, reveal));
      },
    }),
    identifiers: t.field({ type: FacilityIdentifiers, resolve: (facility) => facility }),
    sources: t.field({
      type: [SourceRecord],
      nullable: true,
      description: 'The delivered records this facility was built from, newest first.',
      resolve: (facility, _args, ctx) => ctx.loaders.sourcesOfFacility.load(facility.id),
    }),
    mergedIntoCode: t.string({
      nullable: true,
      description: 'For a facility merged away as a duplicate: the code of the one it was merged into.',
      // Null too when that facility lies outside the caller's county scope.
      resolve: async (facility, _args, ctx) =>
        facility.mergedIntoId === null ? null : ((await ctx.loaders.facility.load(facility.mergedIntoId))?.code ?? null),
    }),
    resolvedFromCode: t.string({
      nullable: true,
      description: 'From facilityByCode: the code asked for, when it belonged to a facility merged into this one.',
      resolve: (facility) => askedForCodes.get(facility) ?? null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

// ---------------------------------------------------------------- list arguments

const NearInput = builder.inputType('NearInput', {
  fields: (t) => ({
    latitude: t.float({ required: true }),
    longitude: t.float({ required: true }),
    radiusKm: t.float({ required: true, description: 'Greater than 0, at most 1000.' }),
  }),
});

function commonFilterFields(t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) {
  return {
    types: t.field({ type: [FacilityTypeEnum], description: 'Any of these types (an empty list: any type).' }),
    services: t.stringList({
      description: 'Service keys (see serviceCategories); a facility must offer all of them.',
    }),
    status: t.field({ type: FacilityStatusEnum }),
    search: t.string({
      description: 'Words of the name, in any case, with or without accents or the usual abbreviations (Hosp., H/C, Disp., Stn).',
    }),
    near: t.field({
      type: NearInput,
      description: 'Within radiusKm of the point; fills distanceKm and orders nearest first unless orderBy says otherwise.',
    }),
    updatedSince: t.field({ type: 'DateTime', description: 'Changed at or after this instant (incremental sync).' }),
    includeInactive: t.boolean({
      defaultValue: false,
      description: 'Also list inactive facilities and those merged into another.',
    }),
  };
}

const FacilityFilterInput = builder.inputType('FacilityFilter', {
  fields: (t) => ({
    countyCode: t.string(),
    constituencyCode: t.string(),
    wardCode: t.string(),
    ...commonFilterFields(t),
  }),
});

const AreaFacilityFilterInput = builder.inputType('AreaFacilityFilter', {
  description: 'FacilityFilter without the geography, which the county, constituency or ward sets.',
  fields: (t) => commonFilterFields(t),
});

const FacilityOrderFieldEnum = builder.enumType('FacilityOrderField', {
  values: {
    NAME: { description: 'Alphabetical by name.' },
    UPDATED_AT: { description: 'By last change; with updatedSince, the order for incremental sync.' },
    DISTANCE: { description: 'By distance from filter.near (required).' },
  } satisfies Record<OrderField, { description: string }>,
});

const OrderDirectionEnum = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });

const FacilityOrderInput = builder.inputType('FacilityOrder', {
  fields: (t) => ({
    field: t.field({ type: FacilityOrderFieldEnum, required: true }),
    direction: t.field({ type: OrderDirectionEnum, defaultValue: 'ASC' }),
  }),
});

type ListArgs = ConnectionArgs & {
  filter?: typeof FacilityFilterInput.$inferInput | typeof AreaFacilityFilterInput.$inferInput | null;
  orderBy?: typeof FacilityOrderInput.$inferInput | null;
};

const FacilityConnection = builder.connectionObject<typeof Facility, FacilityConnectionShape>(
  {
    type: Facility,
    name: 'FacilityConnection',
    fields: (t) => ({
      totalCount: t.int({
        description: 'How many facilities match the filter, across all pages.',
        resolve: (connection) => connection.totalCount(),
      }),
    }),
  },
  { name: 'FacilityEdge' },
);

type FacilityConnectionShape = Omit<FacilityListing, 'items'> & { edges: { cursor: string; node: FacilityRow }[] };

/** Arguments checked and parsed, the page read through the list service, rows annotated. */
async function facilityConnection(ctx: Context, info: GraphQLResolveInfo, args: ListArgs, scope?: GeoScope): Promise<FacilityConnectionShape> {
  wantChildrenOf(ctx, selectedFields(info, ['edges', 'node']));
  const filter = normaliseFilter(args.filter);
  await checkServiceKeys(filter, ctx);
  const order = resolveOrder(filter, args.orderBy);
  const window = pageWindow(args, order.field, ctx.config.MAX_PAGE_SIZE);
  const request = { ...(scope ? { scope } : {}), query: { filter, order }, window };
  const { items, ...listing } = await listFacilities(ctx.loaders, request);
  return {
    ...listing,
    edges: items.map(({ cursor, hit }) => ({
      cursor,
      node: annotated(hit.facility, { distanceKm: hit.distanceKm }),
    })),
  };
}

/** Facilities about to be read will show these fields: their services and contacts come along. */
function wantChildrenOf(ctx: Context, fields: Set<string>): void {
  ctx.loaders.wantChildren({ services: fields.has('services'), contacts: fields.has('contacts') });
}

/** A misspelt key would silently match nothing; naming it is kinder to the partner. */
async function checkServiceKeys(filter: FacilityFilter, ctx: Context): Promise<void> {
  const keys = filter.services ?? [];
  const known = await ctx.loaders.serviceCategory.loadMany(keys);
  const unknown = keys.filter((_key, i) => !known[i] || known[i] instanceof Error);
  if (unknown.length) throw badUserInput(`Unknown service keys: ${unknown.join(', ')}`, 'filter.services');
}

const ORDER_NOTE = `Ordered by orderBy; by default nearest first with filter.near, else by name. ${PAGE_SIZE_NOTE}`;

builder.queryFields((t) => ({
  facilities: t.connection(
    {
      type: Facility,
      nullable: true,
      description: `Facilities matching the filter; inactive and merged-away ones only with includeInactive. ${ORDER_NOTE}`,
      args: { filter: t.arg({ type: FacilityFilterInput }), orderBy: t.arg({ type: FacilityOrderInput }) },
      resolve: (_root, args, ctx, info) => facilityConnection(ctx, info, args),
    },
    FacilityConnection,
  ),
  facility: t.field({
    type: Facility,
    nullable: true,
    description: 'The facility with this id, active or not; a NOT_FOUND error when there is none.',
    args: { id: t.arg.globalID({ for: Facility, required: true }) },
    resolve: (_root, { id }, ctx) => orNotFound(ctx.loaders.facility.load(facilityUuid(id.id)), 'facility', id.id),
  }),
  facilityByCode: t.field({
    type: Facility,
    nullable: true,
    description:
      'The facility with this code. A code merged away as a duplicate resolves to the facility it was merged into, ' +
      'with resolvedFromCode set to the code asked for. A NOT_FOUND error when the code is unknown.',
    args: { code: t.arg.string({ required: true }) },
    resolve: async (_root, { code }, ctx, info) => {
      wantChildrenOf(ctx, selectedFields(info, []));
      const found = await orNotFound(ctx.loaders.facilityByCode.load(code), 'facility with code', code);
      // A code merged into a facility outside the caller's county scope is unknown to it too.
      const survivor = await orNotFound(followMerges(found, ctx), 'facility with code', code);
      return survivor === found ? found : annotated(survivor, { askedForCode: code });
    },
  }),
}));

/**
 * Merges can chain (A into B, later B into C); a cycle would be corrupt data, so the walk is
 * bounded. Null when the chain leaves the caller's county scope (the loader sees only that).
 */
async function followMerges(facility: FacilityRow, ctx: Context): Promise<FacilityRow | null> {
  let current = facility;
  for (let hops = 0; current.mergedIntoId !== null; hops += 1) {
    if (hops === 20) throw new Error(`merge chain from ${facility.code} does not end`);
    const next = await ctx.loaders.facility.load(current.mergedIntoId);
    if (next === null) return null;
    current = next;
  }
  return current;
}

// ---------------------------------------------------------------- facilities of an area

function areaFields<Area extends { code: string }>(level: GeoLevel) {
  return (t: PothosSchemaTypes.ObjectFieldBuilder<Types, Area>) => ({
    facilityCount: t.int({
      description: 'Active facilities in this area.',
      resolve: (area, _args, ctx) => ctx.loaders.areaCount({ level, code: area.code }),
    }),
    facilities: t.connection(
      {
        type: Facility,
        nullable: true,
        description: `Facilities in this area, filtered as the top-level facilities field. ${ORDER_NOTE}`,
        args: { filter: t.arg({ type: AreaFacilityFilterInput }), orderBy: t.arg({ type: FacilityOrderInput }) },
        resolve: (area, args, ctx, info) => facilityConnection(ctx, info, args, { level, code: area.code }),
      },
      FacilityConnection,
    ),
  });
}

builder.objectFields(County, areaFields('COUNTY'));
builder.objectFields(Constituency, areaFields('CONSTITUENCY'));
builder.objectFields(Ward, areaFields('WARD'));

/**
 * The quality score of a facility whose location is withheld, as if its coordinates and ward
 * were known: the stored score rewards having them (survivorship.ts), so showing it would tell
 * whether a shelter's position is on record.
 */
function scoredAsLocated(f: { qualityScore: number; latitude: number | null; wardCode: string | null }): number {
  const missing = (f.latitude === null ? QUALITY_WEIGHTS.coordinates : 0) + (f.wardCode === null ? QUALITY_WEIGHTS.ward : 0);
  return Math.round((f.qualityScore + missing) * 100) / 100;
}
