/**
 * Two schedulers and two controller-managers elect leaders on kube-system Leases. SIGKILLing
 * both active replicas (no graceful release) hands the Leases to the standbys within 15 s; a
 * scale-up issued while no leader exists is then carried out exactly once (no pod created
 * twice). Short lease timings (8 s / 6 s / 1 s) keep the file fast; the mechanism is the same.
 */
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { deploymentManifest } from './support/manifests';
import { useE2ECluster } from './support/use-e2e-cluster';

const leaseFlags = ['--leader-elect-lease-duration=8s', '--leader-elect-renew-deadline=6s', '--leader-elect-retry-period=1s'];
const manifest = deploymentManifest('le', 2);

describe('leader election of scheduler and controller-manager', { skip: e2eUnavailable(), timeout: 300_000 }, () => {
  const { e2e, run } = useE2ECluster('leader', { cluster: { replicas: { scheduler: 2, 'controller-manager': 2 }, extraFlags: { scheduler: leaseFlags, 'controller-manager': leaseFlags } }, logLines: 60 });
  const holder = async (lease: string): Promise<string> => (await e2e.kubectl(['get', 'lease', '-n', 'kube-system', lease, '-o', 'jsonpath={.spec.holderIdentity}'], { allowFail: true })).stdout.trim();
  const leading = (proc: string): boolean => {
    try {
      return readFileSync(e2e.cluster.logFile(proc), 'utf8').includes('started leading');
    } catch {
      return false;
    }
  };
  const active = (component: string): string => {
    const procs = [component, `${component}-2`].filter(leading);
    assert.equal(procs.length, 1, `exactly one ${component} leads: ${procs.join(', ')}`);
    return procs[0]!;
  };
  const pods = async (): Promise<string[]> => (await e2e.kubectl(['get', 'pods', '-l', 'app=le', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.phase}{"\\n"}{end}'])).stdout.trim().split('\n').filter(Boolean);

  it('one replica of each holds its Lease and does the work', () =>
    run(async () => {
      await eventually('both leases held', async () => ((await holder('kube-scheduler')) && (await holder('kube-controller-manager')) ? true : undefined), 30_000);
      await e2e.kubectl(['apply', '-f', '-'], { input: manifest });
      await eventually('2 Running pods', async () => ((await pods()).filter((l) => l.endsWith(' Running')).length === 2 ? true : undefined), 60_000);
      active('scheduler');
      active('controller-manager');
    }));

  it('killing both leaders: the standbys take over within 15 s and no pod is created twice', () =>
    run(async () => {
      const oldSched = await holder('kube-scheduler');
      const oldCm = await holder('kube-controller-manager');
      const killed = [active('scheduler'), active('controller-manager')];
      const t0 = Date.now();
      for (const p of killed) await e2e.cluster.kill(p);
      await e2e.kubectl(['scale', 'deployment/le', '--replicas=4']);
      await eventually('new lease holders', async () => {
        const [s, c] = [await holder('kube-scheduler'), await holder('kube-controller-manager')];
        return s && c && s !== oldSched && c !== oldCm ? true : undefined;
      }, 20_000);
      const took = Date.now() - t0;
      process.stderr.write(`[e2e leader] takeover after ${took} ms\n`);
      assert.ok(took <= 15_000, `takeover took ${took} ms`);
      await eventually('4 Running pods', async () => ((await pods()).filter((l) => l.endsWith(' Running')).length === 4 ? true : undefined), 60_000);
      await new Promise((r) => setTimeout(r, 3000));
      const all = await pods();
      assert.equal(all.length, 4, `exactly 4 pods, none created twice:\n${all.join('\n')}`);
      const rs = (await e2e.kubectl(['get', 'rs', '-l', 'app=le', '-o', 'name'])).stdout.trim().split('\n');
      assert.equal(rs.length, 1);
      for (const p of killed) assert.equal(e2e.cluster.isRunning(p), false);
    }));
});
