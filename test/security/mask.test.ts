import { describe, expect, it } from 'vitest';
import { maskEmail, maskName, maskPhone } from '../../src/security/mask.js';

describe('maskPhone', () => {
  it('keeps the country code and the last three digits', () => {
    expect(maskPhone('+254711000222')).toBe('+254***222');
  });

  it('ignores spaces in the number', () => {
    expect(maskPhone('+254 711 000 222')).toBe('+254***222');
  });

  it('keeps a one-digit country code whole', () => {
    expect(maskPhone('+1 415 555 0100')).toBe('+1***100');
  });

  it('keeps only the last three digits of a number without a country code', () => {
    expect(maskPhone('0711000222')).toBe('***222');
  });

  it('does not guess a country code it cannot recognise', () => {
    expect(maskPhone('+999123456789')).toBe('***789');
  });

  it('hides a short number completely', () => {
    expect(maskPhone('1195')).toBe('***');
  });

  it('hides how many digits it masked', () => {
    expect(maskPhone('0711000222')).toBe(maskPhone('71000222'));
  });
});

describe('maskName', () => {
  it('keeps the initial of each word', () => {
    expect(maskName('Jane Doe')).toBe('J*** D***');
  });

  it('masks a title like any other word', () => {
    expect(maskName('Insp. John Doe')).toBe('I*** J*** D***');
  });

  it('collapses surrounding and repeated whitespace', () => {
    expect(maskName('  Jane \t Doe ')).toBe('J*** D***');
  });

  it('keeps a non-ASCII initial whole', () => {
    expect(maskName('Ũkũ Wanjirũ')).toBe('Ũ*** W***');
  });

  it('keeps a decomposed accented initial whole', () => {
    expect(maskName('E\u0301mile Zola')).toBe('É*** Z***');
  });

  it('gives the same mask for a short and a long name with the same initials', () => {
    expect(maskName('Al Bo')).toBe(maskName('Alexandra Bonaventure'));
  });

  it('returns an empty string for a blank name', () => {
    expect(maskName('   ')).toBe('');
  });
});

describe('maskEmail', () => {
  it('keeps the first character of the local part and the domain', () => {
    expect(maskEmail('john.doe@example.org')).toBe('j***@example.org');
  });

  it('splits at the last @', () => {
    expect(maskEmail('"a@b"@example.org')).toBe('"***@example.org');
  });

  it('hides a string without a local part completely', () => {
    expect(maskEmail('@example.org')).toBe('***');
  });

  it('hides a string without a domain completely', () => {
    expect(maskEmail('john.doe@')).toBe('***');
  });

  it('hides a string that is not an address completely', () => {
    expect(maskEmail('john.doe')).toBe('***');
  });
});
