import { readFile, statfs } from 'node:fs/promises';
import { parseQuantity } from '@tskube/api-types';
import type { FsStats } from './runtime/runtime';

/**
 * Node pressure from real readings (upstream eviction manager's signals and thresholds, used
 * here for the node conditions only: tskube does not evict pods). Signals:
 * `memory.available` (MemAvailable of /proc/meminfo; upstream uses capacity − the root
 * cgroup's working set), `nodefs.available` / `nodefs.inodesFree` (statfs of `--root-dir`),
 * `imagefs.available` / `imagefs.inodesFree` (statfs of Docker's data root) and
 * `pid.available` (`/proc/sys/kernel/pid_max` − tasks running, from /proc/loadavg).
 */
export type Signal = 'memory.available' | 'nodefs.available' | 'nodefs.inodesFree' | 'imagefs.available' | 'imagefs.inodesFree' | 'pid.available';
const SIGNALS: readonly Signal[] = ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available'];

/** One `--eviction-hard` entry: available below `quantity` (absolute) or `percent` of capacity. */
export interface Threshold {
  signal: Signal;
  quantity?: number;
  percent?: number;
}

/** Upstream's default `--eviction-hard` on Linux. */
export const DEFAULT_EVICTION_HARD = 'memory.available<100Mi,nodefs.available<10%,nodefs.inodesFree<5%,imagefs.available<15%';

/** Parses `--eviction-hard` (`signal<value` pairs, comma separated); throws with a flag-style message. */
export function parseEvictionHard(s: string): Threshold[] {
  const out: Threshold[] = [];
  for (const part of s.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^([a-zA-Z.]+)<(.+)$/.exec(part);
    if (!m) throw new Error(`invalid eviction threshold "${part}": want signal<value`);
    const signal = m[1] as Signal;
    if (!SIGNALS.includes(signal)) throw new Error(`unsupported eviction signal "${m[1]}"`);
    const v = m[2]!.trim();
    if (v.endsWith('%')) {
      const percent = Number(v.slice(0, -1));
      if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new Error(`invalid percentage in "${part}"`);
      out.push({ signal, percent });
    } else {
      out.push({ signal, quantity: parseQuantity(v) });
    }
  }
  return out;
}

/** Available and capacity per signal (bytes, inodes or pids); missing = unknown (never pressure). */
export type Observations = Partial<Record<Signal, { available: number; capacity: number }>>;

/** `MemTotal` and `MemAvailable` of /proc/meminfo, in bytes. */
export function parseMeminfo(text: string): { total: number; available: number } | undefined {
  const kb = (key: string): number | undefined => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s*kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const total = kb('MemTotal');
  const available = kb('MemAvailable') ?? kb('MemFree');
  return total !== undefined && available !== undefined ? { total, available } : undefined;
}

/** Tasks (threads) that exist, from /proc/loadavg's `running/total` field. */
export function parseLoadavgTasks(text: string): number | undefined {
  const m = /^\S+ \S+ \S+ \d+\/(\d+) /.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Which conditions are under pressure for these observations. */
export interface NodePressure {
  memory: boolean;
  disk: boolean;
  pid: boolean;
}

/** Whether one threshold is crossed (available below it). */
function crossed(t: Threshold, obs: Observations): boolean {
  const o = obs[t.signal];
  if (!o || o.capacity <= 0) return false;
  const limit = t.percent !== undefined ? (o.capacity * t.percent) / 100 : (t.quantity ?? 0);
  return o.available < limit;
}

/** Pressure from observations and thresholds (memory, then nodefs/imagefs → disk, pid). */
export function evaluatePressure(thresholds: readonly Threshold[], obs: Observations): NodePressure {
  const any = (prefixes: string[]): boolean => thresholds.some((t) => prefixes.some((p) => t.signal.startsWith(p)) && crossed(t, obs));
  return { memory: any(['memory.']), disk: any(['nodefs.', 'imagefs.']), pid: any(['pid.']) };
}

/**
 * Reads the observations from the host. `imageFs` is the runtime's image filesystem (omitted
 * when the runtime cannot tell, e.g. hollow nodes, where it is not read at all).
 */
export async function observe(rootDir: string, imageFs?: () => Promise<FsStats>): Promise<Observations> {
  const obs: Observations = {};
  const mem = parseMeminfo(await readFile('/proc/meminfo', 'utf8').catch(() => ''));
  if (mem) obs['memory.available'] = { available: mem.available, capacity: mem.total };
  const fs = await statfs(rootDir).catch(() => statfs('/')).catch(() => undefined);
  if (fs) {
    obs['nodefs.available'] = { available: fs.bavail * fs.bsize, capacity: fs.blocks * fs.bsize };
    if (fs.files > 0) obs['nodefs.inodesFree'] = { available: fs.ffree, capacity: fs.files };
  }
  const img = imageFs ? await imageFs().catch(() => undefined) : undefined;
  if (img) {
    obs['imagefs.available'] = { available: img.availableBytes, capacity: img.capacityBytes };
    if (img.inodes && img.inodesFree !== undefined) obs['imagefs.inodesFree'] = { available: img.inodesFree, capacity: img.inodes };
  }
  const pidMax = Number((await readFile('/proc/sys/kernel/pid_max', 'utf8').catch(() => '')).trim());
  const tasks = parseLoadavgTasks(await readFile('/proc/loadavg', 'utf8').catch(() => ''));
  if (pidMax > 0 && tasks !== undefined) obs['pid.available'] = { available: pidMax - tasks, capacity: pidMax };
  return obs;
}

/**
 * Holds a condition under pressure for `transitionMs` after it was last observed (upstream
 * `--eviction-pressure-transition-period`, 5m), so the node does not flap.
 */
export class PressureTracker {
  private readonly last: Partial<Record<keyof NodePressure, number>> = {};
  constructor(
    private readonly transitionMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  update(p: NodePressure): NodePressure {
    const t = this.now();
    const out: NodePressure = { memory: false, disk: false, pid: false };
    for (const k of ['memory', 'disk', 'pid'] as const) {
      if (p[k]) this.last[k] = t;
      const seen = this.last[k];
      out[k] = p[k] || (seen !== undefined && t - seen < this.transitionMs);
    }
    return out;
  }
}
