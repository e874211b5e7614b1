import { readFileSync } from 'node:fs';

/** Linux USER_HZ: /proc/<pid>/stat times are in clock ticks of 1/100 s on every Linux ABI node runs on. */
const TICKS_PER_SECOND = 100;

/**
 * utime + stime in ms from the text of /proc/<pid>/stat. The command name (field 2) may hold
 * spaces and parentheses, so fields are counted after the last `)`: utime and stime are fields
 * 14 and 15 of the line, i.e. the 12th and 13th after the name.
 */
export function parseStatCpuMs(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unparseable /proc stat line: ${stat.slice(0, 80)}`);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** CPU time (user + system, ms) process `pid` has used so far; 0 once it is gone. */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    return parseStatCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return 0;
  }
}

/**
 * CPU ms of named processes (and of this one, as `bench`) between two samples: `sample()`
 * first, `since(earlier)` later. A process tracked after the first sample counts from 0.
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
