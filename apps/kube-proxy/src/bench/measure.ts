import { readFileSync } from 'node:fs';
import type { Iptables, RestoreInput, RestoreOptions } from '../app/iptables/iptables';
import { isStreamed } from '../app/iptables/iptables';
import type { TableName } from '../app/iptables/save-parser';

/**
 * CPU time (user + system, ms) of this process's children that have been waited for, from
 * `/proc/self/stat` (cutime + cstime, in USER_HZ = 100 ticks per second: 10 ms resolution).
 * The difference around one iptables-restore call is that call's CPU time: unlike wall-clock
 * time it does not grow when other work shares the cores, so in-sync and raw restores can be
 * compared on a loaded machine. (`nsenter --net` execs the command: no extra process.)
 */
export function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
  return (Number(f[13]) + Number(f[14])) * 10; // fields 16 (cutime) and 17 (cstime)
}

/** This process's own CPU time (all threads, GC included), ms. */
export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Wall-clock and CPU time of one measured step. */
export interface Timing {
  wallMs: number;
  /** CPU of the children (iptables processes) during the step. */
  childCpuMs: number;
  /** CPU of this process during the step. */
  ownCpuMs: number;
}

/** Runs `fn`, measuring wall clock, children's and own CPU time. */
export async function timed(fn: () => Promise<void>): Promise<Timing> {
  const c0 = childrenCpuMs();
  const o0 = ownCpuMs();
  const t0 = performance.now();
  await fn();
  return { wallMs: performance.now() - t0, childCpuMs: childrenCpuMs() - c0, ownCpuMs: ownCpuMs() - o0 };
}

const ZERO: Timing = { wallMs: 0, childCpuMs: 0, ownCpuMs: 0 };

const add = (a: Timing, b: Timing): Timing => ({ wallMs: a.wallMs + b.wallMs, childCpuMs: a.childCpuMs + b.childCpuMs, ownCpuMs: a.ownCpuMs + b.ownCpuMs });

/**
 * Passes a streamed input's chunks through, keeping them and timing their production: `spent`
 * gets the sum of every step's timing (the producer's own work, iptables-save's CPU once it is
 * reaped) and the wall time until the first chunk was ready (before it the restore could not
 * start parsing).
 */
async function* timedChunks(src: AsyncIterable<string>, kept: string[], spent: (produce: Timing, firstChunkMs: number) => void): AsyncGenerator<string> {
  const it = src[Symbol.asyncIterator]();
  const t0 = performance.now();
  let produce = ZERO;
  let firstChunkMs: number | undefined;
  try {
    for (;;) {
      let step: IteratorResult<string> | undefined;
      produce = add(produce, await timed(async () => void (step = await it.next())));
      if (!step || step.done) return;
      firstChunkMs ??= performance.now() - t0;
      kept.push(step.value);
      yield step.value;
    }
  } finally {
    spent(produce, firstChunkMs ?? performance.now() - t0);
  }
}

/**
 * Wraps an Iptables, remembering the last restore's input and timing. The input is kept as
 * the pieces the proxier produced (no copy inside the measured sync); `lastText` joins them.
 * When the input is a function (the proxier's partial syncs: rule planning, run while the
 * command starts), `lastInput` times that function and `lastRestore` is the rest: the
 * restore's own share, comparable with a raw restore of the same text. When it is a stream
 * (the proxier's full syncs: the rules written while iptables-save runs, then the rest),
 * `lastInput` sums the time spent producing the chunks (iptables-save's CPU included), and
 * `lastRestore` is the wall time from the first chunk on and the CPU not spent producing.
 */
export class TimedIptables implements Iptables {
  private lastPieces: readonly string[] = [];
  lastRestore: Timing = ZERO;
  lastInput: Timing = ZERO;
  constructor(private readonly inner: Iptables) {}
  get lastText(): string {
    return this.lastPieces.join('');
  }
  save(table?: TableName): Promise<string> {
    return this.inner.save(table);
  }
  async restore(data: RestoreInput, opts: RestoreOptions): Promise<void> {
    let pieces: readonly string[] = [];
    let produce = ZERO;
    let beforeFirstMs = 0;
    const capture = (d: string | Iterable<string>): readonly string[] => (pieces = typeof d === 'string' ? [d] : Array.isArray(d) ? (d as readonly string[]) : [...d]);
    let input: RestoreInput;
    if (isStreamed(data)) {
      const kept: string[] = [];
      pieces = kept;
      input = timedChunks(data, kept, (p, first) => ((produce = p), (beforeFirstMs = first)));
    } else if (typeof data !== 'function') input = capture(data);
    else {
      input = async () => {
        let d: string | Iterable<string> = '';
        produce = await timed(async () => void (d = await data()));
        beforeFirstMs = produce.wallMs;
        return capture(d);
      };
    }
    const all = await timed(() => this.inner.restore(input, opts));
    this.lastRestore = { wallMs: all.wallMs - beforeFirstMs, childCpuMs: all.childCpuMs - produce.childCpuMs, ownCpuMs: all.ownCpuMs - produce.ownCpuMs };
    this.lastInput = produce;
    this.lastPieces = pieces;
  }
}
