import { fixedOrNA, markdownTable, verdict, writeDocSection } from '@tskube/bench-report';
import type { E2EFigure } from './e2e';

/** The figures one scheduler benchmark run produces. */
export interface SchedulerFigures {
  date: string;
  machine: string;
  /** 1-minute load average at start and the number of cores, to flag runs on a busy machine. */
  load?: { start: number; cores: number };
  cycle?: { nodes: number; pods: number; podsPerSec: number; podsPerCpuSec: number };
  /** Pods created first, then the scheduler started (the goal row). */
  preCreated?: E2EFigure;
  /** Pods created 16 in flight while the scheduler runs. */
  whileScheduling?: E2EFigure;
}

const f0 = (n: number): string => fixedOrNA(n, 0);
const f2 = (n: number | undefined): string => fixedOrNA(n ?? NaN, 2);

/** "apiserver 1.23 / etcd 0.45 / scheduler 0.67" ms per pod. */
export function cpuText(cpu: Record<string, number> | undefined): string {
  return ['apiserver', 'etcd', 'scheduler'].filter((k) => cpu?.[k] !== undefined).map((k) => `${k} ${f2(cpu?.[k])}`).join(' / ');
}

/** A markdown table of the run's figures with the goals (rows for the figures present). */
export function renderTable(f: SchedulerFigures): string {
  const rows: string[][] = [];
  const c = f.cycle;
  if (c) rows.push([`Scheduling cycle alone, fake binder, ${c.nodes} nodes, ${c.pods} pods`, `${f0(c.podsPerSec)} pods/s (${f0(c.podsPerCpuSec)} per CPU-second)`, '≥ 1,000 pods/s', verdict(c.podsPerSec >= 1000)]);
  const p = f.preCreated;
  if (p) {
    rows.push([`End to end, ${p.nodes} hollow nodes, ${p.pods} pods created first, bound through the apiserver: scheduler start → last binding`, `${f0(p.perSec)} pods/s (first→last binding ${f0(p.bindPerSec)})`, '≥ 300 pods/s (upstream gate 100)', verdict(p.perSec >= 300)]);
    rows.push(['same, CPU ms per pod bound (scheduler start → last binding)', cpuText(p.cpuMsPerPod), '—', '—']);
    rows.push(['same, writes per pod: pod writes seen by the watch, Events recorded', `${f2(p.podWritesPerPod)} / ${f2(p.eventsPerPod)}`, '—', '—']);
  }
  const s = f.whileScheduling;
  if (s) {
    rows.push([`End to end, ${s.nodes} hollow nodes, ${s.pods} pods created 16 in flight while the scheduler runs (${f0(s.createPerSec)} creates/s): first create → last binding`, `${f0(s.perSec)} pods/s`, '—', '—']);
    rows.push(['same, CPU ms per pod created and bound', cpuText(s.cpuMsPerPod), '—', '—']);
  }
  if (p?.createCpuMsPerPod) rows.push([`For comparison: creating the ${p.pods} pods alone (${f0(p.createPerSec)} creates/s), CPU ms per create`, cpuText(p.createCpuMsPerPod), '—', '—']);
  return markdownTable(['Measurement', 'tskube', 'Goal', 'Result'], rows);
}

/** Replaces (or appends) the scheduler section of docs/benchmarks.md, leaving other sections alone. */
export function updateBenchmarksDoc(path: string, f: SchedulerFigures): void {
  writeDocSection(path, 'scheduler', [
    '## scheduler',
    '',
    `Run \`npx nx run bench-scheduler:bench\` (bench/scheduler; \`--small\` = 50 nodes / 500 pods, the CI smoke run; \`--only=e2e\` runs one part). Last run: ${f.date} on ${f.machine}.`,
    'The cycle figure is the real Scheduler (queue, cache, default plugins incl. PodTopologySpread and InterPodAffinity) fed by in-process fake informers with a binder that accepts at once (apps/scheduler/src/bench), bundled with esbuild as the shipped scheduler is; pods per CPU-second divides by the CPU time of the bench process itself, which other load on the machine barely changes.',
    'The end-to-end figures run etcd, the built apiserver and the built scheduler on 127.0.0.1, each mode on a fresh etcd and apiserver; hollow nodes are Node objects with a Ready status and no kubelet (no node lifecycle controller runs, so nothing else writes pods); every binding is a POST pods/<name>/binding, counted from a pod watch. The goal row is what upstream\'s scheduler_perf measures, the scheduler\'s throughput once pods exist: all pods are created first with no scheduler running, and the clock runs from the scheduler process\'s start (its start-up and initial list of every pod and node included) to the last binding seen — the creates are not in it. The second figure creates the pods 16 in flight while the scheduler runs, so every pod costs the apiserver a create and a binding that compete for the same CPU; it is bounded by the create rate. Per pod the scheduler also records a `Scheduled` Event, through a bounded queue like upstream\'s event broadcaster (4 in flight, 1,000 waiting, newer ones dropped), so in a burst of 10,000 only part of them are written (the writes-per-pod row). CPU per pod is the utime + stime of each process (/proc/<pid>/stat) over the same window, divided by the pods.',
    '',
    renderTable(f),
    ...loadNote(f),
  ]);
}

/**
 * A warning line when the machine was oversubscribed (load above the core count): wall-clock
 * rates then measure the share of CPU the bench got; the CPU-per-pod figures do not.
 */
export function loadNote(f: SchedulerFigures): string[] {
  if (!f.load || f.load.start <= f.load.cores) return [];
  return ['', `Load average ${f.load.start.toFixed(1)} on ${f.load.cores} cores at start (other work on the machine): the wall-clock rates above are bounded by the CPU share the bench processes got; the cycle's pods per CPU-second and the CPU ms per pod are the figures to compare across runs.`];
}
