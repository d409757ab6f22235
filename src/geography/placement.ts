// The hierarchy rules: which county, constituency and ward a record's place names determine.
// A level is kept only when it is certain and consistent with the levels above it; anything
// ambiguous, unknown or contradictory is left out and explained by a finding, never guessed.
import type { GazetteerIndex, GeoLevel } from './gazetteer-index.js';
import type { MatchOptions, NameMatch, PlaceQuery } from './name-index.js';

/** For telling a record it contradicts itself only exact names are strong enough. */
const EXACT_ONLY: MatchOptions = { exactOnly: true };

/** A record's place names, normalised; a level is absent when the record leaves it blank. */
export interface PlaceNames {
  county?: PlaceQuery;
  constituency?: PlaceQuery;
  ward?: PlaceQuery;
}

export interface UnitRef { level: GeoLevel; code: string }

/** Why a level was left out (or the record cannot be placed at all), in terms of units, not words. */
export type Finding =
  | { code: 'UNKNOWN_LOCATION'; problem: 'no-county' }
  /** `known` is what the name is instead, when it names a constituency or ward (`Thika Town`). */
  | { code: 'UNKNOWN_LOCATION'; problem: 'not-a-county'; known?: UnitRef }
  | { code: 'UNKNOWN_LOCATION'; problem: 'several-counties'; candidates: string[] }
  /** `repeatsCounty`: the record gave the county's own name as its constituency (`Kitui, Kitui`). */
  | { code: 'UNRESOLVED_CONSTITUENCY'; countyCode: string; repeatsCounty: boolean }
  | { code: 'UNRESOLVED_WARD'; within: UnitRef }
  | { code: 'AMBIGUOUS_LOCATION'; level: 'CONSTITUENCY' | 'WARD'; candidates: string[] }
  /** The name matches `found`, which does not lie in `given`, the unit the record names above it. */
  | { code: 'INCONSISTENT_GEOGRAPHY'; found: UnitRef; given: UnitRef };

export interface Placement {
  /** Absent when the record cannot be placed in a Kenyan county (then a finding says why). */
  countyCode?: string;
  constituencyCode?: string;
  wardCode?: string;
  findings: Finding[];
}

/** What the constituency name says within the county, before the ward has had its say. */
type ConstituencyReading =
  | { kind: 'absent' }
  | { kind: 'certain'; code: string }
  /** Several constituencies, or one only by partial wording: the ward may decide. */
  | { kind: 'candidates'; codes: string[] }
  /**
   * A name that is no constituency of the county, e.g. a sub-county that spans several, or the
   * county's own name (which says nothing about the constituency, however many contain it).
   */
  | { kind: 'unknown'; repeatsCounty: boolean };

export function placeRecord(index: GazetteerIndex, names: PlaceNames): Placement {
  const county = settleCounty(index, names);
  if ('finding' in county) return { findings: [county.finding] };
  const reading = readConstituency(index, county.code, names.constituency);
  const lower = names.ward
    ? placeWithWard(index, county.code, reading, names.ward, names.constituency)
    : placeWithoutWard(index, county.code, reading, names.constituency);
  return { countyCode: county.code, ...lower };
}

type LowerLevels = Omit<Placement, 'countyCode'>;

function settleCounty(index: GazetteerIndex, names: PlaceNames): { code: string } | { finding: Finding } {
  if (!names.county) {
    const derived = countyFromLowerLevels(index, names);
    return derived ? { code: derived } : { finding: { code: 'UNKNOWN_LOCATION', problem: 'no-county' } };
  }
  const match = index.counties.match(names.county);
  const byCode = names.county.countyCode;
  if (byCode !== undefined && index.county(byCode)) {
    // The code and the name must agree; when they do not, neither is trusted.
    if (!match || match.codes.includes(byCode)) return { code: byCode };
    return { finding: { code: 'UNKNOWN_LOCATION', problem: 'several-counties', candidates: [byCode, ...match.codes] } };
  }
  if (!match) {
    return { finding: { code: 'UNKNOWN_LOCATION', problem: 'not-a-county', known: knownLowerUnit(index, names.county) } };
  }
  if (match.codes.length === 1) return { code: match.codes[0] };
  const narrowed = countyFromLowerLevels(index, names, new Set(match.codes));
  return narrowed
    ? { code: narrowed }
    : { finding: { code: 'UNKNOWN_LOCATION', problem: 'several-counties', candidates: match.codes } };
}

/**
 * The one county the constituency (else the ward) can lie in, searched nationally. A partial
 * constituency name counts when all its candidates share a county (`Igembe` is in Meru); a
 * fragment of a ward name does not (`Baba` of `Baba Dogo`): with 1,448 wards that is chance.
 */
function countyFromLowerLevels(index: GazetteerIndex, names: PlaceNames, among?: ReadonlySet<string>): string | undefined {
  const levels: [GeoLevel, PlaceQuery | undefined][] = [['CONSTITUENCY', names.constituency], ['WARD', names.ward]];
  for (const [level, query] of levels) {
    if (!query) continue;
    const nameIndex = level === 'CONSTITUENCY' ? index.constituencies : index.wards;
    const inAllowedCounty = (code: string) => among === undefined || among.has(index.countyOf(level, code) ?? '');
    const match = nameIndex.match(query, { admit: inAllowedCounty });
    if (level === 'WARD' && match?.how === 'contains') continue;
    const counties = new Set(match?.codes.map((code) => index.countyOf(level, code)));
    const [only] = counties;
    if (counties.size === 1 && only !== undefined) return only;
  }
  return undefined;
}

function readConstituency(index: GazetteerIndex, countyCode: string, query: PlaceQuery | undefined): ConstituencyReading {
  if (!query) return { kind: 'absent' };
  const match = index.constituenciesIn(countyCode).match(query);
  if (match && isCertain(match)) return { kind: 'certain', code: match.codes[0] };
  const repeatsCounty = index.counties.match(query, EXACT_ONLY)?.codes.join() === countyCode;
  if (!match || repeatsCounty) return { kind: 'unknown', repeatsCounty };
  return { kind: 'candidates', codes: match.codes };
}

function placeWithoutWard(
  index: GazetteerIndex,
  countyCode: string,
  reading: ConstituencyReading,
  constituencyQuery: PlaceQuery | undefined,
): LowerLevels {
  switch (reading.kind) {
    case 'absent':
      return { findings: [] };
    case 'certain':
      return { constituencyCode: reading.code, findings: [] };
    case 'candidates':
      // A single partial match (`Kabondo` → Kabondo Kasipul) is unique within the county: no guess.
      return reading.codes.length === 1
        ? { constituencyCode: reading.codes[0], findings: [] }
        : { findings: [{ code: 'AMBIGUOUS_LOCATION', level: 'CONSTITUENCY', candidates: reading.codes }] };
    case 'unknown':
      return { findings: [unknownConstituency(index, countyCode, reading.repeatsCounty, constituencyQuery)] };
  }
}

function placeWithWard(
  index: GazetteerIndex,
  countyCode: string,
  reading: ConstituencyReading,
  wardQuery: PlaceQuery,
  constituencyQuery: PlaceQuery | undefined,
): LowerLevels {
  if (reading.kind === 'certain') {
    // The constituency is certain: the ward must lie in it, or it is dropped.
    const match = index.wardsInConstituency(reading.code).match(wardQuery);
    if (match && match.codes.length === 1) return { constituencyCode: reading.code, wardCode: match.codes[0], findings: [] };
    const finding: Finding = match
      ? { code: 'AMBIGUOUS_LOCATION', level: 'WARD', candidates: match.codes }
      : wardOutside(index, { level: 'CONSTITUENCY', code: reading.code }, countyCode, wardQuery);
    return { constituencyCode: reading.code, findings: [finding] };
  }

  // The constituency is uncertain (several candidates, a sub-county name, or none): the ward,
  // looked up among the candidates first and then county-wide, decides it.
  const wardsInCounty = index.wardsInCounty(countyCode);
  const candidates = reading.kind === 'candidates' ? new Set(reading.codes) : undefined;
  const inCandidates = candidates
    ? wardsInCounty.match(wardQuery, { admit: (code) => candidates.has(index.ward(code)?.constituencyCode ?? '') })
    : undefined;
  const match = inCandidates ?? wardsInCounty.match(wardQuery);
  const findings: Finding[] = [];
  if (reading.kind === 'unknown' && !reading.repeatsCounty) {
    const elsewhere = constituencyElsewhere(index, countyCode, constituencyQuery);
    if (elsewhere) findings.push(elsewhere);
  }

  if (match && match.codes.length === 1) {
    const ward = index.ward(match.codes[0]);
    return { constituencyCode: ward?.constituencyCode, wardCode: match.codes[0], findings };
  }

  const wardParents = new Set(match?.codes.map((code) => index.ward(code)?.constituencyCode ?? ''));
  let constituencyCode: string | undefined;
  if (match) {
    findings.push({ code: 'AMBIGUOUS_LOCATION', level: 'WARD', candidates: match.codes });
    // Every ward the name may mean lies in one constituency (`Saimo`: Saimo/Soi or Saimo/Kipsaraman,
    // both in Baringo North): that much is certain.
    if (wardParents.size === 1) constituencyCode = [...wardParents][0];
  } else {
    const within: UnitRef = candidates?.size === 1
      ? { level: 'CONSTITUENCY', code: [...candidates][0] }
      : { level: 'COUNTY', code: countyCode };
    findings.push(wardOutside(index, within, countyCode, wardQuery));
  }
  // A unique partial constituency match stands when the ward does not point elsewhere.
  if (!constituencyCode && candidates?.size === 1 && (!match || inCandidates)) constituencyCode = [...candidates][0];

  if (!constituencyCode) {
    if (candidates) {
      const possible = [...new Set([...candidates, ...(inCandidates ? [] : wardParents)])].filter((code) => code !== '');
      findings.push({ code: 'AMBIGUOUS_LOCATION', level: 'CONSTITUENCY', candidates: possible });
    } else if (reading.kind === 'unknown' && !findings.some((finding) => finding.code === 'INCONSISTENT_GEOGRAPHY')) {
      findings.push({ code: 'UNRESOLVED_CONSTITUENCY', countyCode, repeatsCounty: reading.repeatsCounty });
    }
  }
  return { constituencyCode, findings };
}

/** Why a ward name found nothing within `within`: it lies elsewhere, or it is unknown. */
function wardOutside(index: GazetteerIndex, within: UnitRef, countyCode: string, query: PlaceQuery): Finding {
  if (within.level === 'CONSTITUENCY') {
    const inCounty = index.wardsInCounty(countyCode).match(query, EXACT_ONLY);
    if (inCounty && isExact(inCounty)) {
      return { code: 'INCONSISTENT_GEOGRAPHY', found: { level: 'WARD', code: inCounty.codes[0] }, given: within };
    }
  }
  const national = index.wards.match(query, EXACT_ONLY);
  if (national && isExact(national) && index.countyOf('WARD', national.codes[0]) !== countyCode) {
    return { code: 'INCONSISTENT_GEOGRAPHY', found: { level: 'WARD', code: national.codes[0] }, given: { level: 'COUNTY', code: countyCode } };
  }
  return { code: 'UNRESOLVED_WARD', within };
}

function unknownConstituency(index: GazetteerIndex, countyCode: string, repeatsCounty: boolean, query: PlaceQuery | undefined): Finding {
  const elsewhere = repeatsCounty ? undefined : constituencyElsewhere(index, countyCode, query);
  return elsewhere ?? { code: 'UNRESOLVED_CONSTITUENCY', countyCode, repeatsCounty };
}

/** A constituency name that belongs to another county contradicts the county the record gives. */
function constituencyElsewhere(index: GazetteerIndex, countyCode: string, query: PlaceQuery | undefined): Finding | undefined {
  if (!query) return undefined;
  const national = index.constituencies.match(query, EXACT_ONLY);
  if (!national || !isExact(national)) return undefined;
  const found: UnitRef = { level: 'CONSTITUENCY', code: national.codes[0] };
  return { code: 'INCONSISTENT_GEOGRAPHY', found, given: { level: 'COUNTY', code: countyCode } };
}

/** What a name that is no county is instead, so the rejection message can say so. */
function knownLowerUnit(index: GazetteerIndex, query: PlaceQuery): UnitRef | undefined {
  const constituency = index.constituencies.match(query, EXACT_ONLY);
  if (constituency && isExact(constituency)) return { level: 'CONSTITUENCY', code: constituency.codes[0] };
  const ward = index.wards.match(query, EXACT_ONLY);
  if (ward && isExact(ward)) return { level: 'WARD', code: ward.codes[0] };
  return undefined;
}

function isCertain(match: NameMatch): boolean {
  return match.codes.length === 1 && match.how !== 'contains';
}

/** Certain without spelling correction: strong enough to tell a record it contradicts itself. */
function isExact(match: NameMatch): boolean {
  return isCertain(match) && match.how !== 'spelling';
}
