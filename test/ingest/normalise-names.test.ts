import { describe, expect, it } from 'vitest';
import { displayName, searchName } from '../../src/ingest/normalise/name.js';
import { cleanText, decodeHtmlEntities } from '../../src/ingest/normalise/text.js';

describe('display names', () => {
  it('trims and collapses stray whitespace, tabs and non-breaking spaces', () => {
    expect(displayName('  Kiamaina  Dispensary\t')).toBe('Kiamaina Dispensary');
    expect(displayName('Ngei\u00A0 Health Centre')).toBe('Ngei Health Centre');
  });

  it('decodes HTML entities', () => {
    expect(displayName('Nairobi Justice &amp; Legal Aid Center')).toBe('Nairobi Justice & Legal Aid Center');
    expect(decodeHtmlEntities('St. Mary&#39;s &quot;PRC&quot; &#x27;Unit&#x27; &lt;3')).toBe(`St. Mary's "PRC" 'Unit' <3`);
    expect(decodeHtmlEntities('&unknown; & &amp')).toBe('&unknown; & &amp');
  });

  it('straightens curly apostrophes and quotes', () => {
    expect(cleanText('St. Mark’s “Matungulu”')).toBe(`St. Mark's "Matungulu"`);
  });

  it('re-cases names written in capitals, keeping acronyms and short words', () => {
    expect(displayName('TRANS NZOIA COUNTY REFERRAL HOSP.')).toBe('Trans Nzoia County Referral Hosp.');
    expect(displayName('TENDERE MEN FOR GENDER EQUALITY NTWK')).toBe('Tendere Men for Gender Equality Ntwk');
    expect(displayName('KENYATTA NATIONAL HOSPITAL (PRC UNIT)')).toBe('Kenyatta National Hospital (PRC Unit)');
    expect(displayName('NAKURU GBV RECOVERY CENTRE')).toBe('Nakuru GBV Recovery Centre');
    expect(displayName('NDIA WOMEN’S SHELTER')).toBe("Ndia Women's Shelter");
    expect(displayName('DADA LEGAL-AID PROJECT KAITI')).toBe('Dada Legal-Aid Project Kaiti');
    expect(displayName('THE KPS P/POST')).toBe('The KPS P/Post');
  });

  it('re-cases names written all in lower case', () => {
    expect(displayName('tongaren p/post (bungoma command)')).toBe('Tongaren P/Post (Bungoma Command)');
  });

  it('leaves names in mixed case as the partner wrote them', () => {
    expect(displayName('GBVRC Jamii Medical Centre')).toBe('GBVRC Jamii Medical Centre');
    expect(displayName('Shimo la Tewa Police Station')).toBe('Shimo la Tewa Police Station');
  });

  it('keeps trailing branch names in brackets', () => {
    expect(displayName('Siyoi Disp (Kapenguria)')).toBe('Siyoi Disp (Kapenguria)');
  });
});

describe('search names', () => {
  it('are lower-case, accent-free and punctuation-free', () => {
    expect(searchName("Café Women's Rights-Network, Kisumu!")).toBe('cafe womens rights network kisumu');
  });

  it.each([
    ['Kenyatta National Hosp.', 'kenyatta national hospital'],
    ['Kenyatta National Hosp', 'kenyatta national hospital'],
    ['Malakisi H/C', 'malakisi health centre'],
    ['Kapchemutwa HC', 'kapchemutwa health centre'],
    ['Lumakanda H. Centre', 'lumakanda health centre'],
    ['Tarbaj H. Center', 'tarbaj health centre'],
    ['Mwitika Disp.', 'mwitika dispensary'],
    ['North Horr Disp', 'north horr dispensary'],
    ['Tongaren Sub-County Hosp', 'tongaren sub county hospital'],
    ['Eldama Ravine Police Stn.', 'eldama ravine police station'],
    ['KALOLENI POLICE STN', 'kaloleni police station'],
    ['Milima Police Pst', 'milima police post'],
    ['LEMBUS POLICE PST', 'lembus police post'],
    ['Lugari Pol. Station', 'lugari police station'],
    ['Kambe P/Post', 'kambe police post'],
    ['Mauche Police P/Base', 'mauche police patrol base'],
    ['Laikipia West GBV Survivors Net.', 'laikipia west gbv survivors network'],
    ['Ol Jorok Paralegal Ntwk', 'ol jorok paralegal network'],
    ['Kibera Women Org', 'kibera women organisation'],
    ['Katilia Health Center', 'katilia health centre'],
  ])('spell out abbreviations: %s → %s', (name, expected) => {
    expect(searchName(name)).toBe(expected);
  });

  it('drop trailing bracketed branch names, all of them', () => {
    expect(searchName('Wangchieng Pol. Station (Gender Desk) (Karachuonyo Division)')).toBe('wangchieng police station');
    expect(searchName('Kenyatta National Hospital (PRC Unit)')).toBe('kenyatta national hospital');
    expect(searchName('(HQ)')).toBe('hq');
  });

  it('spell "&" as "and" and drop a leading "The"', () => {
    expect(searchName('The Laikipia West GBV Survivors Net. (Salama)')).toBe('laikipia west gbv survivors network');
    expect(searchName('Namwela Justice &amp; Legal Aid Centre')).toBe('namwela justice and legal aid centre');
  });

  it('make the spellings of one facility in different files equal', () => {
    const spellings = ["Nairobi Women's Hospital", 'Nairobi Women’s Hosp.', 'NAIROBI WOMEN&#39;S HOSPITAL (Main Branch)'];
    expect(new Set(spellings.map((name) => searchName(displayName(name))))).toEqual(new Set(['nairobi womens hospital']));
  });
});
