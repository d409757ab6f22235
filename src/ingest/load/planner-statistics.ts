// Keeps PostgreSQL's planner statistics in step with a registry that an import is growing.
//
// Every batch looks the registry up with lists: its block keys probed in FacilityBlockKey, `id =
// ANY($1)` over Facility, the source keys joined to SourceRecord. The planner sizes those from
// the statistics of the last ANALYZE. A first import grows these tables from nothing inside one
// transaction per source, where autovacuum cannot see the rows, so the planner keeps believing
// the tables are as they were and reads whole tables where an index would find a few rows
// (measured at 200k: a parallel sequential scan per batch over 743k block keys, bench/RESULTS.md).
// ANALYZE inside the transaction counts the transaction's own new rows, so refreshing the
// statistics as the run doubles in size (1k, 2k, 4k … records) keeps the plans right at a
// logarithmic cost.
import type { Sql } from '../../db/database.js';

/**
 * The tables whose lookups a batch plans, and the columns those lookups filter and join on.
 * Only these are analysed: statistics of the other columns (names, addresses, the raw and
 * normalised documents) cost most of a full ANALYZE (3.5 times as long at 50k) and no batch
 * plan reads them. Autovacuum analyses whole tables once the import has committed.
 */
const TABLES = [
  '"Facility" (id, "isActive", "mflCode", "stationCode", "branchCode", "registrationNumber")',
  '"FacilityBlockKey" (key, "facilityId")',
  '"SourceRecord" (kind, "sourceKey", "facilityId", "importSourceId")',
  '"Contact" ("facilityId", type)',
  // A rebuild deletes the children of the facilities it rebuilds by "facilityId"; without
  // statistics for it, PostgreSQL's default guess for a list of a few hundred ids is most of
  // the table, and it scanned all of it for every batch.
  '"FacilityService" ("facilityId")',
  '"ContactPerson" ("facilityId")',
];

/** Records loaded before the first refresh; below this the plans do not matter. */
export const FIRST_REFRESH_AFTER = 1000;

/**
 * How long to wait for a table's ANALYZE lock. Another session analysing the same table (a
 * concurrent import, autovacuum) holds it; waiting would stall this import behind it, and the
 * next doubling tries again.
 */
const LOCK_TIMEOUT = '200ms';

export class PlannerStatistics {
  private loaded = 0;
  private nextRefresh = FIRST_REFRESH_AFTER;

  /** Refreshes made so far (skipped ones not counted). */
  refreshes = 0;

  /** Counts the batch's records, and analyses the growing tables when the run has doubled. */
  async afterBatch(sql: Sql, records: number): Promise<void> {
    this.loaded += records;
    if (this.loaded < this.nextRefresh) return;
    this.nextRefresh = this.loaded * 2;
    if (await analyse(sql)) this.refreshes += 1;
  }
}

/** False when the lock was not to be had. */
async function analyse(sql: Sql): Promise<boolean> {
  try {
    // A savepoint of its own: a lock timeout must not abort the import's transaction.
    await sql.transaction(async (tx) => {
      const previous = await tx.query<{ timeout: string }>(`SELECT current_setting('lock_timeout') AS timeout`);
      await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [LOCK_TIMEOUT]);
      await tx.query(`ANALYZE ${TABLES.join(', ')}`);
      await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [previous.rows[0].timeout]);
    });
    return true;
  } catch (error) {
    if (!isLockTimeout(error)) throw error;
    return false;
  }
}

function isLockTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '55P03';
}
