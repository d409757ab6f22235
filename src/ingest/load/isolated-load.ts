// Loads a batch so that a record whose writes fail cannot take the batch (or the source) with
// it: each batch runs in a savepoint; when it fails, it is split in halves and each half tried
// again, down to the single records that fail, which are marked and left out. A batch with no
// failing record costs one savepoint; one failing record costs about 2·log2(batch) retries.
import type { Sql } from '../../db/database.js';
import { recordFailure } from '../failures/record-failure.js';
import { isTransientFailure } from '../failures/transient.js';
import { SourceParseError } from '../extract/source-parse-error.js';
import type { RecordOutcome } from '../record.js';
import { loadBatch, type BatchItem, type LoadContext } from './load-batch.js';

/**
 * The batch's outcomes. A record that could not be loaded has its `result` replaced, in place,
 * by a RECORD_FAILED rejection, so the caller counts and reports it like any other rejection.
 */
export async function loadIsolated(ctx: LoadContext, items: BatchItem[]): Promise<RecordOutcome[]> {
  try {
    return await ctx.sql.transaction((tx) => loadBatch({ ...ctx, sql: tx }, items));
  } catch (error) {
    // A lost connection or a deadlock is the run's to retry, not a record's fault.
    if (isTransientFailure(error) || error instanceof SourceParseError) throw error;
    // Features read or changed by the rolled-back part may describe facilities that do not exist.
    ctx.state.features.clear();
    if (items.length > 1) {
      const half = Math.ceil(items.length / 2);
      return [...(await loadIsolated(ctx, items.slice(0, half))), ...(await loadIsolated(ctx, items.slice(half)))];
    }
    const [item] = items;
    item.result = recordFailure(item.raw, 'load', error);
    // The rejection is recorded like any other (its SourceRecord row keeps the payload), unless
    // even that cannot be stored: then the issue alone says what happened to the record.
    try {
      return await ctx.sql.transaction((tx) => loadBatch({ ...ctx, sql: tx, injectFault: undefined }, items));
    } catch (again) {
      if (isTransientFailure(again)) throw again;
      return ['REJECTED'];
    }
  }
}
