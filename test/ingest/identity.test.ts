import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHashOf, sourceKeyOf } from '../../src/ingest/normalise/identity.js';
import { testKeyed } from '../support/keyed.js';
import { normaliseIdentifiers } from '../../src/ingest/normalise/identifiers.js';

const nairobi = { countyCode: '047', constituencyCode: '275', wardCode: '1371' };

describe('source key', () => {
  it('prefers mfl_code, then station_code, branch_code, registration_number', () => {
    const all = { mflCode: '13023', stationCode: 'KPS-MSA-001', branchCode: 'EA-012', registrationNumber: 'OP.218/051' };
    expect(sourceKeyOf(all, 'x', nairobi, testKeyed)).toBe('mfl:13023');
    expect(sourceKeyOf({ ...all, mflCode: undefined }, 'x', nairobi, testKeyed)).toBe('station:KPS-MSA-001');
    expect(sourceKeyOf({ branchCode: 'EA-012', registrationNumber: 'R' }, 'x', nairobi, testKeyed)).toBe('branch:EA-012');
    expect(sourceKeyOf({ registrationNumber: 'OP.218/051' }, 'x', nairobi, testKeyed)).toBe('reg:OP.218/051');
  });

  it('without identifiers, a keyed hash of the search name and the resolved place', () => {
    const key = sourceKeyOf({}, 'ndia womens shelter', nairobi, testKeyed);
    expect(key).toMatch(/^hmac:[0-9a-f]{32}$/);
    expect(sourceKeyOf({}, 'ndia womens shelter', nairobi, testKeyed)).toBe(key);
    expect(sourceKeyOf({}, 'ndia womens shelter', { countyCode: '020' }, testKeyed)).not.toBe(key);
    expect(sourceKeyOf({}, 'ndia shelter', nairobi, testKeyed)).not.toBe(key);
  });

  it('reads identifiers in one spelling', () => {
    expect(normaliseIdentifiers({ mflCode: ' 013023 ', stationCode: 'kps-msa-001 ', branchCode: 'ea-012' })).toEqual({
      mflCode: '13023',
      stationCode: 'KPS-MSA-001',
      branchCode: 'EA-012',
    });
  });
});

describe('content hash', () => {
  const content = { name: 'Kenyatta National Hospital', contacts: [{ type: 'PHONE', value: '+254202726300', isPrimary: true }] };

  it('is the same for the same content, whatever the key order', () => {
    const reordered = { contacts: [{ isPrimary: true, value: '+254202726300', type: 'PHONE' }], name: 'Kenyatta National Hospital' };
    expect(contentHashOf(reordered)).toBe(contentHashOf(content));
  });

  it('changes when a phone changes', () => {
    const changed = { ...content, contacts: [{ type: 'PHONE', value: '+254202726301', isPrimary: true }] };
    expect(contentHashOf(changed)).not.toBe(contentHashOf(content));
  });

  it('ignores undefined members', () => {
    expect(canonicalJson({ a: 1, b: undefined, c: [1, { d: undefined }] })).toBe('{"a":1,"c":[1,{}]}');
  });

  it('keeps the text, and the hash, that earlier imports stored', () => {
    // Keys sorted by code unit (digits, capitals and accents included), JSON escapes, nulls,
    // undefined array elements as null, empty containers, numbers as JSON writes them. The
    // expected values were made by the first implementation: a change here would make every
    // record of every earlier import look changed.
    const content = {
      b: [undefined, null, 'x"y\\z', { Z: 1, a: 2, é: 3, '10': 4, '9': 5 }],
      a: { nested: { deeper: [[], {}] }, n: -0.5, big: 1e21, t: true },
      kéy: 'ü\n',
    };
    expect(canonicalJson(content)).toBe(
      String.raw`{"a":{"big":1e+21,"n":-0.5,"nested":{"deeper":[[],{}]},"t":true},"b":[null,null,"x\"y\\z",{"10":4,"9":5,"Z":1,"a":2,"é":3}],"kéy":"ü\n"}`,
    );
    expect(contentHashOf(content)).toBe('768b9caecca684441ab066d6391503429e87189dac2e271d0fda702cd886596c');
  });
});
