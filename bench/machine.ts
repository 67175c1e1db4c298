import { arch, cpus, loadavg, release, totalmem, type } from 'node:os';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
}

export function describeMachine(): Machine {
  const processors = cpus();
  return {
    cpu: `${processors[0]?.model.trim() ?? 'unknown'}${processors[0]?.speed ? ` @ ${processors[0].speed} MHz` : ''}`,
    cores: processors.length,
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    os: `${type()} ${release()} ${arch()}`,
  };
}

/** The 1-minute load average: other work on the machine slows every wall-time figure. */
export const loadAverage = () => loadavg()[0] ?? 0;
