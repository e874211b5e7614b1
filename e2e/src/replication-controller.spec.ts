/**
 * The ReplicationController walkthrough of ../shared/seeds/002 with the real kubectl: a
 * ReplicationController of 2 → `kubectl scale rc web --replicas=10` → 10 Running →
 * `--replicas=0` → `kubectl delete rc web`; nothing is left behind (no pods, no containers).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { replicationControllerManifest } from './support/manifests';
import { useE2ECluster } from './support/use-e2e-cluster';

const manifest = replicationControllerManifest('web', 2, 'name');

describe('replication controller walkthrough (seed 002)', { skip: e2eUnavailable(), timeout: 300_000 }, () => {
  const { e2e, run } = useE2ECluster('rc');

  const phases = async (): Promise<string[]> => {
    const { stdout } = await e2e.kubectl(['get', 'pods', '-l', 'name=web', '-o', 'jsonpath={range .items[*]}{.status.phase}{" "}{end}']);
    return stdout.trim().split(/\s+/).filter(Boolean);
  };
  const running = (n: number) => async (): Promise<string[] | undefined> => {
    const p = await phases();
    return p.length === n && p.every((x) => x === 'Running') ? p : undefined;
  };
  const webContainers = async (): Promise<number> => {
    const { stdout } = await e2e.docker(['ps', '-q', '--filter', 'label=io.kubernetes.container.name=web']);
    return stdout.trim().split('\n').filter(Boolean).length;
  };

  it('creates a ReplicationController of 2 and both pods run', () =>
    run(async () => {
      const created = await e2e.kubectl(['create', '-f', '-'], { input: manifest });
      assert.match(created.stdout, /replicationcontroller\/web created/);
      await eventually('2 Running pods', running(2), 90_000);
      const { stdout } = await e2e.kubectl(['get', 'rc', 'web']);
      assert.match(stdout, /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE/m);
      assert.match(stdout, /^web\s+2\s+2\s/m);
    }));

  it('kubectl scale rc web --replicas=10 → 10 Running', () =>
    run(async () => {
      const scaled = await e2e.kubectl(['scale', 'rc', 'web', '--replicas=10']);
      assert.match(scaled.stdout, /replicationcontroller\/web scaled/);
      await eventually('10 Running pods', running(10), 150_000);
      await eventually('rc status 10 ready', async () => {
        const { stdout } = await e2e.kubectl(['get', 'rc', 'web', '-o', 'jsonpath={.status.readyReplicas}']);
        return stdout === '10' ? stdout : undefined;
      }, 60_000);
    }));

  it('--replicas=0 removes every pod and container', () =>
    run(async () => {
      await e2e.kubectl(['scale', 'rc', 'web', '--replicas=0']);
      await eventually('no pods', async () => ((await phases()).length === 0 ? true : undefined), 120_000);
      await eventually('no web containers', async () => ((await webContainers()) === 0 ? true : undefined), 60_000);
    }));

  it('kubectl delete rc web leaves nothing behind', () =>
    run(async () => {
      await e2e.kubectl(['scale', 'rc', 'web', '--replicas=3']);
      await eventually('3 Running pods', running(3), 90_000);
      const deleted = await e2e.kubectl(['delete', 'rc', 'web']);
      assert.match(deleted.stdout, /replicationcontroller "web" deleted/);
      const rcs = await e2e.kubectl(['get', 'rc', '-o', 'name']);
      assert.equal(rcs.stdout.trim(), '');
      await eventually('no pods', async () => ((await phases()).length === 0 ? true : undefined), 120_000);
      await eventually('no web containers', async () => ((await webContainers()) === 0 ? true : undefined), 60_000);
    }));
});
