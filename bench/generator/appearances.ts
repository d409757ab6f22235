// Appearances: which records each file holds, in which order. Every entity appears in its home
// file and in the files its plan lists as guests; each file then gains a few in-file
// duplicates (the same facility again, spelt differently) and a few records that must be
// rejected (modelled on a real entity of the file, then broken).
import type { SourceKind } from '../../src/ingest/record.js';
import { byText, type Geography } from './geo.js';
import { KINDS, guestKinds, type Plan } from './plan.js';
import { Rng } from './random.js';
import { FOREIGN_PLACES } from './vocabulary.js';

export type Role = 'home' | 'guest' | 'in_file_duplicate' | 'bad';
export type RejectClass = 'missing_name' | 'wrong_type' | 'unknown_location';

export interface Slot {
  /** The entity shown; for a rejected record, the entity it was modelled on. */
  entity: number;
  role: Role;
  reject: RejectClass | null;
  /** FOREIGN_PLACES index for unknown_location rejects, else -1. */
  foreign: number;
  /** Sort keys: county and constituency by name (nested files group by them), then `tag`. */
  countyRank: number;
  constituencyRank: number;
  /** 1 puts an in-file duplicate under its own, differently spelt, sub-county entry. */
  tag: number;
  /** Random order within a group (flat files: within the file). */
  order: number;
}

/** Files whose records sit under county (and sub-county) groups. */
export const NESTED: ReadonlySet<SourceKind> = new Set<SourceKind>(['regional', 'kps_stations']);

export interface AppearanceOptions {
  seed: number;
  duplicateRate: number;
  badRate: number;
}

export interface GroupRanks {
  /** County rank by name among the 47 counties and the foreign places, for sorting. */
  county: Map<string, number>;
  constituency: Int32Array;
}

export function groupRanks(geo: Geography): GroupRanks {
  const names = [...geo.counties.map((c) => c.name), ...FOREIGN_PLACES.map((f) => f.county)].sort(byText);
  const county = new Map(names.map((n, i) => [n, i]));
  const constituency = new Int32Array(geo.constituencies.length);
  [...geo.constituencies].sort((a, b) => byText(a.name, b.name)).forEach((c, i) => (constituency[c.index] = i));
  return { county, constituency };
}

function compareSlots(nested: boolean): (a: Slot, b: Slot) => number {
  if (!nested) return (a, b) => a.order - b.order;
  return (a, b) =>
    a.countyRank - b.countyRank || a.constituencyRank - b.constituencyRank || a.tag - b.tag || a.order - b.order;
}

export function planAppearances(geo: Geography, plan: Plan, opts: AppearanceOptions): Map<SourceKind, Slot[]> {
  const ranks = groupRanks(geo);
  const rng = Rng.derive(opts.seed, 'appearances');
  const byKind = new Map<SourceKind, Slot[]>(KINDS.map((k) => [k, []]));

  const placed = (entity: number, role: Role): Slot => {
    const ward = geo.wards[plan.ward[entity]];
    return {
      entity,
      role,
      reject: null,
      foreign: -1,
      countyRank: ranks.county.get(ward.county.name) ?? 0,
      constituencyRank: ranks.constituency[ward.constituency.index],
      tag: 0,
      order: rng.next(),
    };
  };

  for (let i = 0; i < plan.size; i++) {
    byKind.get(KINDS[plan.home[i]])?.push(placed(i, 'home'));
    for (const g of guestKinds(plan, i)) byKind.get(g)?.push(placed(i, 'guest'));
  }

  for (const kind of KINDS) {
    const slots = byKind.get(kind) ?? [];
    const base = slots.length;
    if (base === 0) continue;
    const dups = rng.round(base * opts.duplicateRate);
    for (let n = 0; n < dups; n++) {
      const original = slots[rng.int(0, base - 1)];
      const dup = placed(original.entity, 'in_file_duplicate');
      dup.tag = kind === 'regional' && rng.chance(0.5) ? 1 : 0;
      slots.push(dup);
    }
    const bads = rng.round((base + dups) * opts.badRate);
    for (let n = 0; n < bads; n++) {
      const template = slots[rng.int(0, base - 1)];
      const reject = rng.weighted<RejectClass>([['missing_name', 0.4], ['wrong_type', 0.3], ['unknown_location', 0.3]]);
      const bad = placed(template.entity, 'bad');
      bad.reject = reject;
      if (reject === 'unknown_location') {
        bad.foreign = rng.int(0, FOREIGN_PLACES.length - 1);
        bad.countyRank = ranks.county.get(FOREIGN_PLACES[bad.foreign].county) ?? 0;
        bad.constituencyRank = 0;
      }
      slots.push(bad);
    }
    slots.sort(compareSlots(NESTED.has(kind)));
  }
  return byKind;
}
