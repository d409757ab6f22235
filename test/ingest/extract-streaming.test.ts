// Large deliveries are read record by record: heap growth stays far below the file's size.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractRecords } from '../../src/ingest/extract/extract-records.js';

const MB = 1024 * 1024;

function facility(index: number) {
  return {
    name: `Facility number ${index} Health Centre`,
    mfl_code: String(10_000 + index),
    facility_type: 'Health Centre',
    ownership: 'Ministry of Health',
    ward: 'Kilimani',
    status: 'Operational',
    services: ['Post-rape care', 'PEP', 'Counselling', 'HIV testing'],
    contacts: { phone: '020 2726300', alt_phone: '0709 854000', email: `info${index}@example.org` },
    gps: { lat: -1.301, lng: 36.8073 },
  };
}

/** Writes `pieces` to a file, minding backpressure, until it holds about `targetBytes`. */
async function writeFile(file: string, targetBytes: number, piece: (index: number) => string, head = '', tail = '') {
  const out = createWriteStream(file);
  let written = 0;
  let count = 0;
  out.write(head);
  while (written < targetBytes) {
    const text = piece(count);
    count += 1;
    written += text.length;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end(tail);
  await once(out, 'finish');
  return count;
}

/** Counts the records, sampling how far the heap grows above where it started. */
async function readAll(file: string, format: 'json' | 'ndjson') {
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let count = 0;
  for await (const record of extractRecords(file, { kind: 'regional', format, fileName: path.basename(file) })) {
    if (typeof record.payload !== 'object') throw new Error(`record ${record.pointer} is not an object`);
    count += 1;
    if (count % 2_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  return { count, heapGrowth: peak - baseline };
}

describe('streaming a large delivery', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gvrc-streaming-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a 50 MB NDJSON file with bounded heap growth', { timeout: 15_000 }, async () => {
    const file = path.join(dir, 'regional.ndjson');
    const context = { county: 'Nairobi', sub_county: 'Westlands' };
    const lines = await writeFile(file, 50 * MB, (index) => `${JSON.stringify({ ...context, ...facility(index) })}\n`);
    expect((await stat(file)).size).toBeGreaterThan(50 * MB);

    const { count, heapGrowth } = await readAll(file, 'ndjson');
    expect(count).toBe(lines);
    expect(heapGrowth).toBeLessThan(100 * MB);
  });

  it('reads a 30 MB nested JSON file with bounded heap growth', { timeout: 15_000 }, async () => {
    const file = path.join(dir, 'regional.json');
    const perSubCounty = 500;
    const facilities = await writeFile(
      file,
      30 * MB,
      (index) => {
        const opening = index % perSubCounty === 0 ? `${index === 0 ? '' : ']},'}{"name": "Sub-county ${index / perSubCounty}", "facilities": [` : ',';
        return `${opening}${JSON.stringify(facility(index))}`;
      },
      '{"source": "regional", "regions": [{"county": "Nairobi", "sub_counties": [',
      ']}]}]}',
    );

    const { count, heapGrowth } = await readAll(file, 'json');
    expect(count).toBe(facilities);
    expect(heapGrowth).toBeLessThan(100 * MB);
  });
});
