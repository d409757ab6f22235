// Named people (station commanders, focal persons): encrypted at rest, in clear only for
// DATA_ENGINEER and ADMIN, masked for the other roles on every path that reaches a facility,
// refused to anonymous callers even when the directory is public, and every read audited with
// the actor, the role and the request id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/generated/prisma/enums.js';
import { maskName, maskPhone } from '../../src/security/mask.js';
import { anonymous, codes, globalId, startSecurityApi, userCaller, type Answer, type Caller, type SecurityApi } from './support.js';

let world: SecurityApi;
let station: { id: string; code: string; countyCode: string; wardCode: string | null };
let officer: { name: string; phone: string };
let candidateId: string;
const callers = new Map<Role, Caller>();

const PERSONS = 'contactPersons { role name phone email masked }';

type Person = { role: string; name: string; phone: string | null; email: string | null; masked: boolean };

beforeAll(async () => {
  world = await startSecurityApi({ env: { PUBLIC_DIRECTORY: 'true' } });
  const prisma = world.api.db.prisma;
  const person = await prisma.contactPerson.findFirstOrThrow({
    where: { phoneEncrypted: { not: null }, facility: { type: 'POLICE_STATION', wardCode: { not: null }, isActive: true } },
    include: { facility: true },
    orderBy: { id: 'asc' },
  });
  station = person.facility;
  const { cipher } = world.api.services;
  officer = { name: cipher.decrypt(person.nameEncrypted), phone: cipher.decrypt(person.phoneEncrypted!) };
  const other = await prisma.facility.findFirstOrThrow({ where: { isActive: true, id: { not: station.id } }, orderBy: { code: 'asc' } });
  const [a, b] = [station.id, other.id].sort();
  candidateId = (await prisma.duplicateCandidate.create({ data: { facilityAId: a, facilityBId: b, score: 0.7, features: { name: 0.7 } } })).id;
  callers.set('PARTNER', await world.keyCaller('PARTNER'));
  callers.set('VIEWER', await userCaller('VIEWER'));
  callers.set('DATA_ANALYST', await world.keyCaller('DATA_ANALYST'));
  callers.set('DATA_ENGINEER', await userCaller('DATA_ENGINEER'));
  callers.set('ADMIN', await world.keyCaller('ADMIN'));
});
afterAll(() => world?.close());

/** Every path to the station's people a directory reader has. */
function everyPath(): string {
  return `{
    list: facilities(first: 100, filter: { search: "${station.code}" }) { edges { node { code ${PERSONS} } } }
    byName: facilities(first: 100, filter: { countyCode: "${station.countyCode}" }) { edges { node { code ${PERSONS} } } }
    byId: facility(id: "${globalId(station.id)}") { code ${PERSONS} }
    byCode: facilityByCode(code: "${station.code}") { code ${PERSONS} }
    asNode: node(id: "${globalId(station.id)}") { ... on Facility { code ${PERSONS} } }
    county(code: "${station.countyCode}") { facilities(first: 100) { edges { node { code ${PERSONS} } } } }
    ward(code: "${station.wardCode}") { facilities(first: 100) { edges { node { code ${PERSONS} } } } }
  }`;
}

type Node = { code: string; contactPersons: Person[] };
type Paths = {
  byName: { edges: { node: Node }[] };
  byId: Node;
  byCode: Node;
  asNode: Node;
  county: { facilities: { edges: { node: Node }[] } };
  ward: { facilities: { edges: { node: Node }[] } };
};

function stationNodes(answer: Answer<Paths>): Node[] {
  const data = answer.data!;
  const find = (edges: { node: Node }[]) => edges.find((e) => e.node.code === station.code)!.node;
  return [find(data.byName.edges), data.byId, data.byCode, data.asNode, find(data.county.facilities.edges), find(data.ward.facilities.edges)];
}

describe('at rest', () => {
  it('names and phone numbers are stored encrypted, in the registry and in the delivered records', async () => {
    const rows = await world.api.db.sql.query(`SELECT * FROM "ContactPerson"`);
    const records = await world.api.db.sql.query(`SELECT payload::text AS payload FROM "SourceRecord"`);
    const stored = JSON.stringify(rows.rows) + JSON.stringify(records.rows);
    expect(stored).not.toContain(officer.name);
    expect(stored).not.toContain(officer.phone);
  });
});

describe('an anonymous caller (public directory on)', () => {
  it('reads the facility and its public contacts but is refused its people with UNAUTHENTICATED', async () => {
    const answer = await world.call<{ facility: { code: string; contacts: unknown[] } }>(
      anonymous,
      `{ facility(id: "${globalId(station.id)}") { code contacts { value } } }`,
    );
    expect(answer.errors).toEqual([]);
    const people = await world.call(anonymous, everyPath());
    expect(new Set(codes(people))).toEqual(new Set(['UNAUTHENTICATED']));
    expect(people.text).not.toContain(officer.name);
    expect(people.text).not.toContain(maskName(officer.name));
  });
});

describe.each(['PARTNER', 'VIEWER', 'DATA_ANALYST'] as Role[])('a %s', (role) => {
  it('sees the station\'s people masked on every path (J*** D***, +254***222), never in clear', async () => {
    const answer = await world.call<Paths>(callers.get(role)!, everyPath());
    expect(answer.errors).toEqual([]);
    for (const node of stationNodes(answer)) {
      expect(node.contactPersons).toContainEqual({
        role: 'officer_commanding',
        name: maskName(officer.name),
        phone: maskPhone(officer.phone),
        email: null,
        masked: true,
      });
    }
    expect(answer.text).not.toContain(officer.name);
    expect(answer.text).not.toContain(officer.phone);
    expect(answer.text).not.toContain(officer.phone.slice(4));
  });
});

describe('a DATA_ANALYST in the duplicate queue', () => {
  it('sees the pair\'s people masked too', async () => {
    const answer = await world.call<{ duplicateCandidates: { edges: { node: { id: string; facilities: Node[] } }[] } }>(
      callers.get('DATA_ANALYST')!,
      `{ duplicateCandidates(first: 50) { edges { node { id facilities { code ${PERSONS} } } } } }`,
    );
    const pair = answer.data!.duplicateCandidates.edges.find((e) => e.node.id === candidateId)!.node;
    expect(pair.facilities.find((f) => f.code === station.code)!.contactPersons[0].masked).toBe(true);
    expect(answer.text).not.toContain(officer.name);
  });

  it('is refused the raw delivered records, which name the officer', async () => {
    const answer = await world.call(callers.get('DATA_ANALYST')!, `{ facility(id: "${globalId(station.id)}") { sources { raw } } }`);
    expect(new Set(codes(answer))).toEqual(new Set(['FORBIDDEN']));
    expect(answer.text).not.toContain(officer.name);
  });
});

describe.each(['DATA_ENGINEER', 'ADMIN'] as Role[])('a %s', (role) => {
  it('sees the station\'s people in clear on every path', async () => {
    const answer = await world.call<Paths>(callers.get(role)!, everyPath());
    expect(answer.errors).toEqual([]);
    for (const node of stationNodes(answer)) {
      expect(node.contactPersons).toContainEqual({ role: 'officer_commanding', name: officer.name, phone: officer.phone, email: null, masked: false });
    }
  });

  it('reads the raw delivered record with the officer in it, decrypted', async () => {
    const answer = await world.call<{ facility: { sources: { raw: string | null }[] } }>(
      callers.get(role)!,
      `{ facility(id: "${globalId(station.id)}") { sources { raw } } }`,
    );
    expect(answer.errors).toEqual([]);
    const raws = answer.data!.facility.sources.map((s) => JSON.parse(s.raw!) as { ocs?: { name: string } });
    expect(raws.some((raw) => raw.ocs?.name === officer.name)).toBe(true);
  });
});

describe('auditing', () => {
  it('every read of personal data writes an event with the actor, the role, the request id and what was read', async () => {
    const prisma = world.api.db.prisma;
    for (const [role, caller] of callers) {
      const answer = await world.call(caller, `{ facility(id: "${globalId(station.id)}") { ${PERSONS} } }`);
      expect(answer.errors).toEqual([]);
      const events = await prisma.auditEvent.findMany({ where: { requestId: answer.requestId } });
      expect(events, role).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: 'PERSONAL_DATA_READ',
        actorRole: role,
        entityType: 'Facility',
        entityId: station.id,
        after: { field: 'contactPersons', persons: expect.any(Number), masked: !['DATA_ENGINEER', 'ADMIN'].includes(role) },
      });
      expect(events[0].actor).toMatch(/^(user|apiKey):/);
    }
  });

  it('a page of facilities with people is audited per facility, in one statement', async () => {
    const prisma = world.api.db.prisma;
    world.api.db.queries.length = 0;
    const answer = await world.call<{ facilities: { edges: { node: Node }[] } }>(
      callers.get('DATA_ENGINEER')!,
      `{ facilities(first: 50, filter: { types: [POLICE_STATION] }) { edges { node { code ${PERSONS} } } } }`,
    );
    const inserts = world.api.db.queries.filter((statement) => /INSERT INTO .*"AuditEvent"/.test(statement));
    const withPeople = answer.data!.facilities.edges.filter((e) => e.node.contactPersons.length > 0).length;
    expect(withPeople).toBeGreaterThan(1);
    expect(await prisma.auditEvent.count({ where: { requestId: answer.requestId } })).toBe(withPeople);
    expect(inserts).toHaveLength(1);
  });

  it('reading a raw record that names someone is audited too', async () => {
    const answer = await world.call(callers.get('DATA_ENGINEER')!, `{ facility(id: "${globalId(station.id)}") { sources { raw } } }`);
    const events = await world.api.db.prisma.auditEvent.findMany({ where: { requestId: answer.requestId } });
    expect(events.map((e) => [e.action, e.entityType])).toContainEqual(['PERSONAL_DATA_READ', 'SourceRecord']);
  });
});
