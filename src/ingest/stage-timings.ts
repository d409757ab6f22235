// Where an import spends its time, stage by stage, for the ingest benchmark and the logs.
export type Stage = 'extract' | 'process' | 'match' | 'load' | 'report';

export class StageTimings {
  readonly ms: Record<Stage, number> = { extract: 0, process: 0, match: 0, load: 0, report: 0 };

  add(stage: Stage, since: number): number {
    const now = performance.now();
    this.ms[stage] += now - since;
    return now;
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
