/**
 * kubelet benchmark (nx project bench/kubelet): starts a whole cluster in its own network
 * namespace with a private dockerd (LocalCluster), then measures pod startup latency
 * (create → Running seen through a watch) for sequential single pods and a burst, next to raw
 * `docker run` pause + app pairs on the same engine, and the kubelet's RSS idle and with the
 * burst running. Prints a Markdown table and rewrites the kubelet section of docs/benchmarks.md
 * (not with --small, which only proves the bench works). Everything it starts it stops by PID.
 * Usage: node --import tsx bench/kubelet/src/main.ts [--small]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Pod } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { RestClient } from '@tskube/client';
import { LocalCluster, freePort, waitFor } from '@tskube/local-cluster';
import { rssMiB } from '@tskube/processes';
import { kubeletPid, LABEL, removeRaw, RunningWatcher, timePod, timeRawPair } from './measure';
import type { KubeletFigures } from './report';
import { percentile, renderTable, updateBenchmarksDoc } from './report';

const log = (l: string): void => void process.stderr.write(`[bench-kubelet] ${l}\n`);

async function deleteAll(client: RestClient): Promise<void> {
  const pods = await client.list<Pod>(RESOURCES.pods, { namespace: 'default', labelSelector: LABEL });
  await Promise.all(pods.items.map((p) => client.delete(RESOURCES.pods, p.metadata?.name ?? '', { namespace: 'default', gracePeriodSeconds: 0 }).catch(() => undefined)));
  await waitFor('bench pods to be gone', async () => (await client.list<Pod>(RESOURCES.pods, { namespace: 'default', labelSelector: LABEL })).items.length === 0, { timeoutMs: 90_000, intervalMs: 250 });
}

async function main(): Promise<void> {
  const small = process.argv.includes('--small');
  const singles = small ? 3 : 10;
  const burst = small ? 5 : 30;
  const repoRoot = resolve(__dirname, '../../..');
  const home = mkdtempSync(join(tmpdir(), 'bench-kubelet-'));
  const hostApiPort = await freePort();
  const cluster = new LocalCluster({ repoRoot, home, netns: `tskb-${process.pid}`.slice(0, 15), nodeName: 'bench-node', hostApiPort, log });
  const load = loadavg()[0]!.toFixed(1);
  try {
    await cluster.start();
    const client = new RestClient({ server: `http://127.0.0.1:${hostApiPort}`, userAgent: 'bench-kubelet' });
    const node = cluster.nodeName;
    const pid = kubeletPid(home);
    const docker = cluster.dockerHost;
    await new Promise((r) => setTimeout(r, 3000));
    const rssIdleMiB = rssMiB(pid);
    log(`kubelet pid ${pid}, idle RSS ${rssIdleMiB.toFixed(0)} MiB`);
    const w = new RunningWatcher(client);
    await w.start();
    const raw: string[] = [];
    const single: number[] = [];
    const rawSingle: number[] = [];
    for (let i = 0; i < singles; i++) {
      rawSingle.push(await timeRawPair(docker, raw));
      single.push(await timePod(client, w, `single-${i}`, node));
      log(`single ${i}: kubelet ${single[i]!.toFixed(0)} ms, raw ${rawSingle[i]!.toFixed(0)} ms`);
    }
    await removeRaw(docker, raw);
    await deleteAll(client);
    const rawT0 = performance.now();
    const rawBurst = await Promise.all(Array.from({ length: burst }, () => timeRawPair(docker, raw, rawT0)));
    await removeRaw(docker, raw);
    const t0 = performance.now();
    const burstMs = await Promise.all(Array.from({ length: burst }, (_, i) => timePod(client, w, `burst-${i}`, node, t0, 120_000)));
    log(`burst: kubelet p99 ${percentile(burstMs, 99).toFixed(0)} ms, raw p99 ${percentile(rawBurst, 99).toFixed(0)} ms`);
    await new Promise((r) => setTimeout(r, 3000));
    const rssWithPodsMiB = rssMiB(pid);
    await w.stop();
    await deleteAll(client);
    const f: KubeletFigures = {
      date: new Date().toISOString(), mode: small ? 'small' : 'full', singles, burst,
      singleP50Ms: percentile(single, 50), singleP99Ms: percentile(single, 99), rawSingleP50Ms: percentile(rawSingle, 50), rawSingleP99Ms: percentile(rawSingle, 99),
      burstP50Ms: percentile(burstMs, 50), burstP99Ms: percentile(burstMs, 99), rawBurstP50Ms: percentile(rawBurst, 50), rawBurstP99Ms: percentile(rawBurst, 99),
      rssIdleMiB, rssWithPodsMiB, load: `${load} at start, ${loadavg()[0]!.toFixed(1)} at end`,
    };
    process.stdout.write(`kubelet bench ${f.date} (${f.mode}; load average ${f.load})\n\n${renderTable(f)}\n`);
    if (!small) updateBenchmarksDoc(join(repoRoot, 'docs/benchmarks.md'), f);
  } finally {
    await cluster.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`kubelet bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
