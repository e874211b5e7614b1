/**
 * bench/scheduler: (a) the scheduling cycle alone — runs apps/scheduler/src/bench/cycle-main.ts
 * in a child process (bench projects may not import apps/); (b) end to end (e2e.ts) — a real
 * etcd and the built apiserver and scheduler on 127.0.0.1, hollow Ready nodes, bindings through
 * the apiserver counted from a watch, once with the pods created before the scheduler starts
 * (the goal row) and once with them created while it runs; (c) a 500-replica Deployment until
 * Available on hollow kubelets (deployment-available.ts).
 * `--small` (50 nodes / 500 pods; 50 replicas) is the CI smoke run and leaves docs/benchmarks.md
 * alone, as does `--only=<cycle|e2e|deployment>[,...]` (a partial run). `$TSKUBE_BENCH_DIST`
 * and `$TSKUBE_BENCH_NODE_ARGS` pick the build and node flags (processes.ts).
 * Every process it starts is stopped by PID (also when the 15-minute limit hits).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCycleBench } from './bundle';
import { measureDeploymentAvailable } from './deployment-available';
import { measureEndToEnd } from './e2e';
import type { E2EFigure, E2EMode } from './e2e';
import { builtApp, stopAll } from './processes';
import { cpuText, renderTable, updateBenchmarksDoc } from './report';
import type { SchedulerFigures } from './report';

const small = process.argv.includes('--small');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const runs = (part: string): boolean => !only || only.includes(part);
const NODES = small ? 50 : 1000;
const PODS = small ? 500 : 10_000;
const say = (msg: string): void => void process.stdout.write(`[bench-scheduler] ${msg}\n`);

async function endToEnd(mode: E2EMode): Promise<E2EFigure> {
  const dir = mkdtempSync(join(tmpdir(), `tskube-sched-bench-${mode}-`));
  try {
    const f = await measureEndToEnd({ mode, nodes: NODES, pods: PODS, dir, say });
    say(`[${mode}] ${f.perSec.toFixed(0)} pods/s (first→last binding ${f.bindPerSec.toFixed(0)}; creates ${f.createPerSec.toFixed(0)}/s); CPU ms per pod: ${cpuText(f.cpuMsPerPod)}, bench ${(f.cpuMsPerPod['bench'] ?? 0).toFixed(2)}; pod writes per pod ${f.podWritesPerPod.toFixed(2)}, events per pod ${f.eventsPerPod.toFixed(2)}`);
    return f;
  } finally {
    if (!process.env['TSKUBE_BENCH_KEEP']) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const apps = ['apiserver', 'scheduler', ...(runs('deployment') ? ['controller-manager', 'kubelet'] : [])];
  for (const app of apps) if (!existsSync(builtApp(app))) throw new Error(`${builtApp(app)} missing: build first (npx nx run-many -t build)`);
  const loadStart = loadavg()[0]!;
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, load average ${loadStart.toFixed(1)} at start, node ${process.version}`;
  const deadline = setTimeout(() => {
    say('time limit reached (15 min); stopping');
    void stopAll().finally(() => process.exit(1));
  }, 900_000);
  const figs: SchedulerFigures = { date: '', machine: '', load: { start: loadStart, cores: cpus().length } };
  if (runs('cycle')) {
    say('scheduling cycle alone (fake binder), bundled as the scheduler is shipped');
    const cycleJs = await bundleCycleBench();
    figs.cycle = JSON.parse(execFileSync(process.execPath, [cycleJs, ...(small ? ['--small'] : [])], { encoding: 'utf8', timeout: 180_000 })) as SchedulerFigures['cycle'];
    say(`cycle: ${figs.cycle!.podsPerSec.toFixed(0)} pods/s on ${figs.cycle!.nodes} nodes (${figs.cycle!.podsPerCpuSec.toFixed(0)} pods per CPU-second)`);
  }
  if (runs('e2e')) {
    figs.preCreated = await endToEnd('preCreated');
    figs.whileScheduling = await endToEnd('whileScheduling');
  }
  figs.date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  figs.machine = `${machine}, ${loadavg()[0]!.toFixed(1)} at end`;
  process.stdout.write(`\n${renderTable(figs)}\n`);
  if (!small && !only) updateBenchmarksDoc('docs/benchmarks.md', figs);
  if (runs('deployment')) {
    const d = await measureDeploymentAvailable({ replicas: small ? 50 : 500, nodes: small ? 2 : 6, say }); // deployment-available.ts
    say(`deployment: ${d.replicas} replicas Available on ${d.nodes} hollow kubelets in ${(d.availableMs / 1000).toFixed(1)} s`);
  }
  clearTimeout(deadline);
}

main().catch((err: unknown) => {
  process.stderr.write(`scheduler bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
