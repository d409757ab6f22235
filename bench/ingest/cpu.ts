// CPU time on both sides of the connection during an import: this Node process
// (process.cpuUsage) and the PostgreSQL backends serving the benchmark's database (read from
// /proc when the server runs on this machine, as in the benchmark setup; absent otherwise).
// On a 2-core machine, wall time near node + postgres means the two sides take turns; wall
// time near the larger of the two means they overlap. Not counted: parallel query workers (their
// process titles do not name the database, and they live for one query) and the server's shared
// processes (WAL writer, checkpointer, autovacuum), so the postgres figure is a lower bound.
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuFigures {
  nodeMs: number;
  /** Backends of the database, summed (not their parallel workers); null when they cannot be seen (remote server, no /proc). */
  postgresMs: number | null;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

export class CpuMeter {
  private readonly startedNode = process.cpuUsage();
  /** CPU ms per backend pid: first and latest reading (pool connections come and go). */
  private readonly backends = new Map<number, { first: number; last: number }>();
  private readonly timer?: NodeJS.Timeout;
  private readonly visible: boolean;

  constructor(private readonly database: string | undefined) {
    this.visible = Boolean(database) && process.platform === 'linux';
    if (this.visible) {
      this.sample(true);
      this.timer = setInterval(() => this.sample(false), 250);
      this.timer.unref();
    }
  }

  stop(): CpuFigures {
    if (this.timer) clearInterval(this.timer);
    if (this.visible) this.sample(false);
    const node = process.cpuUsage(this.startedNode);
    let pg = 0;
    for (const b of this.backends.values()) pg += b.last - b.first;
    return { nodeMs: (node.user + node.system) / 1000, postgresMs: this.visible && this.backends.size > 0 ? pg : null };
  }

  /** `initial`: backends already running count from now; any found later started during the import. */
  private sample(initial: boolean): void {
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
    } catch {
      return;
    }
    for (const pid of pids) {
      try {
        // Backend titles read "postgres: 15/main: <user> <database> <client> <state>".
        const title = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
        if (!title.startsWith('postgres: ') || !title.includes(` ${this.database} `)) continue;
        const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
        const seen = this.backends.get(Number(pid));
        if (seen) seen.last = ms;
        else this.backends.set(Number(pid), { first: initial ? ms : 0, last: ms });
      } catch {
        // The process ended between listing and reading.
      }
    }
  }
}
