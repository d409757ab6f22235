import { describe, expect, it } from 'vitest';
import { normaliseContacts, normaliseUrl } from '../../src/ingest/normalise/contacts.js';
import { Warnings } from '../../src/ingest/normalise/issues.js';
import { readPhone, readPhones } from '../../src/ingest/normalise/phones.js';
import type { ContactInput, PersonInput } from '../../src/ingest/validate/draft.js';

function contactsOf(inputs: ContactInput[], persons: PersonInput[] = []) {
  const warnings = new Warnings({ fileName: 'f.json', pointer: '/0' });
  return { ...normaliseContacts(inputs, persons, warnings), issues: warnings.issues };
}

const phone = (text: string, field = 'phone'): ContactInput => ({ field, channel: 'phone', text });

describe('phones', () => {
  it.each([
    ['0722 123 456', '+254722123456'],
    ['+254722123456', '+254722123456'],
    ['+254 722 123 456', '+254722123456'],
    ['254-722-123456', '+254722123456'],
    ['722123456', '+254722123456'],
    ['0722-123-456', '+254722123456'],
    ['00254722123456', '+254722123456'],
    ['020 2726300', '+254202726300'],
    ['+254 20 2053773', '+254202053773'],
    ['254-20-2095067', '+254202095067'],
    ['202062625', '+254202062625'],
  ])('%s → %s', (text, e164) => {
    expect(readPhone(text)).toEqual({ kind: 'phone', e164 });
  });

  it.each(['1195', '116', '999', '112', '1190'])('short code %s is kept bare', (code) => {
    expect(readPhone(code)).toEqual({ kind: 'short_code', code });
  });

  it.each([
    ['0722 000252 / 0797002844'],
    ['0722 000252, 0797002844'],
    ['0722 000252; 0797002844'],
    ['0722 000252 or 0797002844'],
    ['0722000252/0797002844'],
  ])('several numbers in one string: %s', (text) => {
    expect(readPhones(text)).toEqual([
      { kind: 'phone', e164: '+254722000252' },
      { kind: 'phone', e164: '+254797002844' },
    ]);
  });

  it('a short code among numbers becomes a HOTLINE contact, the numbers PHONE contacts', () => {
    expect(contactsOf([phone('0769004339/1195')]).contacts).toEqual([
      { type: 'PHONE', value: '+254769004339', isPrimary: true },
      { type: 'HOTLINE', value: '1195', isPrimary: false },
    ]);
  });

  it('a number given as a hotline stays a HOTLINE contact', () => {
    expect(contactsOf([{ field: 'contacts.1', channel: 'hotline', text: '0800 720 990' }]).contacts).toEqual([
      { type: 'HOTLINE', value: '+254800720990', isPrimary: false },
    ]);
  });

  it('"N/A", "none" and junk are INVALID_PHONE warnings, not contacts', () => {
    const { contacts, issues } = contactsOf([phone('N/A', 'contacts.phone'), phone('none'), phone('0722 12345'), phone('call us')]);
    expect(contacts).toEqual([]);
    expect(issues.map((issue) => [issue.code, issue.field])).toEqual([
      ['INVALID_PHONE', 'contacts.phone'],
      ['INVALID_PHONE', 'phone'],
      ['INVALID_PHONE', 'phone'],
      ['INVALID_PHONE', 'phone'],
    ]);
    expect(issues[0]).toMatchObject({ severity: 'WARNING', fileName: 'f.json', pointer: '/0' });
  });

  it('the first phone is the primary contact; repeats are dropped', () => {
    const { contacts } = contactsOf([
      { field: 'email', channel: 'email', text: 'a@example.org' },
      phone('0722 123 456'),
      phone('+254722123456'),
      phone('020 2726300'),
    ]);
    expect(contacts).toEqual([
      { type: 'EMAIL', value: 'a@example.org', isPrimary: false },
      { type: 'PHONE', value: '+254722123456', isPrimary: true },
      { type: 'PHONE', value: '+254202726300', isPrimary: false },
    ]);
  });
});

describe('e-mails and web addresses', () => {
  it('e-mails are trimmed and lower-cased', () => {
    expect(contactsOf([{ field: 'email', channel: 'email', text: ' TONGAREN.SCH@EXAMPLE.ORG ' }]).contacts).toEqual([
      { type: 'EMAIL', value: 'tongaren.sch@example.org', isPrimary: false },
    ]);
  });

  it('an invalid e-mail is an INVALID_EMAIL warning', () => {
    const { contacts, issues } = contactsOf([{ field: 'email', channel: 'email', text: 'info at example dot org' }]);
    expect(contacts).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code: 'INVALID_EMAIL', field: 'email' })]);
  });

  it('free text holding phones and e-mails is taken apart', () => {
    const { contacts, issues } = contactsOf([
      { field: 'contact', channel: 'any', text: '+254 20 2053773; OCS.Barwago@example.com / 0722 000111' },
    ]);
    expect(contacts.map(({ type, value }) => [type, value])).toEqual([
      ['PHONE', '+254202053773'],
      ['PHONE', '+254722000111'],
      ['EMAIL', 'ocs.barwago@example.com'],
    ]);
    expect(issues).toEqual([]);
  });

  it('web addresses gain a missing scheme; bad ones are INVALID_URL warnings', () => {
    expect(normaliseUrl('www.example.org/kajiadoeast-rescue')).toBe('https://www.example.org/kajiadoeast-rescue');
    expect(normaliseUrl('https://example.org/x')).toBe('https://example.org/x');
    const { website, contacts, issues } = contactsOf([
      { field: 'website', channel: 'website', text: 'www.example.org/x' },
      { field: 'website', channel: 'website', text: 'not a site' },
    ]);
    expect(website).toBe('https://www.example.org/x');
    expect(contacts).toEqual([{ type: 'WEBSITE', value: 'https://www.example.org/x', isPrimary: false }]);
    expect(issues).toEqual([expect.objectContaining({ code: 'INVALID_URL', field: 'website' })]);
  });
});

describe('named persons', () => {
  it('keep their own phone and e-mail, apart from the public contacts', () => {
    const { contacts, persons } = contactsOf(
      [phone('041 2225501')],
      [{ role: 'officer_commanding', field: 'ocs', name: ' Jane  Doe ', phone: '0711 000222', email: 'JANE@example.org' }],
    );
    expect(persons).toEqual([{ role: 'officer_commanding', name: 'Jane Doe', phone: '+254711000222', email: 'jane@example.org' }]);
    expect(contacts).toEqual([{ type: 'PHONE', value: '+254412225501', isPrimary: true }]);
  });

  it("a person's number never becomes a public contact, even if the partner listed it as one", () => {
    const { contacts, persons } = contactsOf(
      [phone('0733 000444'), phone('0722 123 456')],
      [{ role: 'focal_person', field: 'focal_person', name: 'John Doe', phone: '+254 733 000 444' }],
    );
    expect(persons[0].phone).toBe('+254733000444');
    expect(contacts.map((contact) => contact.value)).toEqual(['+254722123456']);
  });

  it("an invalid personal phone is reported without repeating the person's details", () => {
    const { persons, issues } = contactsOf([], [{ role: 'focal_person', field: 'focal_person', name: 'John Doe', phone: '0733 00' }]);
    expect(persons).toEqual([{ role: 'focal_person', name: 'John Doe' }]);
    expect(issues).toEqual([expect.objectContaining({ code: 'INVALID_PHONE', field: 'focal_person.phone' })]);
    expect(issues[0].message).not.toContain('0733');
    expect(issues[0].message).not.toContain('John');
  });
});
