/**
 * bench/scheduler: (a) the scheduling cycle alone — runs apps/scheduler/src/bench/cycle-main.ts
 * in a child process (bench projects may not import apps/); (b) end to end — a real etcd and the
 * built apiserver and scheduler on 127.0.0.1, hollow Ready nodes registered through the
 * apiserver, pods created while the scheduler binds them, bindings counted from a watch.
 * (c) a 500-replica Deployment until Available on hollow kubelets (deployment-available.ts).
 * `--small` (50 nodes / 500 pods; 50 replicas) is the CI smoke run and leaves docs/benchmarks.md alone.
 * Every process it starts is stopped by PID; bounded to 10 minutes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManagedProcess } from '@tskube/local-cluster';
import { bundleCycleBench } from './bundle';
import { createPods, registerNodes, watchBindings } from './load';
import { measureDeploymentAvailable } from './deployment-available';
import { startApiserver, startEtcd, startScheduler } from './processes';
import { renderTable, updateBenchmarksDoc } from './report';
import type { SchedulerFigures } from './report';

const small = process.argv.includes('--small');
const NODES = small ? 50 : 1000;
const PODS = small ? 500 : 10_000;
const say = (msg: string): void => void process.stdout.write(`[bench-scheduler] ${msg}\n`);

async function main(): Promise<void> {
  for (const f of ['dist/apps/apiserver/main.js', 'dist/apps/scheduler/main.js', 'dist/apps/controller-manager/main.js', 'dist/apps/kubelet/main.js']) if (!existsSync(f)) throw new Error(`${f} missing: build first (npx nx run-many -t build)`);
  const loadStart = loadavg()[0]!;
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, load average ${loadavg()[0]!.toFixed(1)} at start, node ${process.version}`;
  const dir = mkdtempSync(join(tmpdir(), 'tskube-sched-bench-'));
  say('scheduling cycle alone (fake binder), bundled as the scheduler is shipped');
  const cycleJs = await bundleCycleBench();
  const cycle = JSON.parse(execFileSync(process.execPath, [cycleJs, ...(small ? ['--small'] : [])], { encoding: 'utf8', timeout: 180_000 })) as SchedulerFigures['cycle'];
  say(`cycle: ${cycle.podsPerSec.toFixed(0)} pods/s on ${cycle.nodes} nodes (${cycle.podsPerCpuSec.toFixed(0)} pods per CPU-second)`);
  const procs: ManagedProcess[] = [];
  const deadline = setTimeout(() => {
    say('time limit reached (10 min); stopping');
    void Promise.all(procs.map((p) => p.stop(2000))).finally(() => process.exit(1));
  }, 600_000);
  try {
    const etcd = await startEtcd(dir);
    procs.push(etcd.proc);
    const api = await startApiserver(dir, etcd.endpoint);
    procs.push(api.proc);
    say(`apiserver ${api.url}; registering ${NODES} hollow nodes`);
    await registerNodes(api.url, NODES);
    procs.push(await startScheduler(dir, api.url));
    await new Promise((r) => setTimeout(r, 1000)); // informers list the nodes
    say(`creating ${PODS} pods while the scheduler binds them`);
    let result: { first: number; last: number; bound: number } | undefined;
    const watching = new Promise<void>((ready, fail) => {
      void watchBindings(api.url, PODS, 480_000, ready).then((w) => (result = w), fail);
    });
    const watchDone = (async (): Promise<void> => {
      while (!result) await new Promise((r) => setTimeout(r, 100));
    })();
    await watching;
    const createStart = performance.now();
    const createMs = await createPods(api.url, PODS);
    await watchDone;
    const w = result!;
    if (w.bound !== PODS) throw new Error(`only ${w.bound}/${PODS} pods bound; see ${dir}/scheduler.log`);
    const e2e = { nodes: NODES, pods: PODS, createPerSec: (PODS / createMs) * 1000, bindPerSec: (PODS / (w.last - w.first)) * 1000, totalPerSec: (PODS / (w.last - createStart)) * 1000 };
    const figs: SchedulerFigures = { date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), machine: `${machine}, ${loadavg()[0]!.toFixed(1)} at end`, load: { start: loadStart, cores: cpus().length }, cycle, e2e };
    process.stdout.write(`\n${renderTable(figs)}\n`);
    if (!small) updateBenchmarksDoc('docs/benchmarks.md', figs);
  } finally {
    clearTimeout(deadline);
    await Promise.all(procs.reverse().map((p) => p.stop(5000)));
    if (!process.env['TSKUBE_BENCH_KEEP']) rmSync(dir, { recursive: true, force: true });
  }
  const d = await measureDeploymentAvailable({ replicas: small ? 50 : 500, nodes: small ? 2 : 6, say }); // deployment-available.ts
  say(`deployment: ${d.replicas} replicas Available on ${d.nodes} hollow kubelets in ${(d.availableMs / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  process.stderr.write(`scheduler bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
