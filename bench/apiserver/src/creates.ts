/**
 * bench/apiserver create phase alone, for profiling the write path:
 *
 *   node --import tsx bench/apiserver/src/creates.ts [--count=N] [--warmup=N] [--client=autocannon|http|fetch]
 *        [--apiserver=dist/apps/apiserver/main.js] [--cpu-prof=DIR] [--no-puts]
 *
 * Starts a real etcd and the built apiserver on 127.0.0.1, runs `--count` raw etcd puts (1 KiB,
 * 16 concurrent; skipped with --no-puts), then `--warmup` pod creates (JIT warm-up, not measured)
 * and `--count` measured pod creates through the apiserver at the same concurrency. Prints CPU
 * time (user + system) per operation of the apiserver, of etcd and of this (client) process,
 * next to the rates. `--cpu-prof=DIR` runs the apiserver under `node --cpu-prof` writing the
 * profile into DIR at exit. Every process it starts is stopped by PID.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ManagedProcess } from '@tskube/local-cluster';
import { closeClients, etcdPuts, podCreates } from './measure';
import type { ClientKind } from './measure';
import { measuredPhase, startApiserverWith, startEtcd } from './processes';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const count = Number(arg('count') ?? 3000);
const warmup = Number(arg('warmup') ?? 500);
const client = (arg('client') ?? 'autocannon') as ClientKind;
const profDir = arg('cpu-prof');
const say = (msg: string): void => void process.stdout.write(`[bench-creates] ${msg}\n`);

/** Runs `op` as a measured phase, described by its rate and CPU ms per operation of each process and of this one. */
async function measured(n: number, pids: Record<string, number | undefined>, op: () => Promise<number>): Promise<string> {
  const { perSec, cpu } = await measuredPhase(n, pids, op);
  return `${perSec.toFixed(0)}/s; CPU ms per op: ${Object.entries(cpu).map(([k, ms]) => `${k} ${ms.toFixed(3)}`).join(', ')}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tskube-bench-creates-'));
  const procs: ManagedProcess[] = [];
  try {
    say(`load average ${loadavg()[0]!.toFixed(1)}; client ${client}; ${count} measured after ${warmup} warm-up`);
    const etcd = await startEtcd(dir);
    procs.push(etcd.proc);
    const api = await startApiserverWith(dir, etcd.endpoint, { main: arg('apiserver'), nodeArgs: profDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profDir)}`] : [] });
    procs.push(api.proc);
    await new Promise((r) => setTimeout(r, 1000));
    if (!process.argv.includes('--no-puts')) say(`raw etcd puts: ${await measured(count, { etcd: etcd.proc.pid }, () => etcdPuts(etcd.endpoint, count))}`);
    if (warmup > 0) await podCreates(api.url, 'warm-', 0, warmup, client);
    await new Promise((r) => setTimeout(r, 500));
    say(`pod creates: ${await measured(count, { apiserver: api.proc.pid, etcd: etcd.proc.pid }, () => podCreates(api.url, 'bench-', 0, count, client))}`);
    say(`load average ${loadavg()[0]!.toFixed(1)} at end`);
  } finally {
    closeClients();
    for (const p of procs.reverse()) await p.stop(10_000);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench-creates] failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
