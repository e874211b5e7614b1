import { fixedOrNA, markdownTable, verdict, writeDocSection } from '@tskube/bench-report';

/** The figures one benchmark run produces. */
export interface ApiserverFigures {
  date: string;
  small: boolean;
  machine: string;
  /** Both write rates over the whole comparison (all its operations over all its time). */
  etcdPutsPerSec: number;
  podCreatesPerSec: number;
  /** The same rates per half of the comparison (before the LIST/watch phases, and after). */
  halves?: { puts: number[]; creates: number[] } | undefined;
  /** apiserver CPU time (user + system) per create during the create phase. */
  cpuPerCreateMs?: number | undefined;
  /** CPU ms per raw put of etcd and of the bench process (the etcd3 client). */
  putCpu?: { etcd: number; client: number } | undefined;
  /** CPU ms per pod create of etcd and of the bench process (autocannon). */
  createCpu?: { etcd: number; client: number } | undefined;
  listPods: number;
  listP50Ms: number;
  /** apiserver CPU time per LIST during the LIST phase. */
  cpuPerListMs?: number | undefined;
  etcdRangeP50Ms: number;
  watchers: number;
  updates: number;
  watchP50Ms: number;
  watchP99Ms: number;
  watchAckP50Ms: number;
  watchAckP99Ms: number;
  delivered: number;
  expected: number;
  bareNodeRssMiB: number;
  rssIdleMiB: number;
  rssPods: number;
  /** Pods created before measuring (JIT warm-up), in their own namespace; they count in the RSS with pods. */
  warmupPods?: number | undefined;
  rssWithPodsMiB: number;
  /** Set when the machine was busy with other work during the run (figures are pessimistic). */
  loadNote?: string | undefined;
  /** 1-minute load average when the run ended. */
  loadEnd?: number | undefined;
}

const f1 = (n: number): string => fixedOrNA(n, 1);
const f0 = (n: number): string => fixedOrNA(n, 0);

/** A markdown table: each measurement next to the physical limit measured in the same run and its goal. */
export function renderTable(f: ApiserverFigures): string {
  const ratio = f.podCreatesPerSec / f.etcdPutsPerSec;
  const cpuCreate = f.cpuPerCreateMs !== undefined ? ` (CPU ms per create: apiserver ${f.cpuPerCreateMs.toFixed(2)}${f.createCpu ? `, etcd ${f.createCpu.etcd.toFixed(2)}, client ${f.createCpu.client.toFixed(2)}` : ''})` : '';
  const cpuPut = f.putCpu ? ` (CPU ms per put: etcd ${f.putCpu.etcd.toFixed(2)}, client ${f.putCpu.client.toFixed(2)})` : '';
  const cpuList = f.cpuPerListMs !== undefined ? ` (apiserver CPU ${f1(f.cpuPerListMs)} ms per LIST)` : '';
  const halves = (rates: number[] | undefined): string => (rates && rates.length > 1 ? `; halves ${rates.map(f0).join(' and ')}/s` : '');
  const halfRatios = f.halves && f.halves.creates.length > 1 ? ` (halves ${f.halves.creates.map((c, i) => (c / (f.halves!.puts[i] ?? NaN)).toFixed(2)).join(' and ')})` : '';
  return markdownTable(
    ['Measurement', 'tskube apiserver', 'Physical limit (same run)', 'Goal', 'Result'],
    [
      ['Writes, 16 concurrent', `${f0(f.podCreatesPerSec)} pod creates/s${halves(f.halves?.creates)}${cpuCreate}`, `${f0(f.etcdPutsPerSec)} raw etcd puts/s (1 KiB)${halves(f.halves?.puts)}${cpuPut}`, 'ratio ≥ 0.5', `ratio ${ratio.toFixed(2)}${halfRatios}: ${verdict(ratio >= 0.5)}`],
      [`LIST ${f.listPods} pods, resourceVersion=0, p50`, `${f1(f.listP50Ms)} ms${cpuList}`, `${f1(f.etcdRangeP50Ms)} ms raw etcd range of the same keys`, '< 150 ms', verdict(f.listP50Ms < 150)],
      [`${f.watchers} watchers, ${f.updates} pod updates: write acknowledged→delivery`, `p50 ${f1(f.watchAckP50Ms)} ms, p99 ${f1(f.watchAckP99Ms)} ms (${f.delivered}/${f.expected} delivered)`, '—', 'p99 < 100 ms', verdict(f.watchAckP99Ms < 100 && f.delivered === f.expected)],
      ['same, update sent→delivery (includes the write)', `p50 ${f1(f.watchP50Ms)} ms, p99 ${f1(f.watchP99Ms)} ms`, '—', '—', '—'],
      ['RSS idle', `${f1(f.rssIdleMiB)} MiB`, `${f1(f.bareNodeRssMiB)} MiB bare idle node`, '< 150 MB', verdict(f.rssIdleMiB * 1.048576 < 150)],
      [`RSS with ${f.rssPods + (f.warmupPods ?? 0)} pods`, `${f1(f.rssWithPodsMiB)} MiB`, '—', '—', '—'],
    ],
  );
}

/**
 * When the create goal is missed: where the CPU of a create goes (apiserver, etcd, the bench's
 * client, against a raw put's etcd + client), and the create rate the machine's cores allow at
 * that total cost, next to the rate the goal needs.
 */
export function createCeiling(f: ApiserverFigures, cores = 2): string[] {
  const need = f.etcdPutsPerSec * 0.5;
  if (f.cpuPerCreateMs === undefined || !(f.cpuPerCreateMs > 0) || f.podCreatesPerSec >= need) return [];
  const total = f.cpuPerCreateMs + (f.createCpu ? f.createCpu.etcd + f.createCpu.client : 0);
  const parts = f.createCpu ? ` (apiserver ${f.cpuPerCreateMs.toFixed(2)}, etcd ${f.createCpu.etcd.toFixed(2)}, bench client ${f.createCpu.client.toFixed(2)})` : ' (apiserver only)';
  const ceiling = (1000 * cores) / total;
  const why =
    ceiling >= need
      ? `that allows about ${f0(ceiling)}/s on ${cores} cores, above the ${f0(need)}/s the goal needs, so this run was bound by latency: 16 requests in flight, each waiting for CPU behind the other processes (and anything else on the machine), not by the total cost alone`
      : `that caps creates at about ${f0(ceiling)}/s on ${cores} cores, below the ${f0(need)}/s the goal needs (at most ${((1000 * cores) / need).toFixed(2)} ms of CPU per create in all)`;
  return ['', `Create goal: a create cost ${total.toFixed(2)} ms of CPU in all${parts}; ${why}.`];
}

/** How the bench's own client sends its requests (it shares the cores with etcd and the apiserver). */
export const CLIENT_NOTE =
  'Both sides are driven from the bench process and measured warm: first 3,000 raw puts and 3,000 pod creates (in namespace `warmup`) that are not measured, since JIT compilation makes the first thousands of creates cost the apiserver (and the bench\'s own clients) about 40 % more CPU and a long-running apiserver is warm. The comparison runs in two halves, 5,000 raw puts then 5,000 pod creates before the LIST and watch phases and the same again after them, and is judged on both together (all operations over all their time), so one disturbance on the shared cores weighs half as much as in a single run. Raw puts go through the etcd3 client; pod creates through autocannon with 16 keep-alive connections and one request in flight on each (client-go and kubectl keep persistent connections the same way). autocannon costs the bench process about 0.25–0.3 ms of CPU per create against 0.5 ms for node:http and 1.4 ms for `fetch`, CPU taken from the same 2 cores etcd and the apiserver run on; every process\'s CPU per operation is printed beside the rates, and `node --import tsx bench/apiserver/src/creates.ts --client=http|fetch` reruns the create phase alone with another client.';

/** Replaces (or appends) the apiserver section of docs/benchmarks.md, leaving other sections alone. */
export function updateBenchmarksDoc(path: string, f: ApiserverFigures): void {
  writeDocSection(path, 'apiserver', [
    '## apiserver',
    '',
    `Run \`npx nx run bench-apiserver:bench\` (bench/apiserver). Last run: ${f.date} on ${f.machine}${f.loadEnd !== undefined ? `, ${f.loadEnd.toFixed(1)} at end` : ''}.`,
    ...(f.loadNote ? [`**${f.loadNote}**`, ''] : []),
    "Write→delivery is measured from the update's acknowledgement (etcd has committed it) to the watcher reading the event line; the second watch row measures from sending the update, so it includes the write itself.",
    '',
    CLIENT_NOTE,
    '',
    renderTable(f),
    ...createCeiling(f),
  ]);
}
