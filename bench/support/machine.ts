// What the figures were measured on, recorded with every benchmark result.
import os from 'node:os';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  node: string;
  platform: string;
  postgres?: string;
  /** 1-minute load average when the measurements started and ended: how busy the shared machine was. */
  loadAverage?: { start: number; end: number };
}

export function machine(postgres?: string): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    ...(postgres ? { postgres } : {}),
  };
}
