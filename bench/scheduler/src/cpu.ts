import { processCpuMs } from '@tskube/processes';

/**
 * CPU ms of named processes (and of this one, as `bench`) between two samples: `sample()`
 * first, `since(earlier)` later. A process tracked after the first sample counts from 0; one
 * that is gone (or never started) reads NaN, so its delta is NaN rather than a made-up figure.
 */
export class CpuMeter {
  private readonly pids: Record<string, number | undefined>;

  constructor(pids: Record<string, number | undefined>) {
    this.pids = { ...pids };
  }

  /** Adds (or replaces) a process to sample from now on. */
  track(name: string, pid: number | undefined): void {
    this.pids[name] = pid;
  }

  sample(): Record<string, number> {
    const own = process.cpuUsage();
    const out: Record<string, number> = { bench: (own.user + own.system) / 1000 };
    for (const [name, pid] of Object.entries(this.pids)) out[name] = processCpuMs(pid);
    return out;
  }

  /** Per-name CPU ms used since `earlier` (a previous {@link sample}). */
  since(earlier: Record<string, number>): Record<string, number> {
    const now = this.sample();
    return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - (earlier[k] ?? 0)]));
  }
}
