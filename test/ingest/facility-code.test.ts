// Public facility codes: random, in an alphabet people can read aloud, and never one the registry
// already holds, even when the random draw repeats one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newFacilityCode, unusedFacilityCodes } from '../../src/ingest/load/facility-code.js';
import { facilityCodesInUse } from '../../src/ingest/load/registry.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { insertFacilities, PLACES } from '../support/facilities.js';

/** A code maker that hands out `script` in order. */
function scripted(...script: string[]) {
  let next = 0;
  return () => {
    if (next === script.length) throw new Error('asked for more codes than scripted');
    return script[next++];
  };
}

describe('a new facility code', () => {
  it('is GVRC- and eight characters without I, L, O or U', () => {
    for (let i = 0; i < 200; i++) expect(newFacilityCode()).toMatch(/^GVRC-[0-9A-HJKMNP-TV-Z]{8}$/);
  });
});

describe('codes for a batch of new facilities', () => {
  it('draws again for a code the registry holds, and for one drawn twice in the batch', async () => {
    const asked: string[][] = [];
    const inUse = async (codes: string[]) => (asked.push(codes), new Set(codes.filter((c) => c === 'GVRC-HHHH0001')));
    const codes = await unusedFacilityCodes(3, inUse, scripted('GVRC-AAAAAAAA', 'GVRC-HHHH0001', 'GVRC-AAAAAAAA', 'GVRC-BBBBBBBB', 'GVRC-CCCCCCCC'));
    expect(codes.sort()).toEqual(['GVRC-AAAAAAAA', 'GVRC-BBBBBBBB', 'GVRC-CCCCCCCC']);
    // First round: A, the held code and A again (asked once); second round: two to replace.
    expect(asked).toEqual([['GVRC-AAAAAAAA', 'GVRC-HHHH0001'], ['GVRC-BBBBBBBB', 'GVRC-CCCCCCCC']]);
  });

  it('asks nothing for a batch that creates no facility', async () => {
    const asked: string[][] = [];
    expect(await unusedFacilityCodes(0, async (codes) => (asked.push(codes), new Set()))).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('gives up with an error rather than loop when every draw is taken', async () => {
    const everything = async (codes: string[]) => new Set(codes);
    await expect(unusedFacilityCodes(1, everything)).rejects.toThrow(/no unused facility code/);
  });
});

describe('codes the registry holds', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('are found among a batch of proposed codes', async () => {
    const [held] = await insertFacilities(db, [{ name: 'Coded Dispensary', place: PLACES.kilimani }]);
    const fresh = newFacilityCode();
    expect(await facilityCodesInUse(db.sql, [fresh, held.code])).toEqual(new Set([held.code]));
    expect(await facilityCodesInUse(db.sql, [])).toEqual(new Set());
  });
});
