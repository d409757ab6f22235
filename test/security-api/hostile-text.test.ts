// Text a partner file can carry that looks like one thing and is another: a name of invisible
// characters only, bidirectional overrides that make a listed name read differently from what is
// stored, and a phone number typed into a person's name. Imported through importSources and read
// back through the API by the roles that see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecurityApi, userCaller, type Caller, type SecurityApi } from './support.js';

let world: SecurityApi;
let engineer: Caller;
let viewer: Caller;

const ZERO_WIDTH_ONLY = '\u200B\u200C\u200D\u2060\uFEFF';
/** "Tumaini Police Post" with its last word reversed on screen by RIGHT-TO-LEFT OVERRIDE … POP DIRECTIONAL FORMATTING. */
const OVERRIDDEN = 'Tumaini Police \u202EtsoP\u202C';
const PHONE_SPACED_IN_NAME = 'Jane 0 7 1 1 2 2 2 3 3 3';

function station(code: string, name: string, ocs?: { name: string; phone: string }) {
  return { station_name: name, station_code: code, gender_desk: true, location: { constituency: 'Eldama Ravine', ward: 'Lembus' }, ...(ocs ? { ocs } : {}) };
}

const delivery = JSON.stringify({
  service: 'Kenya Police Service',
  commands: [
    {
      county: 'Baringo',
      stations: [
        station('KPS-BRG-901', ZERO_WIDTH_ONLY),
        station('KPS-BRG-902', OVERRIDDEN),
        station('KPS-BRG-903', 'Kabarnet Police Station', { name: PHONE_SPACED_IN_NAME, phone: '0711 222333' }),
      ],
    },
  ],
});

let runId: string;

beforeAll(async () => {
  world = await startSecurityApi({ samples: false });
  engineer = await userCaller('DATA_ENGINEER');
  viewer = await userCaller('VIEWER');
  const queued = await world.call<{ importSources: { id: string } }>(
    engineer,
    'mutation($content: String!) { importSources(input: { sources: [{ kind: kps_stations, content: $content }] }) { id } }',
    { content: delivery },
  );
  expect(queued.errors).toEqual([]);
  runId = queued.data!.importSources.id;
  await world.api.idle();
});
afterAll(() => world?.close());

interface Issues { importRun: { issues: { edges: { node: { code: string; pointer: string | null } }[] } } }

describe('a name of zero-width characters only', () => {
  it('is rejected as MISSING_NAME, and no facility is listed under an empty name', async () => {
    const { data } = await world.call<Issues>(engineer, 'query($id: ID!) { importRun(id: $id) { issues(first: 20) { edges { node { code pointer } } } } }', { id: runId });
    const missing = data!.importRun.issues.edges.map((e) => e.node).filter((n) => n.code === 'MISSING_NAME');
    expect(missing).toEqual([{ code: 'MISSING_NAME', pointer: '/commands/0/stations/0' }]);
    const codeTaken = await world.call<{ facilities: { edges: { node: { name: string } }[] } }>(
      engineer,
      '{ facilities(first: 50, filter: { countyCode: "030" }) { edges { node { name } } } }',
    );
    expect(codeTaken.data!.facilities.edges.map((e) => e.node.name)).not.toContain('');
  });
});

describe('bidirectional override characters', () => {
  it('are stripped from the stored name, so it reads as it is searched', async () => {
    const { data, errors } = await world.call<{ facilities: { edges: { node: { name: string } }[] } }>(
      viewer,
      '{ facilities(first: 5, filter: { search: "tumaini" }) { edges { node { name } } } }',
    );
    expect(errors).toEqual([]);
    const names = data!.facilities.edges.map((e) => e.node.name);
    expect(names).toHaveLength(1);
    expect(names[0]).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
    expect(names[0]).toBe(OVERRIDDEN.replace(/[\u202A-\u202E]/g, ''));
  });
});

describe('a phone number spaced out in a person’s name', () => {
  it('shows none of its digits to a caller who sees names masked', async () => {
    const { data, errors } = await world.call<{ facilities: { edges: { node: { contactPersons: { name: string; masked: boolean }[] } }[] } }>(
      viewer,
      '{ facilities(first: 1, filter: { search: "kabarnet" }) { edges { node { contactPersons { name masked } } } } }',
    );
    expect(errors).toEqual([]);
    const [person] = data!.facilities.edges[0].node.contactPersons;
    expect(person.masked).toBe(true);
    expect(person.name.startsWith('J***')).toBe(true);
    expect(person.name).not.toMatch(/\d/);
  });
});
