// npm run bench:variants [-- --records 300 --seed 1 --json]: each variant family of
// bench/generator/variants.ts through the importer's record path (validate → normalise → place)
// and, for cross-source names, the matcher's pair decision; figures per family, the held-out
// families reported apart. No database: it measures what the stages make of the text.
import { parseArgs } from 'node:util';
import { kenyaGazetteer } from '../../src/geography/kenya.js';
import { createGeographyResolver } from '../../src/ingest/geography/resolve.js';
import { decide } from '../../src/ingest/match/decide.js';
import { matchFeatures } from '../../src/ingest/match/record-features.js';
import { pairScoreValue } from '../../src/ingest/match/score.js';
import { processRecord } from '../../src/ingest/process-record.js';
import type { CanonicalRecord } from '../../src/ingest/record.js';
import { VARIANT_FAMILIES, type VariantFamily } from '../generator/variants.js';
import { variantCases, type VariantTruth } from './records.js';
import { keyedDigestWith } from '../../src/ingest/normalise/identity.js';
import { createPersonalDataCipher } from '../../src/security/personal-data-cipher.js';

export interface FamilyFigures {
  family: string;
  category: string;
  heldOut: boolean;
  records: number;
  loaded: number;
  /** County, constituency and ward all found and right. */
  placed: number;
  /** Any level placed in a unit that is not the truth's: must stay 0. */
  wrongPlaces: number;
  serviced: number;
  phones: number;
  coordinates: number;
  /** Cross-source pairs: merged, and merged or put to review. */
  merged?: number;
  mergedOrReview?: number;
}

export function evaluateFamily(family: VariantFamily, records: number, seed: number): FamilyFigures {
  const resolver = createGeographyResolver(kenyaGazetteer());
  // Records are keyed as the importer keys them; the key itself does not matter here.
  const deps = { geography: resolver, keyed: keyedDigestWith(createPersonalDataCipher(Buffer.alloc(32, 7))) };
  const figures: FamilyFigures = {
    family: family.name, category: family.category, heldOut: family.heldOut, records,
    loaded: 0, placed: 0, wrongPlaces: 0, serviced: 0, phones: 0, coordinates: 0,
  };
  if (family.names) Object.assign(figures, { merged: 0, mergedOrReview: 0 });
  for (const { record, truth, guest } of variantCases(family, records, seed)) {
    const result = processRecord(record, deps);
    if (!result.ok) continue;
    figures.loaded++;
    const scored = score(result.record, truth);
    figures.placed += Number(scored.placed);
    figures.wrongPlaces += Number(scored.wrong);
    figures.serviced += Number(scored.serviced);
    figures.phones += Number(scored.phones);
    figures.coordinates += Number(scored.coordinates);
    if (guest && figures.merged !== undefined && figures.mergedOrReview !== undefined) {
      const other = processRecord(guest, deps);
      if (!other.ok) continue;
      const decision = decide(pairScoreValue(matchFeatures('home', result.record), matchFeatures('guest', other.record)));
      figures.merged += Number(decision === 'merge');
      figures.mergedOrReview += Number(decision !== 'distinct');
    }
  }
  return figures;
}

function score(record: CanonicalRecord, truth: VariantTruth) {
  const { countyCode, constituencyCode, wardCode } = record.geography;
  const wrong = (countyCode !== undefined && countyCode !== truth.countyCode)
    || (constituencyCode !== undefined && constituencyCode !== truth.constituencyCode)
    || (wardCode !== undefined && wardCode !== truth.wardCode);
  const placed = countyCode === truth.countyCode && constituencyCode === truth.constituencyCode && wardCode === truth.wardCode;
  const stated = new Set<string>(record.services);
  const phones = new Set(record.contacts.filter((contact) => contact.type === 'PHONE').map((contact) => contact.value));
  const point = record.location;
  const coordinates = truth.point === undefined
    ? point === undefined
    : point !== undefined && Math.abs(point.latitude - truth.point.latitude) < 1e-6 && Math.abs(point.longitude - truth.point.longitude) < 1e-6;
  return {
    wrong,
    placed,
    serviced: truth.services.every((key) => stated.has(key)),
    phones: truth.phones.every((phone) => phones.has(phone)) && phones.size === truth.phones.length,
    coordinates,
  };
}

const percent = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)} %`);

function table(rows: readonly FamilyFigures[]): string {
  const header = '| family | records | loaded | placed right | wrong places | all services | phones | coordinates | merged / merged+review |';
  const lines = rows.map((row) => `| ${row.family} | ${row.records} | ${percent(row.loaded, row.records)} | ${percent(row.placed, row.records)} | ${row.wrongPlaces} | ${percent(row.serviced, row.records)} | ${percent(row.phones, row.records)} | ${percent(row.coordinates, row.records)} | ${row.merged === undefined ? '-' : `${percent(row.merged, row.records)} / ${percent(row.mergedOrReview ?? 0, row.records)}`} |`);
  return [header, `|${'---|'.repeat(9)}`, ...lines].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { records: { type: 'string', default: '300' }, seed: { type: 'string', default: '1' }, json: { type: 'boolean', default: false } } });
  const records = Number(values.records);
  const seed = Number(values.seed);
  const figures = VARIANT_FAMILIES.map((family) => evaluateFamily(family, records, seed));
  if (values.json) {
    console.log(JSON.stringify(figures));
    return;
  }
  console.log(`Variant families, ${records} records each, seed ${seed}\n\nTuned on:\n`);
  console.log(table(figures.filter((row) => !row.heldOut)));
  console.log('\nHeld out (never tuned on):\n');
  console.log(table(figures.filter((row) => row.heldOut)));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
