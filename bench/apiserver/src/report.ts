import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The figures one benchmark run produces. */
export interface ApiserverFigures {
  date: string;
  small: boolean;
  machine: string;
  etcdPutsPerSec: number;
  podCreatesPerSec: number;
  listPods: number;
  listP50Ms: number;
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
  rssWithPodsMiB: number;
  /** Set when the machine was busy with other work during the run (figures are pessimistic). */
  loadNote?: string | undefined;
}

const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const f0 = (n: number): string => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');
const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');

/** A markdown table: each measurement next to the physical limit measured in the same run and its goal. */
export function renderTable(f: ApiserverFigures): string {
  const ratio = f.podCreatesPerSec / f.etcdPutsPerSec;
  return [
    `| Measurement | tskube apiserver | Physical limit (same run) | Goal | Result |`,
    `|---|---|---|---|---|`,
    `| Writes, 16 concurrent | ${f0(f.podCreatesPerSec)} pod creates/s | ${f0(f.etcdPutsPerSec)} raw etcd puts/s (1 KiB) | ratio ≥ 0.5 | ratio ${ratio.toFixed(2)}: ${verdict(ratio >= 0.5)} |`,
    `| LIST ${f.listPods} pods, resourceVersion=0, p50 | ${f1(f.listP50Ms)} ms | ${f1(f.etcdRangeP50Ms)} ms raw etcd range of the same keys | < 150 ms | ${verdict(f.listP50Ms < 150)} |`,
    `| ${f.watchers} watchers, ${f.updates} pod updates: write acknowledged→delivery | p50 ${f1(f.watchAckP50Ms)} ms, p99 ${f1(f.watchAckP99Ms)} ms (${f.delivered}/${f.expected} delivered) | — | p99 < 100 ms | ${verdict(f.watchAckP99Ms < 100 && f.delivered === f.expected)} |`,
    `| same, update sent→delivery (includes the write) | p50 ${f1(f.watchP50Ms)} ms, p99 ${f1(f.watchP99Ms)} ms | — | — | — |`,
    `| RSS idle | ${f1(f.rssIdleMiB)} MiB | ${f1(f.bareNodeRssMiB)} MiB bare idle node | < 150 MB | ${verdict(f.rssIdleMiB * 1.048576 < 150)} |`,
    `| RSS with ${f.rssPods} pods | ${f1(f.rssWithPodsMiB)} MiB | — | — | — |`,
  ].join('\n');
}

const START = '<!-- bench:apiserver:start -->';
const END = '<!-- bench:apiserver:end -->';

/** Replaces (or appends) the apiserver section of docs/benchmarks.md, leaving other sections alone. */
export function updateBenchmarksDoc(path: string, f: ApiserverFigures): void {
  const section = [
    START,
    '## apiserver',
    '',
    `Run \`npx nx run bench-apiserver:bench\` (bench/apiserver). Last run: ${f.date} on ${f.machine}.`,
    ...(f.loadNote ? [`**${f.loadNote}**`, ''] : []),
    "Write→delivery is measured from the update's acknowledgement (etcd has committed it) to the watcher reading the event line; the second watch row measures from sending the update, so it includes the write itself.",
    '',
    renderTable(f),
    END,
  ].join('\n');
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\nFigures from the benchmark projects under `bench/`, each section rewritten by its own run.\n';
  const i = old.indexOf(START);
  const j = old.indexOf(END);
  const next = i >= 0 && j > i ? old.slice(0, i) + section + old.slice(j + END.length) : `${old.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
