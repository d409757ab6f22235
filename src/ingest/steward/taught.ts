// What data stewards have taught the registry (PlaceAlias, ServiceSynonym), read at the start of
// every import and reprocessing so that a spelling fixed once is known from then on.
import type { Sql } from '../../db/database.js';
import type { GazetteerAlias } from '../geography/types.js';
import type { ProcessDependencies } from '../process-record.js';
import { isServiceKey } from '../services/taxonomy.js';
import { SHIPPED_VOCABULARY, type TaughtSynonym } from '../services/vocabulary.js';

export interface Taught {
  aliases: GazetteerAlias[];
  synonyms: TaughtSynonym[];
}

export async function readTaught(sql: Sql): Promise<Taught> {
  const aliases = await sql.query<GazetteerAlias>(`SELECT level::text AS level, text AS alias, "entityCode" FROM "PlaceAlias" ORDER BY id`);
  const synonyms = await sql.query<{ text: string; serviceKey: string }>(`SELECT text, "serviceKey" FROM "ServiceSynonym" ORDER BY id`);
  return {
    aliases: aliases.rows,
    // A key dropped from the taxonomy since would map nowhere: such rows are ignored, not fatal.
    synonyms: synonyms.rows.flatMap(({ text, serviceKey }) => (isServiceKey(serviceKey) ? [{ text, serviceKey }] : [])),
  };
}

/** The pipeline's dependencies, knowing what was taught as well as what was shipped. */
export function withTaught(
  deps: Pick<ProcessDependencies, 'geography' | 'vocabulary'>,
  taught: Taught,
): Pick<ProcessDependencies, 'geography' | 'vocabulary'> {
  return {
    geography: deps.geography.withAliases?.(taught.aliases) ?? deps.geography,
    vocabulary: (deps.vocabulary ?? SHIPPED_VOCABULARY).with(taught.synonyms),
  };
}
