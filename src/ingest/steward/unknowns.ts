// What the registry still does not know, grouped by the text partners wrote, most records first,
// so a steward fixes the biggest first: the county names that keep records out, and the service
// names that are left off facilities. Computed with everything taught so far, over the stored
// records reprocessing would look at, so a text disappears from the list as soon as it is taught.
import type { PersonalDataCipher } from '../../security/personal-data-cipher.js';
import type { Sql } from '../../db/database.js';
import { writtenPlace } from '../geography/resolve.js';
import type { GeographyInput } from '../geography/types.js';
import { mapServices } from '../normalise/services.js';
import { cleanOptionalText } from '../normalise/text.js';
import { keyedDigestWith } from '../normalise/identity.js';
import { processRecord, type ProcessDependencies } from '../process-record.js';
import type { ServiceKey } from '../services/taxonomy.js';
import { serviceLookupKey, SHIPPED_VOCABULARY } from '../services/vocabulary.js';
import { validateRecord } from '../validate/validate-record.js';
import { readAgain, recordsToReprocess } from './stored-records.js';
import { readTaught, withTaught } from './taught.js';

export interface UnknownText {
  /** The text as most often written. */
  text: string;
  /** Distinct stored records that wrote it (any spelling folding to the same form). */
  records: number;
  /** For a service name: the nearest taxonomy keys. */
  nearest: ServiceKey[];
}

export interface Unknowns {
  /** County names (or free-text places) that keep records from being placed. */
  places: UnknownText[];
  services: UnknownText[];
}

/** A record placed nowhere because it names no county at all is listed under this text. */
export const NO_COUNTY = '(no county given)';

export async function stillUnknown(
  deps: { db: { sql: Sql }; cipher: PersonalDataCipher } & Omit<ProcessDependencies, 'keyed'>,
  runId: string | null,
): Promise<Unknowns> {
  const knowing = { ...withTaught(deps, await readTaught(deps.db.sql)), keyed: keyedDigestWith(deps.cipher) };
  const vocabulary = knowing.vocabulary ?? SHIPPED_VOCABULARY;
  const stored = await recordsToReprocess(deps.db.sql, runId);
  const raws = await readAgain(stored, deps.cipher);
  const places = new Tally();
  const services = new Tally();
  // The same delivered record may be stored by several runs; it counts once.
  const seen = new Set<string>();
  for (const record of stored) {
    if (seen.has(record.originId)) continue;
    seen.add(record.originId);
    const raw = raws.get(record.id)!;
    const validated = validateRecord(raw);
    if (!validated.ok) continue; // rejected for what it lacks, not for what we do not know
    const { draft } = validated;
    if (!processRecord(raw, knowing).ok) {
      const written = writtenPlace(cleanedPlace(draft.place));
      const text = written.county ?? NO_COUNTY;
      places.add(text.toLocaleLowerCase(), text, record.originId);
    }
    for (const name of mapServices(draft.services, draft.statedServices, vocabulary).unknown) {
      services.add(serviceLookupKey(name), name, record.originId);
    }
  }
  return {
    places: places.ranked(() => []),
    services: services.ranked((text) => vocabulary.nearest(text)),
  };
}

function cleanedPlace(place: GeographyInput): GeographyInput {
  return { county: cleanOptionalText(place.county), constituency: cleanOptionalText(place.constituency), ward: cleanOptionalText(place.ward), text: cleanOptionalText(place.text) };
}

/** Texts grouped by a folded form, counting distinct records, remembering the commonest spelling. */
class Tally {
  private readonly groups = new Map<string, { records: Set<string>; spellings: Map<string, number> }>();

  add(group: string, text: string, recordId: string): void {
    const entry = this.groups.get(group) ?? { records: new Set<string>(), spellings: new Map<string, number>() };
    entry.records.add(recordId);
    entry.spellings.set(text, (entry.spellings.get(text) ?? 0) + 1);
    this.groups.set(group, entry);
  }

  ranked(nearest: (text: string) => ServiceKey[]): UnknownText[] {
    return [...this.groups.values()]
      .map(({ records, spellings }) => {
        const text = [...spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
        return { text, records: records.size, nearest: nearest(text) };
      })
      .sort((a, b) => b.records - a.records || a.text.localeCompare(b.text));
  }
}
