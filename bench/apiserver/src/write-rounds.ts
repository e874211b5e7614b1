import { etcdPuts, podCreates } from './measure';
import { cpuPhase } from './processes';
import { percentile } from './stats';

/** What the write comparison measured, round by round, and the CPU it cost. */
export interface WriteRounds {
  putsPerSec: number[];
  createsPerSec: number[];
  /** creates/s ÷ raw puts/s of the same round. */
  ratios: number[];
  /** CPU ms per raw put: etcd and the bench process (the etcd3 client). */
  putCpu: { etcd: number; client: number };
  /** CPU ms per pod create: apiserver, etcd and the bench process (autocannon). */
  createCpu: { apiserver: number; etcd: number; client: number };
}

/** The median (nearest rank) of a non-empty list. */
export const median = (xs: number[]): number => percentile(xs, 50);

/**
 * The write comparison in `rounds` alternating rounds — raw etcd puts, then as many pod creates
 * through the apiserver (names `bench-<i>` in the default namespace, `total` in all) — so that a
 * passing disturbance (a timer, a GC, another process) hits one round, not the whole figure: the
 * report takes the median of each round's ratio. CPU is summed over all rounds.
 */
export async function writeRounds(o: { etcdEndpoint: string; apiUrl: string; etcdPid: number | undefined; apiPid: number | undefined; rounds: number; total: number }): Promise<WriteRounds> {
  const out: WriteRounds = { putsPerSec: [], createsPerSec: [], ratios: [], putCpu: { etcd: 0, client: 0 }, createCpu: { apiserver: 0, etcd: 0, client: 0 } };
  let from = 0;
  for (let r = 0; r < o.rounds; r++) {
    const n = Math.floor(o.total / o.rounds) + (r < o.total % o.rounds ? 1 : 0);
    let phase = cpuPhase({ etcd: o.etcdPid });
    const puts = await etcdPuts(o.etcdEndpoint, n, `/bench/raw/${r}/`);
    const pc = phase(1);
    phase = cpuPhase({ etcd: o.etcdPid, apiserver: o.apiPid });
    const creates = await podCreates(o.apiUrl, 'bench-', from, n);
    const cc = phase(1);
    from += n;
    out.putsPerSec.push(puts);
    out.createsPerSec.push(creates);
    out.ratios.push(creates / puts);
    out.putCpu.etcd += pc.etcd! / o.total;
    out.putCpu.client += pc.client! / o.total;
    out.createCpu.apiserver += cc.apiserver! / o.total;
    out.createCpu.etcd += cc.etcd! / o.total;
    out.createCpu.client += cc.client! / o.total;
  }
  return out;
}
