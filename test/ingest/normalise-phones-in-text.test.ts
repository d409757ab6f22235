// Phones as staff type them into any field: labels, any grouping, the country code written any
// way, several numbers in one field. Any layout of a Kenyan number reads back as the same E.164;
// the national short codes are hotlines, never phones.
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { normaliseContacts } from '../../src/ingest/normalise/contacts.js';
import { Warnings } from '../../src/ingest/normalise/issues.js';
import { readPhones } from '../../src/ingest/normalise/phones.js';

/** PHONE_RUNS=40000 searches far more layouts than a normal run, when the reader changes. */
const RUNS = Number(process.env.PHONE_RUNS ?? 0);

/** A Kenyan number's national significant digits: mobiles (7xx, 1xx) and Nairobi land lines (20). */
const nationalNumber = fc
  .tuple(fc.constantFrom('7', '11', '10', '20'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 8 }))
  .map(([prefix, digits]) => (prefix + digits.join('')).slice(0, prefix === '20' ? 9 : 9))
  .filter((national) => national.length === 9 && parsePhoneNumberFromString(`+254${national}`)?.isValid() === true);

/** The ways the country code (or the trunk 0) is written before the number. */
const COUNTRY_FORMS = ['0', '+254', '+254 ', '254', '254-', '00254', '00 254 ', '(+254) ', '+254 (0)', '+254-0', '+2540'];
const LABELS = ['', 'Tel: ', 'Tel. ', 'Office ', 'Mobile - ', 'Simu: ', 'Phone/WhatsApp: ', 'Cell '];
const GROUP_SEPARATORS = [' ', '-', '.', '', '  '];
const LIST_SEPARATORS = [' / ', ', ', ' or ', '; ', ' na ', '/', ' | ', '\n', ' and '];

/** The national digits cut into groups of 2 to 4 with one separator, as people group them. */
const grouped = (national: string, sizes: number[], separator: string): string => {
  const groups: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= national.length) break;
    groups.push(national.slice(at, at + size));
    at += size;
  }
  if (at < national.length) groups.push(national.slice(at));
  return groups.join(separator);
};

const layout = fc.record({
  national: nationalNumber,
  country: fc.constantFrom(...COUNTRY_FORMS),
  label: fc.constantFrom(...LABELS),
  sizes: fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 4 }),
  separator: fc.constantFrom(...GROUP_SEPARATORS),
});
const written = ({ national, country, label, sizes, separator }: { national: string; country: string; label: string; sizes: number[]; separator: string }) =>
  `${label}${country}${grouped(national, sizes, separator)}`;

describe('any Kenyan number in any layout normalises to the same E.164 (property)', () => {
  it('one number with a label, any country-code form and any grouping', () => {
    fc.assert(
      fc.property(layout, (number) => {
        expect(readPhones(written(number)), written(number)).toEqual([{ kind: 'phone', e164: `+254${number.national}` }]);
      }),
      { numRuns: RUNS || 1000 },
    );
  });

  it('several numbers in one field, in the order written', () => {
    fc.assert(
      fc.property(fc.array(layout, { minLength: 2, maxLength: 3 }), fc.constantFrom(...LIST_SEPARATORS), (numbers, separator) => {
        const text = numbers.map(written).join(separator);
        expect(readPhones(text), text).toEqual(numbers.map((number) => ({ kind: 'phone', e164: `+254${number.national}` })));
      }),
      { numRuns: RUNS || 500 },
    );
  });
});

describe('short codes are hotlines, never phones', () => {
  it.each([
    ['Call 1195 or 0722 000 252', [{ kind: 'short_code', code: '1195' }, { kind: 'phone', e164: '+254722000252' }]],
    ['Toll free: 116', [{ kind: 'short_code', code: '116' }]],
    ['Police 999 / 112', [{ kind: 'short_code', code: '999' }, { kind: 'short_code', code: '112' }]],
    ['Tel: +254 (0) 20 2726300 ext. 12', [{ kind: 'phone', e164: '+254202726300' }]],
  ])('%s', (text, expected) => {
    expect(readPhones(text)).toEqual(expected);
  });

  it('a field of a phone and a short code gives a PHONE and a HOTLINE contact', () => {
    const warnings = new Warnings({ fileName: 'f.json', pointer: '/0' });
    const { contacts } = normaliseContacts([{ field: 'phone', channel: 'phone', text: 'Office: 0722-000-252, GBV hotline 1195' }], [], warnings);
    expect(contacts.map(({ type, value }) => [type, value])).toEqual([['PHONE', '+254722000252'], ['HOTLINE', '1195']]);
    expect(warnings.issues).toEqual([]);
  });

  it('numbers on separate lines of one contact field stay apart (a line ending 00 and one starting 254)', () => {
    const warnings = new Warnings({ fileName: 'f.json', pointer: '/0' });
    const { contacts } = normaliseContacts([{ field: 'phone', channel: 'phone', text: 'Office 072 650 3598\r\n0025411 877 0434\nhotline 112' }], [], warnings);
    expect(contacts.map(({ type, value }) => [type, value])).toEqual([['PHONE', '+254726503598'], ['PHONE', '+254118770434'], ['HOTLINE', '112']]);
  });

  it('a postal address beside a number is neither a hotline nor a phone', () => {
    expect(readPhones('P.O. Box 1234-00100 Nairobi, Tel 0722 000 252')).toEqual([{ kind: 'phone', e164: '+254722000252' }]);
    expect(readPhones('Box 4521, 0722000252')).toEqual([{ kind: 'phone', e164: '+254722000252' }]);
  });

  it('digits that are neither a number nor a short code are reported, not stored', () => {
    expect(readPhones('Tel: 0722 12345')).toEqual([{ kind: 'invalid', text: '0722 12345' }]);
  });
});
