// The review queue through the API: candidates with their explanation, a reviewer's decision,
// and undoing a merge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/security/principal.js';
import { runImport, sampleSources } from '../support/imports.js';
import {
  DuplicateQueueDocument,
  FacilityByCodeDocument,
  ResolveDuplicateDocument,
  UnmergeFacilityDocument,
} from './generated/graphql.js';
import { startApi, type TestApi } from './harness.js';

const engineer: Principal = { kind: 'apiKey', keyId: 'key-1', name: 'reviewer', role: 'DATA_ENGINEER', via: 'apiKey' };
let api: TestApi;

beforeAll(async () => {
  api = await startApi({ principal: engineer });
  await runImport(api.db, sampleSources());
});
afterAll(() => api?.close());

async function openCandidate(a: string, b: string, score: number) {
  const [fa, fb] = await Promise.all([a, b].map((name) => api.db.prisma.facility.findFirstOrThrow({ where: { name, isActive: true } })));
  const [x, y] = [fa, fb].sort((p, q) => (p.id < q.id ? -1 : 1));
  return api.db.prisma.duplicateCandidate.create({
    data: { facilityAId: x.id, facilityBId: y.id, score, features: { name: 0.81, type: 1, distanceKm: 0.4, sharedPhone: false } },
  });
}

describe('the duplicate review API', () => {
  it('lists open candidates highest score first, with both facilities and the explanation', async () => {
    await openCandidate('Ngei Health Centre', 'Ngei Dispensary', 0.7);
    await openCandidate('Kapchemutwa Health Centre', 'Kapchemutwa Dispensary', 0.6);
    const { duplicateCandidates } = await api.data(DuplicateQueueDocument, { status: 'OPEN' });
    const nodes = duplicateCandidates!.edges.map((e) => e.node);
    expect(nodes.map((n) => n.score)).toEqual([0.7, 0.6]);
    expect(nodes[0].facilities.map((f) => f.name).sort()).toEqual(['Ngei Dispensary', 'Ngei Health Centre']);
    expect(nodes[0].explanation).toMatchObject({ nameSimilarity: 0.81, distanceKm: 0.4, sharedPhone: false });
    const { duplicateCandidates: above } = await api.data(DuplicateQueueDocument, { status: 'OPEN', minScore: 0.65 });
    expect(above!.edges).toHaveLength(1);
  });

  it('MERGE with a chosen survivor merges, records the reviewer, and the merged code resolves to the survivor', async () => {
    const { duplicateCandidates } = await api.data(DuplicateQueueDocument, { status: 'OPEN', minScore: 0.65 });
    const candidate = duplicateCandidates!.edges[0].node;
    const survivor = candidate.facilities.find((f) => f.name === 'Ngei Health Centre')!;
    const merged = candidate.facilities.find((f) => f.name === 'Ngei Dispensary')!;
    const { resolveDuplicate } = await api.data(ResolveDuplicateDocument, { input: { candidateId: candidate.id, decision: 'MERGE', survivorId: survivor.id } });
    expect(resolveDuplicate).toMatchObject({ status: 'MERGED', decidedBy: 'apiKey:key-1' });
    const { facilityByCode } = await api.data(FacilityByCodeDocument, { code: merged.code });
    expect(facilityByCode).toMatchObject({ code: survivor.code, resolvedFromCode: merged.code });
  });

  it('resolving the same candidate again is an ALREADY_RESOLVED error', async () => {
    const { duplicateCandidates } = await api.data(DuplicateQueueDocument, { status: 'MERGED' });
    const [error] = await api.errors(ResolveDuplicateDocument, { input: { candidateId: duplicateCandidates!.edges[0].node.id, decision: 'NOT_DUPLICATE' } });
    expect(error.extensions?.code).toBe('ALREADY_RESOLVED');
  });

  it('unmergeFacility brings the merged facility back', async () => {
    const { duplicateCandidates } = await api.data(DuplicateQueueDocument, { status: 'MERGED' });
    const merged = duplicateCandidates!.edges[0].node.facilities.find((f) => f.name === 'Ngei Dispensary')!;
    const { unmergeFacility } = await api.data(UnmergeFacilityDocument, { id: merged.id });
    expect(unmergeFacility).toMatchObject({ code: merged.code, isActive: true });
  });

  it('NOT_DUPLICATE closes the candidate', async () => {
    const { duplicateCandidates } = await api.data(DuplicateQueueDocument, { status: 'OPEN' });
    const candidate = duplicateCandidates!.edges[0].node;
    const { resolveDuplicate } = await api.data(ResolveDuplicateDocument, { input: { candidateId: candidate.id, decision: 'NOT_DUPLICATE' } });
    expect(resolveDuplicate!.status).toBe('NOT_DUPLICATE');
  });

  it('an unknown candidate id is NOT_FOUND, a malformed one BAD_USER_INPUT', async () => {
    const [missing] = await api.errors(ResolveDuplicateDocument, { input: { candidateId: '00000000-0000-4000-8000-000000000000', decision: 'MERGE' } });
    expect(missing.extensions?.code).toBe('NOT_FOUND');
    const [malformed] = await api.errors(ResolveDuplicateDocument, { input: { candidateId: 'nope', decision: 'MERGE' } });
    expect(malformed.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
