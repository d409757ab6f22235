// What callers see when something goes wrong: their own mistakes come back with a code and a
// useful message; our failures come back masked, with only a request id to quote, and are
// logged in full under that id.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { insertFacility, PLACES } from '../support/facilities.js';
import { FacilityByIdDocument, FacilityListDocument } from './generated/graphql.js';
import { startApi, type TestApi } from './harness.js';

let api: TestApi;
let facilityId: string;

beforeAll(async () => {
  api = await startApi();
  const facility = await insertFacility(api.db, {
    name: 'Kilimani Clinic',
    place: PLACES.kilimani,
    contacts: [{ type: 'PHONE', value: '+254700000001' }],
  });
  facilityId = Buffer.from(`Facility:${facility.id}`).toString('base64');
});

afterAll(async () => {
  await api.close();
});

describe('the caller’s mistakes', () => {
  test('come back with a code, a message and the argument at fault', async () => {
    const { errors, response } = await api.send(FacilityListDocument, { first: 1000 });
    expect(errors).toEqual([
      {
        message: 'first must be at most 100 (the maximum page size)',
        locations: [expect.any(Object)],
        path: ['facilities'],
        extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
      },
    ]);
    expect(response.status).toBe(200);
    expect(api.logs.filter((line) => line.level === 50)).toEqual([]);
  });

  test('a value GraphQL itself cannot read is refused before anything runs', async () => {
    const { errors } = await api.send(FacilityListDocument, { filter: { updatedSince: 'yesterday' } });
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(errors?.[0].message).toContain('DateTime must be an ISO 8601 string');
  });
});

describe('our failures', () => {
  test('are masked, carry the request id, and are logged in full under it', async () => {
    // The database losing a table stands in for any failure the caller could not have caused.
    await api.db.sql.query('ALTER TABLE "Contact" RENAME TO "ContactGone"');
    try {
      const { data, errors, response } = await api.send(
        FacilityByIdDocument,
        { id: facilityId },
        { 'x-request-id': 'req-test-0001' },
      );
      expect(data).toEqual({ facility: null });
      expect(errors).toEqual([
        {
          message: 'Unexpected error.',
          locations: [expect.any(Object)],
          path: ['facility', 'contacts'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-test-0001' },
        },
      ]);
      // Nothing of the cause reaches the caller: no SQL, no table, no stack.
      expect(JSON.stringify(errors)).not.toMatch(/Contact|SELECT|stack|[Pp]risma|relation/);
      expect(response.headers.get('x-request-id')).toBe('req-test-0001');

      const logged = api.logs.find((line) => line.requestId === 'req-test-0001' && line.level === 50);
      expect(logged).toMatchObject({ msg: 'unexpected error in a resolver', path: expect.anything() });
      expect(JSON.stringify(logged)).toMatch(/Contact/);

      // Without an id from the caller, the one made up is the one in the error, header and log.
      const anonymous = await api.send(FacilityByIdDocument, { id: facilityId });
      const madeUp = anonymous.response.headers.get('x-request-id');
      expect(anonymous.errors?.[0].extensions?.requestId).toBe(madeUp);
      expect(api.logs.some((line) => line.requestId === madeUp && line.level === 50)).toBe(true);
    } finally {
      await api.db.sql.query('ALTER TABLE "ContactGone" RENAME TO "Contact"');
    }
  });
});

describe('request ids', () => {
  test('a fresh one is made when the caller sends none, and returned', async () => {
    const { response } = await api.send(FacilityListDocument, { first: 1 });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('an implausible one is replaced rather than logged', async () => {
    const { response } = await api.send(FacilityListDocument, { first: 1 }, { 'x-request-id': 'bad id\nwith newline' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
