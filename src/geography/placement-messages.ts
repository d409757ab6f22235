// Findings turned into record issues a person can act on: each message quotes what the record
// says, states what was kept, and names the valid choices where there are few.
import type { IssueCode, RecordIssue } from '../ingest/record.js';
import type { GeographyContext } from '../ingest/geography/types.js';
import type { GazetteerIndex, GeoLevel } from './gazetteer-index.js';
import type { Finding, UnitRef } from './placement.js';

/** The place names as the record wrote them, and the record fields they came from. */
export interface WrittenPlace {
  county?: string;
  constituency?: string;
  ward?: string;
  fieldOf: (level: GeoLevel) => string;
}

export function findingToIssue(
  index: GazetteerIndex,
  finding: Finding,
  written: WrittenPlace,
  context: GeographyContext,
): RecordIssue {
  const level = levelOf(finding);
  return {
    code: finding.code satisfies IssueCode,
    severity: finding.code === 'UNKNOWN_LOCATION' ? 'ERROR' : 'WARNING',
    message: describe(index, finding, written),
    field: written.fieldOf(level),
    fileName: context.fileName,
    pointer: context.pointer,
  };
}

function levelOf(finding: Finding): GeoLevel {
  switch (finding.code) {
    case 'UNKNOWN_LOCATION': return 'COUNTY';
    case 'UNRESOLVED_CONSTITUENCY': return 'CONSTITUENCY';
    case 'UNRESOLVED_WARD': return 'WARD';
    case 'AMBIGUOUS_LOCATION': return finding.level;
    case 'INCONSISTENT_GEOGRAPHY': return finding.found.level;
  }
}

function describe(index: GazetteerIndex, finding: Finding, written: WrittenPlace): string {
  const unit = (ref: UnitRef) => describeUnit(index, ref);
  switch (finding.code) {
    case 'UNKNOWN_LOCATION':
      if (finding.problem === 'no-county') return describeMissingCounty(written);
      if (finding.problem === 'several-counties') {
        return `County "${written.county}" could be ${listNames(finding.candidates.map((code) => index.nameOf('COUNTY', code)))}; ` +
          'correct the county name so the record can be placed.';
      }
      return `"${written.county}" is not a Kenyan county, so the record cannot be placed. ` +
        (finding.known
          ? `It is ${unit(finding.known)}: put "${countyNameOf(index, finding.known)}" in the county field.`
          : 'Correct it to one of the 47 counties (e.g. "Nairobi", "Murang\'a"), or leave the record out if the service is outside Kenya.');
    case 'UNRESOLVED_CONSTITUENCY': {
      const county = index.nameOf('COUNTY', finding.countyCode);
      const what = finding.repeatsCounty ? 'is the county\'s own name, not a constituency' : `is not a constituency of ${county} county, nor a known spelling of one`;
      return `"${written.constituency}" ${what}; ` +
        `the record is placed in ${county} county without a constituency. ` +
        `Use one of ${listNames(index.constituencyNamesIn(finding.countyCode))}` +
        (finding.repeatsCounty ? ', or give the ward.' : ', or give the ward if it is a sub-county name.');
    }
    case 'UNRESOLVED_WARD':
      return `"${written.ward}" is not a ward of ${unit(finding.within)}, nor a known spelling of one; ` +
        'the record is placed without a ward. Check the ward name.';
    case 'AMBIGUOUS_LOCATION': {
      const options = describeAlternatives(index, finding.level, finding.candidates);
      return finding.level === 'CONSTITUENCY'
        ? `Constituency "${written.constituency}" could be ${options}; nothing else in the record decides, ` +
          'so it is placed without a constituency. Give the full constituency name or the ward.'
        : `Ward "${written.ward}" could be ${options}; the ward was left out. Give the full ward name.`;
    }
    case 'INCONSISTENT_GEOGRAPHY': {
      const what = finding.found.level === 'WARD' ? `Ward "${written.ward}"` : `Constituency "${written.constituency}"`;
      return `${what} is ${unit(finding.found)}, but the record places it in ${unit(finding.given)}; ` +
        `the ${finding.found.level === 'WARD' ? 'ward' : 'constituency name'} was not used. Check which of the two is right.`;
    }
  }
}

function describeMissingCounty(written: WrittenPlace): string {
  const lower = [written.constituency, written.ward].filter((name) => name !== undefined);
  return lower.length === 0
    ? 'The record gives no county, so it cannot be placed; add the county (one of the 47).'
    : `The record gives no county, and ${lower.map((name) => `"${name}"`).join(' / ')} does not identify one; ` +
      'add the county (one of the 47) so the record can be placed.';
}

/** `Kilimani ward of Dagoretti North constituency (Nairobi county)` and the like. */
function describeUnit(index: GazetteerIndex, ref: UnitRef): string {
  if (ref.level === 'COUNTY') return `${index.nameOf('COUNTY', ref.code)} county`;
  if (ref.level === 'CONSTITUENCY') {
    const county = index.constituency(ref.code)?.countyCode ?? '';
    return `${index.nameOf('CONSTITUENCY', ref.code)} constituency (${index.nameOf('COUNTY', county)} county)`;
  }
  const ward = index.ward(ref.code);
  const constituency = ward ? describeUnit(index, { level: 'CONSTITUENCY', code: ward.constituencyCode }) : 'an unknown constituency';
  return `${index.nameOf('WARD', ref.code)} ward of ${constituency}`;
}

/** `Igembe Central, Igembe North or Igembe South constituency (Meru county)`: shared context said once. */
function describeAlternatives(index: GazetteerIndex, level: 'CONSTITUENCY' | 'WARD', codes: readonly string[]): string {
  const counties = new Set(codes.map((code) => index.countyOf(level, code)));
  const [county] = counties;
  if (counties.size !== 1 || county === undefined) return listNames(codes.map((code) => describeUnit(index, { level, code })));
  const inCounty = ` (${index.nameOf('COUNTY', county)} county)`;
  if (level === 'CONSTITUENCY') {
    return `${listNames(codes.map((code) => index.nameOf('CONSTITUENCY', code)))} constituency${inCounty}`;
  }
  const wardIn = (code: string) =>
    `${index.nameOf('WARD', code)} ward of ${index.nameOf('CONSTITUENCY', index.ward(code)?.constituencyCode ?? '')} constituency`;
  return `${listNames(codes.map(wardIn))}${inCounty}`;
}

function countyNameOf(index: GazetteerIndex, ref: UnitRef): string {
  return index.nameOf('COUNTY', index.countyOf(ref.level, ref.code) ?? '');
}

function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
