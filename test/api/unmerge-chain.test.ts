// Undoing a merge in the middle of a chain. A was merged into B, then B into C (A now points at C).
// Unmerging B must give back exactly what B's merge moved: B active again with its own records
// and A's, A pointing at B again, and C rebuilt without anything B brought — its contacts and
// services included — with the audit trail saying so.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/security/principal.js';
import { runImport, sampleSources } from '../support/imports.js';
import { startApi, type TestApi } from './harness.js';

const admin: Principal = { kind: 'apiKey', keyId: 'key-1', name: 'reviewer', role: 'ADMIN', via: 'apiKey' };
const globalId = (id: string) => Buffer.from(`Facility:${id}`).toString('base64');

interface FacilityView {
  code: string;
  isActive: boolean;
  mergedIntoCode: string | null;
  resolvedFromCode: string | null;
  contacts: { type: string; value: string }[];
  services: { key: string }[];
}

const document = <T>(source: string) => parse(source) as unknown as TypedDocumentNode<T, Record<string, unknown>>;
const FACILITY = document<{ facilityByCode: FacilityView | null }>(
  'query($code: String!) { facilityByCode(code: $code) { code isActive mergedIntoCode resolvedFromCode contacts { type value } services { key } } }',
);
const FACILITY_BY_ID = document<{ facility: FacilityView | null }>(
  'query($id: ID!) { facility(id: $id) { code isActive mergedIntoCode resolvedFromCode contacts { type value } services { key } } }',
);
const MERGE = document<{ resolveDuplicate: { status: string } }>(
  'mutation($input: ResolveDuplicateInput!) { resolveDuplicate(input: $input) { status } }',
);
const UNMERGE = document<{ unmergeFacility: { code: string; isActive: boolean } }>('mutation($id: ID!) { unmergeFacility(id: $id) { code isActive } }');
const AUDIT = document<{ auditTrail: { edges: { node: { action: string; after: string | null } }[] } }>(
  'query($entityId: String!) { auditTrail(entityId: $entityId, first: 50) { edges { node { action after } } } }',
);

interface Member { id: string; code: string }
let api: TestApi;
let a: Member;
let b: Member;
let c: Member;
/** What each facility offered and listed before any merge. */
const before = new Map<string, { contacts: string[]; services: string[] }>();

const contactsOf = (f: FacilityView) => f.contacts.map((x) => `${x.type}:${x.value}`).sort();
const servicesOf = (f: FacilityView) => f.services.map((x) => x.key).sort();

async function view(code: string): Promise<FacilityView> {
  const { facilityByCode } = await api.data(FACILITY, { code });
  return facilityByCode!;
}

/** A reviewer merges `merged` into `survivor` through the review queue. */
async function merge(survivor: Member, merged: Member): Promise<void> {
  const [x, y] = [survivor.id, merged.id].sort();
  const candidate = await api.db.prisma.duplicateCandidate.create({
    data: { facilityAId: x, facilityBId: y, score: 0.7, features: { name: 0.8 } },
  });
  const { resolveDuplicate } = await api.data(MERGE, { input: { candidateId: candidate.id, decision: 'MERGE', survivorId: globalId(survivor.id) } });
  expect(resolveDuplicate.status).toBe('MERGED');
}

beforeAll(async () => {
  api = await startApi({ principal: admin });
  await runImport(api.db, sampleSources());
  // Three facilities whose contacts and services differ pairwise, so moving any of them shows.
  const all = await api.db.prisma.facility.findMany({
    where: { isActive: true, contacts: { some: {} }, services: { some: {} } },
    include: { contacts: true, services: true },
    orderBy: { code: 'asc' },
  });
  const key = (f: (typeof all)[number]) => ({
    contacts: f.contacts.map((x) => `${x.type}:${x.value}`).sort(),
    services: f.services.map((x) => x.serviceKey).sort(),
  });
  const owns = (p: (typeof all)[number], q: (typeof all)[number]) =>
    key(p).contacts.some((x) => !key(q).contacts.includes(x)) && key(p).services.some((x) => !key(q).services.includes(x));
  const [fb, fc] = all.flatMap((p) => all.filter((q) => p !== q && owns(p, q)).map((q) => [p, q] as const))[0];
  const fa = all.find((f) => f !== fb && f !== fc && f.contacts.some((x) => !key(fc).contacts.includes(`${x.type}:${x.value}`)))!;
  [a, b, c] = [fa, fb, fc].map((f) => ({ id: f.id, code: f.code }));
  for (const f of [fa, fb, fc]) before.set(f.code, key(f));
  await merge(b, a);
  await merge(c, b);
});
afterAll(() => api?.close());

describe('unmerging the middle of a chain A → B → C', () => {
  it('before the unmerge, A and B both resolve to C, which holds all three facilities\' contacts', async () => {
    expect(await view(a.code)).toMatchObject({ code: c.code, resolvedFromCode: a.code });
    expect(await view(b.code)).toMatchObject({ code: c.code, resolvedFromCode: b.code });
    const survivor = contactsOf(await view(c.code));
    for (const f of [a, b, c]) expect(survivor).toEqual(expect.arrayContaining(before.get(f.code)!.contacts));
  });

  it('unmerging B brings B back with its own and A\'s contacts and services', async () => {
    const { unmergeFacility } = await api.data(UNMERGE, { id: globalId(b.id) });
    expect(unmergeFacility).toEqual({ code: b.code, isActive: true });
    const restored = await view(b.code);
    expect(restored).toMatchObject({ code: b.code, isActive: true, mergedIntoCode: null, resolvedFromCode: null });
    expect(contactsOf(restored)).toEqual(expect.arrayContaining([...before.get(a.code)!.contacts, ...before.get(b.code)!.contacts]));
    expect(servicesOf(restored)).toEqual(expect.arrayContaining([...before.get(a.code)!.services, ...before.get(b.code)!.services]));
  });

  it('A resolves to B again, not to C', async () => {
    expect(await view(a.code)).toMatchObject({ code: b.code, resolvedFromCode: a.code });
    const { facility } = await api.data(FACILITY_BY_ID, { id: globalId(a.id) });
    expect(facility).toMatchObject({ isActive: false, mergedIntoCode: b.code });
  });

  it('C no longer has B\'s or A\'s contacts or services, only its own', async () => {
    const survivor = await view(c.code);
    expect(survivor).toMatchObject({ code: c.code, isActive: true, resolvedFromCode: null });
    expect(contactsOf(survivor)).toEqual(before.get(c.code)!.contacts);
    expect(servicesOf(survivor)).toEqual(before.get(c.code)!.services);
  });

  it('the audit trail records the unmerge on both B and C', async () => {
    const actions = async (id: string) => (await api.data(AUDIT, { entityId: id })).auditTrail.edges.map((e) => e.node);
    const onB = await actions(b.id);
    const onC = await actions(c.id);
    expect(onB.filter((e) => e.action === 'FACILITY_UNMERGED').map((e) => JSON.parse(e.after!))).toEqual([expect.objectContaining({ from: c.id })]);
    expect(onC.filter((e) => e.action === 'FACILITY_UNMERGED').map((e) => JSON.parse(e.after!))).toEqual([expect.objectContaining({ restored: b.id })]);
    // A was merged away once and is not itself unmerged: its history shows no unmerge.
    expect((await actions(a.id)).map((e) => e.action)).not.toContain('FACILITY_UNMERGED');
  });
});
