/**
 * bench/apiserver: starts a real etcd (127.0.0.1, temp dir) and the built apiserver
 * (dist/apps/apiserver/main.js), then measures, next to the physical limit from the same run:
 * raw etcd puts/s vs pod creates/s (16 concurrent), LIST of pods with resourceVersion=0,
 * write→delivery delay over many watchers, and apiserver RSS idle and with many pods.
 * Pod creates are sent by autocannon (load-generator.ts), other requests through node:http with a
 * keep-alive pool (http-client.ts); CPU per operation of every process (etcd, apiserver, this
 * client) is reported next to the write rates. `creates.ts` runs the create phase alone.
 * `--small` is the CI smoke run (small sizes, does not touch docs/benchmarks.md). Every
 * process it starts is stopped by PID; everything binds 127.0.0.1.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManagedProcess } from '@tskube/local-cluster';
import { closeClients, createNamespace, etcdPuts, etcdRangeP50, listP50, podCreates, watchFanout } from './measure';
import { processCpuMs, rssMiB } from '@tskube/processes';
import { bareNodeRssMiB, measuredPhase, startApiserverWith, startEtcd } from './processes';
import { renderTable, updateBenchmarksDoc } from './report';
import { combinePhases } from './stats';
import type { WritePhase } from './stats';
import type { ApiserverFigures } from './report';

const small = process.argv.includes('--small');
/** `--apiserver=<main.js>` runs another build (A/B comparisons); the default is the built app. */
const apiserverMain = process.argv.find((a) => a.startsWith('--apiserver='))?.slice('--apiserver='.length) ?? 'dist/apps/apiserver/main.js';
const SIZES = small
  ? { warmup: 100, puts: 300, listPods: 300, listRounds: 5, watchers: 20, updates: 100, rssPods: 500 }
  : { warmup: 3000, puts: 5000, listPods: 5000, listRounds: 20, watchers: 200, updates: 2000, rssPods: 10000 };

const say = (msg: string): void => void process.stdout.write(`[bench-apiserver] ${msg}\n`);

async function main(): Promise<void> {
  if (!existsSync(apiserverMain)) throw new Error(`${apiserverMain} missing: build first (npx nx run apiserver:build)`);
  const dir = mkdtempSync(join(tmpdir(), 'tskube-bench-'));
  const procs: ManagedProcess[] = [];
  const deadline = setTimeout(() => {
    say('time limit reached (10 min); stopping');
    process.exitCode = 1;
    void Promise.all(procs.map((p) => p.stop(2000))).finally(() => process.exit(1));
  }, 600_000);
  try {
    const load = loadavg()[0]!;
    const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, load average ${load.toFixed(1)} at start, node ${process.version}`;
    const loadNote = load > cpus().length ? `The machine was shared with other work (load average ${load.toFixed(1)} on ${cpus().length} cores at start), so every figure here is pessimistic; rerun on an idle machine for the real ones.` : undefined;
    const etcd = await startEtcd(dir);
    procs.push(etcd.proc);
    say(`etcd ${etcd.endpoint}`);
    const api = await startApiserverWith(dir, etcd.endpoint, { main: apiserverMain });
    procs.push(api.proc);
    say(`apiserver ${api.url}`);
    await new Promise((r) => setTimeout(r, 1000));
    const rssIdleMiB = rssMiB(api.proc.pid);
    const bare = await bareNodeRssMiB(dir);

    // Both sides are measured warm, as a long-running etcd and apiserver are: JIT compilation of the
    // apiserver (and of the bench's own clients) costs ~40 % more CPU per create over the first thousands.
    say(`warm-up: ${SIZES.warmup} raw etcd puts and ${SIZES.warmup} pod creates in namespace "warmup" (not measured)`);
    await etcdPuts(etcd.endpoint, SIZES.warmup, '/bench/warmup/');
    await createNamespace(api.url, 'warmup');
    await podCreates(api.url, 'warm-', 0, SIZES.warmup, 'autocannon', 'warmup');
    await new Promise((r) => setTimeout(r, 500));
    // The write comparison runs in two halves, each raw puts then pod creates: one before the LIST
    // and watch phases (its pods are what they read) and one after (growing to the RSS size), and is
    // judged on both together, so one disturbance on the shared cores weighs half as much.
    const puts: WritePhase[] = [];
    const creates: WritePhase[] = [];
    const pids = { etcd: etcd.proc.pid, apiserver: api.proc.pid };
    const writeHalf = async (half: number, from: number, count: number): Promise<void> => {
      say(`writes, half ${half}: ${SIZES.puts} raw etcd puts, then ${count} pod creates`);
      puts.push(await measuredPhase(SIZES.puts, { etcd: pids.etcd }, () => etcdPuts(etcd.endpoint, SIZES.puts, `/bench/raw/${half}/`)));
      creates.push(await measuredPhase(count, pids, () => podCreates(api.url, 'bench-', from, count)));
      await new Promise((r) => setTimeout(r, 500));
    };
    await writeHalf(1, 0, SIZES.listPods);
    say('LIST resourceVersion=0');
    const cpu0 = processCpuMs(api.proc.pid);
    const list = await listP50(api.url, SIZES.listRounds);
    const cpuPerListMs = (processCpuMs(api.proc.pid) - cpu0) / SIZES.listRounds;
    if (list.items !== SIZES.listPods) throw new Error(`LIST returned ${list.items} pods, want ${SIZES.listPods}`);
    const etcdRangeP50Ms = await etcdRangeP50(etcd.endpoint, '/registry/pods/', SIZES.listRounds);
    say(`${SIZES.watchers} watchers × ${SIZES.updates} updates`);
    const names = Array.from({ length: SIZES.listPods }, (_, i) => `bench-${i}`);
    const watch = await watchFanout(api.url, names, SIZES.watchers, SIZES.updates);
    say(`growing to ${SIZES.rssPods} pods`);
    await writeHalf(2, SIZES.listPods, SIZES.rssPods - SIZES.listPods);
    await new Promise((r) => setTimeout(r, 1500));
    const put = combinePhases(puts);
    const create = combinePhases(creates);
    const rssWithPodsMiB = rssMiB(api.proc.pid);

    const figures: ApiserverFigures = {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      small,
      machine,
      etcdPutsPerSec: put.perSec,
      podCreatesPerSec: create.perSec,
      halves: { puts: puts.map((p) => p.perSec), creates: creates.map((p) => p.perSec) },
      cpuPerCreateMs: create.cpu['apiserver'],
      putCpu: { etcd: put.cpu['etcd'] ?? NaN, client: put.cpu['client'] ?? NaN },
      createCpu: { etcd: create.cpu['etcd'] ?? NaN, client: create.cpu['client'] ?? NaN },
      listPods: SIZES.listPods,
      listP50Ms: list.p50,
      cpuPerListMs,
      etcdRangeP50Ms,
      watchers: SIZES.watchers,
      updates: SIZES.updates,
      watchP50Ms: watch.p50,
      watchP99Ms: watch.p99,
      watchAckP50Ms: watch.ackP50,
      watchAckP99Ms: watch.ackP99,
      delivered: watch.delivered,
      expected: watch.expected,
      bareNodeRssMiB: bare,
      rssIdleMiB,
      rssPods: SIZES.rssPods,
      warmupPods: SIZES.warmup,
      rssWithPodsMiB,
      loadNote,
      loadEnd: loadavg()[0]!,
    };
    process.stdout.write(`\n${renderTable(figures)}\n\n`);
    if (watch.delivered !== watch.expected) throw new Error(`watchers received ${watch.delivered} of ${watch.expected} events`);
    if (!small) {
      updateBenchmarksDoc('docs/benchmarks.md', figures);
      say('docs/benchmarks.md updated');
    }
  } catch (err) {
    process.exitCode = 1;
    throw err;
  } finally {
    clearTimeout(deadline);
    closeClients();
    for (const p of procs.reverse()) await p.stop(5000);
    if (process.exitCode) say(`logs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench-apiserver] failed: ${err instanceof Error ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err)}\n`);
  process.exitCode = 1;
});
