// The stored records a steward's teaching may change: rejected records not yet loaded by an
// earlier reprocessing, and the latest record of each key that named a service the registry did
// not know. Each is read again from its delivered file (so it inherits its parent fields, as on
// the first read), or, if that file is gone or no longer holds the same record, from its stored
// payload alone.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Sql } from '../../db/database.js';
import type { PersonalDataCipher } from '../../security/personal-data-cipher.js';
import { extractRecords } from '../extract/extract-records.js';
import { revealPayload } from '../load/protect-payload.js';
import { canonicalJson } from '../normalise/identity.js';
import type { RawRecord, SourceKind } from '../record.js';
import { describeSource } from '../source-kind.js';

export type StoredReason = 'REJECTED' | 'UNKNOWN_SERVICE';

export interface StoredRecord {
  id: string;
  /** The record as first delivered: a record loaded by reprocessing points back to it. */
  originId: string;
  reason: StoredReason;
  kind: SourceKind;
  fileName: string;
  pointer: string;
  sourceKey: string;
  contentHash: string;
  payload: unknown;
  storedPath: string;
}

/** `runId`: only records first delivered by that run; all runs when absent. */
export async function recordsToReprocess(sql: Sql, runId: string | null): Promise<StoredRecord[]> {
  const columns = `sr.id, COALESCE(sr."reprocessedFromId", sr.id) AS "originId", sr.kind::text AS kind, sr."fileName", sr.pointer,
                   sr."sourceKey", sr."contentHash", sr.payload, s."storedPath"`;
  const r = await sql.query<StoredRecord>(
    `SELECT ${columns}, 'REJECTED' AS reason
       FROM "SourceRecord" sr JOIN "ImportSource" s ON s.id = sr."importSourceId"
      WHERE sr.outcome = 'REJECTED' AND ($1::uuid IS NULL OR sr."importRunId" = $1::uuid)
        -- loaded by an earlier reprocessing: done
        AND NOT EXISTS (SELECT 1 FROM "SourceRecord" x WHERE x."reprocessedFromId" = sr.id)
        -- the same place of the same file delivered again since: the newer delivery speaks
        AND NOT EXISTS (SELECT 1 FROM "SourceRecord" z WHERE z.kind = sr.kind AND z."fileName" = sr."fileName"
                          AND z.pointer = sr.pointer AND z."createdAt" > sr."createdAt" AND z."reprocessedFromId" IS NULL)
     UNION ALL
     SELECT ${columns}, 'UNKNOWN_SERVICE' AS reason
       FROM "SourceRecord" sr JOIN "ImportSource" s ON s.id = sr."importSourceId"
      WHERE sr.outcome <> 'REJECTED' AND sr."facilityId" IS NOT NULL
        AND EXISTS (SELECT 1 FROM "RecordIssue" i WHERE i."importRunId" = sr."importRunId" AND i.code = 'UNKNOWN_SERVICE'
                      AND i."importSourceId" = sr."importSourceId" AND i.pointer = sr.pointer)
        -- only the key's latest record describes the facility as it is now
        AND NOT EXISTS (SELECT 1 FROM "SourceRecord" y WHERE y.kind = sr.kind AND y."sourceKey" = sr."sourceKey" AND y."createdAt" > sr."createdAt")
        AND ($1::uuid IS NULL OR sr."importRunId" = $1::uuid
             OR EXISTS (SELECT 1 FROM "SourceRecord" o WHERE o.id = sr."reprocessedFromId" AND o."importRunId" = $1::uuid))
      ORDER BY "fileName", pointer`,
    [runId],
  );
  return r.rows;
}

/** Each stored record as the extract stage would yield it now, keyed by the stored record's id. */
export async function readAgain(records: readonly StoredRecord[], cipher: PersonalDataCipher): Promise<Map<string, RawRecord>> {
  const byFile = new Map<string, StoredRecord[]>();
  for (const record of records) {
    const file = `${record.kind}\u0000${record.storedPath}\u0000${record.fileName}`;
    byFile.set(file, [...(byFile.get(file) ?? []), record]);
  }
  const raws = new Map<string, RawRecord>();
  for (const group of byFile.values()) {
    const delivered = await fromFile(group[0], new Set(group.map((r) => r.pointer)));
    for (const record of group) {
      const payload = revealPayload(record.payload, cipher, true);
      const again = delivered.get(record.pointer);
      // The file at that path may have been replaced by a later delivery: only the same record counts.
      raws.set(
        record.id,
        again && canonicalJson(again.payload) === canonicalJson(payload)
          ? again
          : { kind: record.kind, fileName: record.fileName, pointer: record.pointer, payload, context: {} },
      );
    }
  }
  return raws;
}

async function fromFile(first: StoredRecord, pointers: Set<string>): Promise<Map<string, RawRecord>> {
  const found = new Map<string, RawRecord>();
  const described = describeSource(first.fileName, { kind: first.kind });
  if (!described.ok || !(await readable(first.storedPath))) return found;
  try {
    for await (const raw of extractRecords(createReadStream(first.storedPath), described.source)) {
      if (pointers.has(raw.pointer)) found.set(raw.pointer, raw);
    }
  } catch {
    // A file that no longer parses is no lineage to read from: the stored payloads stand in.
    found.clear();
  }
  return found;
}

async function readable(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
