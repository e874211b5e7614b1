/**
 * CPU time and resident memory of Linux processes read from /proc, for benchmarks that compare
 * runs by CPU spent rather than wall clock (CPU barely depends on what else shares the cores).
 * One reader for every bench: times come from /proc/<pid>/stat, RSS from /proc/<pid>/status.
 *
 * Contract: readers never throw for a process that is unknown (`undefined` pid) or gone; they
 * return NaN ("no reading"), so a delta across an exit shows as NaN rather than a plausible
 * number. Parsers throw on text that is not a stat line.
 */
import { readFileSync } from 'node:fs';

/** Linux USER_HZ: /proc stat times are in ticks of 1/100 s on every ABI node runs on (10 ms resolution). */
const MS_PER_TICK = 1000 / 100;

/** CPU times of one process from its stat line, in ms. */
export interface ProcCpuTimes {
  /** utime (field 14): user-mode CPU of the process itself, all threads. */
  userMs: number;
  /** stime (field 15): kernel-mode CPU of the process itself. */
  systemMs: number;
  /** cutime (field 16): user CPU of children that have exited and been waited for. */
  childUserMs: number;
  /** cstime (field 17): kernel CPU of waited-for children. */
  childSystemMs: number;
}

/**
 * Parses the text of /proc/<pid>/stat. The command name (field 2) may hold spaces and
 * parentheses, so fields are counted after the LAST `)`: the first one after it is field 3.
 * @throws Error when the line is truncated or a time is not a number.
 */
export function parseProcStat(stat: string): ProcCpuTimes {
  const close = stat.lastIndexOf(')');
  const f = close < 0 ? [] : stat.slice(close + 2).split(' ');
  const ticks = [f[11], f[12], f[13], f[14]].map((x) => (x === undefined || x === '' ? NaN : Number(x)));
  if (!ticks.every(Number.isFinite)) throw new Error(`unparseable /proc stat line: ${stat.slice(0, 80)}`);
  const [u = 0, s = 0, cu = 0, cs = 0] = ticks;
  return { userMs: u * MS_PER_TICK, systemMs: s * MS_PER_TICK, childUserMs: cu * MS_PER_TICK, childSystemMs: cs * MS_PER_TICK };
}

/** CPU times of `pid` (or this process as 'self'); undefined when the pid is unknown or gone. */
export function procCpuTimes(pid: number | 'self' | undefined): ProcCpuTimes | undefined {
  if (pid === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return parseProcStat(text);
}

/** CPU (user + system, ms) process `pid` has used so far; NaN when it is unknown or gone. */
export function processCpuMs(pid: number | 'self' | undefined): number {
  const t = procCpuTimes(pid);
  return t ? t.userMs + t.systemMs : NaN;
}

/**
 * CPU (user + system, ms) of the waited-for children of `pid` (default this process); the
 * difference around one child's run is that child's CPU. NaN when the pid is gone.
 */
export function childrenCpuMs(pid: number | 'self' = 'self'): number {
  const t = procCpuTimes(pid);
  return t ? t.childUserMs + t.childSystemMs : NaN;
}

/** VmRSS in MiB from the text of /proc/<pid>/status; NaN when absent (kernel threads, zombies). */
export function parseVmRssMiB(status: string): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Resident set size of `pid` in MiB; NaN when the pid is unknown or gone. */
export function rssMiB(pid: number | 'self' | undefined): number {
  if (pid === undefined) return NaN;
  try {
    return parseVmRssMiB(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return NaN;
  }
}
