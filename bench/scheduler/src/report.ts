import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** The figures one scheduler benchmark run produces. */
export interface SchedulerFigures {
  date: string;
  machine: string;
  /** 1-minute load average at start and the number of cores, to flag runs on a busy machine. */
  load?: { start: number; cores: number };
  cycle: { nodes: number; pods: number; podsPerSec: number; podsPerCpuSec: number };
  e2e: { nodes: number; pods: number; createPerSec: number; bindPerSec: number; totalPerSec: number };
}

const f0 = (n: number): string => (Number.isFinite(n) ? n.toFixed(0) : 'n/a');
const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');

/** A markdown table of the run's figures with the goals. */
export function renderTable(f: SchedulerFigures): string {
  return [
    '| Measurement | tskube | Goal | Result |',
    '|---|---|---|---|',
    `| Scheduling cycle alone, fake binder, ${f.cycle.nodes} nodes, ${f.cycle.pods} pods | ${f0(f.cycle.podsPerSec)} pods/s (${f0(f.cycle.podsPerCpuSec)} per CPU-second) | ≥ 1,000 pods/s | ${verdict(f.cycle.podsPerSec >= 1000)} |`,
    `| End to end, ${f.e2e.nodes} hollow nodes, ${f.e2e.pods} pods bound through the apiserver (first→last binding) | ${f0(f.e2e.bindPerSec)} pods/s | ≥ 300 pods/s (upstream gate 100) | ${verdict(f.e2e.bindPerSec >= 300)} |`,
    `| same, from the first pod create to the last binding (creates at 16 in flight: ${f0(f.e2e.createPerSec)} pods/s) | ${f0(f.e2e.totalPerSec)} pods/s | — | — |`,
  ].join('\n');
}

const START = '<!-- bench:scheduler:start -->';
const END = '<!-- bench:scheduler:end -->';

/** Replaces (or appends) the scheduler section of docs/benchmarks.md, leaving other sections alone. */
export function updateBenchmarksDoc(path: string, f: SchedulerFigures): void {
  const section = [
    START,
    '## scheduler',
    '',
    `Run \`npx nx run bench-scheduler:bench\` (bench/scheduler; \`--small\` = 50 nodes / 500 pods, the CI smoke run). Last run: ${f.date} on ${f.machine}.`,
    'The cycle figure is the real Scheduler (queue, cache, default plugins incl. PodTopologySpread and InterPodAffinity) fed by in-process fake informers with a binder that accepts at once (apps/scheduler/src/bench), bundled with esbuild as the shipped scheduler is; pods per CPU-second divides by the CPU time of the bench process itself, which other load on the machine barely changes. The end-to-end figure runs etcd, the built apiserver and the built scheduler on 127.0.0.1; hollow nodes are Node objects with a Ready status and no kubelet (no node lifecycle controller runs); pods are created 16 in flight while the scheduler runs, and bindings are counted from a pod watch.',
    '',
    renderTable(f),
    ...loadNote(f),
    END,
  ].join('\n');
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  const next = a >= 0 && b > a ? doc.slice(0, a) + section + doc.slice(b + END.length) : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}

/**
 * A warning line when the machine was oversubscribed (load above the core count): wall-clock
 * rates then measure the share of CPU the bench got; the per-CPU-second cycle figure does not.
 */
export function loadNote(f: SchedulerFigures): string[] {
  if (!f.load || f.load.start <= f.load.cores) return [];
  return ['', `Load average ${f.load.start.toFixed(1)} on ${f.load.cores} cores at start (other work on the machine): the wall-clock rates above are bounded by the CPU share the bench processes got (the end-to-end creates ran at the same rate as the bindings, so the scheduler kept up with the apiserver); the cycle's pods per CPU-second is the figure to compare across runs.`];
}
