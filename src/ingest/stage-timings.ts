// Where an import spends its time, stage by stage, for the ingest benchmark and the logs.
export type Stage = 'extract' | 'process' | 'match' | 'load' | 'report';

export class StageTimings {
  readonly ms: Record<Stage, number> = { extract: 0, process: 0, match: 0, load: 0, report: 0 };
  /**
   * Part of `match`: reading the registry facilities that share a block key with the batch's
   * records, and their features. What grows with the registry, so it is kept apart.
   */
  readonly candidates = { ms: 0, read: 0 };

  add(stage: Stage, since: number): number {
    const now = performance.now();
    this.ms[stage] += now - since;
    return now;
  }

  addCandidates(since: number, read: number): void {
    this.candidates.ms += performance.now() - since;
    this.candidates.read += read;
  }

  async time<T>(stage: Stage, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(stage, started);
    }
  }
}
