// Data quality of one import, accumulated record by record so that a 200,000-record delivery
// needs no second pass: outcome counts, issues by code, completeness and geography resolution
// among the accepted records.
import type { RecordIssue, RecordOutcome, RecordResult } from '../record.js';

export type OutcomeCounts = Record<RecordOutcome, number>;

export const emptyCounts = (): OutcomeCounts => ({ INSERTED: 0, UPDATED: 0, UNCHANGED: 0, MERGED: 0, FLAGGED: 0, REJECTED: 0 });

export function addCounts(a: OutcomeCounts, b: Partial<OutcomeCounts>): OutcomeCounts {
  const out = { ...a };
  for (const [k, v] of Object.entries(b) as [RecordOutcome, number][]) out[k] += v ?? 0;
  return out;
}

const FIELDS = ['constituency', 'ward', 'coordinates', 'phone', 'email', 'services', 'identifier'] as const;
type Field = (typeof FIELDS)[number];

export interface RunQualityReport {
  records: number;
  accepted: number;
  outcomes: OutcomeCounts;
  issuesByCode: Record<string, number>;
  /** Share of accepted records that have each field. */
  completeness: Record<Field, number>;
  /** Share of accepted records placed at each level (every accepted record has a county). */
  geographyResolution: { county: number; constituency: number; ward: number };
  /** Share of accepted records that loaded without a single warning. */
  validity: number;
}

export class RunQuality {
  private records = 0;
  private accepted = 0;
  private clean = 0;
  private outcomes = emptyCounts();
  private issues: Record<string, number> = {};
  private present: Record<Field, number> = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;

  addResult(result: RecordResult, outcome: RecordOutcome): void {
    this.records += 1;
    this.outcomes[outcome] += 1;
    if (!result.ok) return;
    this.accepted += 1;
    const r = result.record;
    if (r.issues.length === 0) this.clean += 1;
    const has: Record<Field, boolean> = {
      constituency: Boolean(r.geography.constituencyCode),
      ward: Boolean(r.geography.wardCode),
      coordinates: Boolean(r.location),
      phone: r.contacts.some((c) => c.type === 'PHONE' || c.type === 'HOTLINE'),
      email: r.contacts.some((c) => c.type === 'EMAIL'),
      services: r.services.length > 0,
      identifier: Object.values(r.identifiers).some(Boolean),
    };
    for (const f of FIELDS) if (has[f]) this.present[f] += 1;
  }

  addIssues(issues: RecordIssue[]): void {
    for (const i of issues) this.issues[i.code] = (this.issues[i.code] ?? 0) + 1;
  }

  report(): RunQualityReport {
    const share = (n: number) => (this.accepted ? Math.round((n / this.accepted) * 1000) / 1000 : 0);
    return {
      records: this.records,
      accepted: this.accepted,
      outcomes: this.outcomes,
      issuesByCode: this.issues,
      completeness: Object.fromEntries(FIELDS.map((f) => [f, share(this.present[f])])) as Record<Field, number>,
      geographyResolution: { county: this.accepted ? 1 : 0, constituency: share(this.present.constituency), ward: share(this.present.ward) },
      validity: share(this.clean),
    };
  }
}

/** Combines per-source reports into the run's. */
export function mergeReports(reports: RunQualityReport[]): RunQualityReport {
  const accepted = reports.reduce((s, r) => s + r.accepted, 0);
  const weighted = (pick: (r: RunQualityReport) => number) =>
    accepted ? Math.round((reports.reduce((s, r) => s + pick(r) * r.accepted, 0) / accepted) * 1000) / 1000 : 0;
  const issuesByCode: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.issuesByCode)) issuesByCode[k] = (issuesByCode[k] ?? 0) + v;
  return {
    records: reports.reduce((s, r) => s + r.records, 0),
    accepted,
    outcomes: reports.reduce((s, r) => addCounts(s, r.outcomes), emptyCounts()),
    issuesByCode,
    completeness: Object.fromEntries(FIELDS.map((f) => [f, weighted((r) => r.completeness[f])])) as Record<Field, number>,
    geographyResolution: {
      county: accepted ? 1 : 0,
      constituency: weighted((r) => r.geographyResolution.constituency),
      ward: weighted((r) => r.geographyResolution.ward),
    },
    validity: weighted((r) => r.validity),
  };
}
