/**
 * bench/scheduler, third figure (issue 5, Speed): the time from creating a Deployment of
 * `replicas` (500) until it is Available (condition Available=True and availableReplicas ==
 * replicas) on hollow kubelets (`dist/apps/kubelet/main.js --runtime=hollow`, simulated
 * containers, no Docker) — the deployment and replicaset controllers, the scheduler, the
 * kubelets' status writes and the apiserver together. Its own etcd, apiserver, scheduler,
 * controller-manager and `nodes` hollow kubelets (max-pods 110 each) on 127.0.0.1, stopped by
 * PID. Polls the Deployment every 200 ms, so the figure is ±0.2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess, freePort, httpOk, waitFor } from '@tskube/local-cluster';
import { builtApp, startApiserver, startEtcd, startScheduler, track } from './processes';

export interface DeploymentFigure {
  replicas: number;
  nodes: number;
  /** Create → Available, ms. */
  availableMs: number;
}

function startComponent(dir: string, name: string, argv: string[]): ManagedProcess {
  return track(new ManagedProcess({ name, logFile: join(dir, `${name}.log`), argv: [process.execPath, ...argv] }));
}

async function json<T>(url: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { ...init, headers: { 'Content-Type': 'application/json' }, signal: AbortSignal.timeout(30_000) });
  return { status: res.status, body: (await res.json()) as T };
}

/** The Deployment the measurement creates: `replicas` pause pods (10m / 16Mi requests). */
export function benchDeployment(replicas: number): object {
  const labels = { app: 'deploy-bench' };
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'deploy-bench', namespace: 'default' }, spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'tskube/pause:latest', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } } } };
}

type DeploymentStatus = { status?: { availableReplicas?: number; conditions?: Array<{ type: string; status: string }> } };

/** True when the Deployment reports all `replicas` available and condition Available=True. */
export function isAvailable(d: DeploymentStatus, replicas: number): boolean {
  return (d.status?.availableReplicas ?? 0) === replicas && (d.status?.conditions ?? []).some((c) => c.type === 'Available' && c.status === 'True');
}

export async function measureDeploymentAvailable(o: { replicas: number; nodes: number; say: (m: string) => void; timeoutMs?: number }): Promise<DeploymentFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'tskube-deploy-bench-'));
  const procs: ManagedProcess[] = [];
  try {
    const etcd = await startEtcd(dir);
    procs.push(etcd.proc);
    const api = await startApiserver(dir, etcd.endpoint);
    procs.push(api.proc);
    const scheduler = await startScheduler(dir, api.url);
    procs.push(scheduler.proc);
    await scheduler.healthy;
    const cmPort = await freePort();
    const cm = startComponent(dir, 'controller-manager', [builtApp('controller-manager'), `--master=${api.url}`, `--secure-port=${cmPort}`, '--bind-address=127.0.0.1', '--leader-elect=false']);
    procs.push(cm);
    await waitFor('controller-manager /healthz', () => httpOk(`http://127.0.0.1:${cmPort}/healthz`), { timeoutMs: 30_000, abortIf: () => (cm.running ? undefined : `controller-manager exited; see ${dir}`) });
    o.say(`starting ${o.nodes} hollow kubelets`);
    for (let i = 0; i < o.nodes; i++) {
      procs.push(startComponent(dir, `kubelet-${i}`, [builtApp('kubelet'), '--runtime=hollow', `--master=${api.url}`, `--hostname-override=hollow-deploy-${i}`, '--port=0', '--healthz-port=0', `--root-dir=${join(dir, `kubelet-${i}`)}`, '--max-pods=110']));
    }
    await waitFor(`${o.nodes} Ready nodes`, async () => {
      const { body } = await json<{ items: Array<{ status?: { conditions?: Array<{ type: string; status: string }> } }> }>(`${api.url}/api/v1/nodes`);
      return body.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length === o.nodes;
    }, { timeoutMs: 120_000 });
    o.say(`creating a Deployment of ${o.replicas} replicas`);
    const start = performance.now();
    const created = await json(`${api.url}/apis/apps/v1/namespaces/default/deployments`, { method: 'POST', body: JSON.stringify(benchDeployment(o.replicas)) });
    if (created.status !== 201) throw new Error(`creating the Deployment: HTTP ${created.status}`);
    const limit = start + (o.timeoutMs ?? 300_000);
    for (;;) {
      const { body } = await json<DeploymentStatus>(`${api.url}/apis/apps/v1/namespaces/default/deployments/deploy-bench`);
      if (isAvailable(body, o.replicas)) break;
      if (performance.now() > limit) throw new Error(`Deployment not Available after ${(o.timeoutMs ?? 300_000) / 1000} s (${body.status?.availableReplicas ?? 0}/${o.replicas}); logs in ${dir}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { replicas: o.replicas, nodes: o.nodes, availableMs: performance.now() - start };
  } finally {
    await Promise.all(procs.reverse().map((p) => p.stop(5000)));
    if (!process.env['TSKUBE_BENCH_KEEP']) rmSync(dir, { recursive: true, force: true });
  }
}
