/**
 * Issue 5: a 4-replica Deployment with maxUnavailable 1 rolls from image A (tskube/web:latest)
 * to image B (tskube/web:v2, a `docker tag` of A) while a checker polling the apiserver every
 * 200 ms sees at least 3 ready, non-terminating pods at every moment; `kubectl rollout undo`
 * returns to A; `rollout history` lists the revisions; `rollout pause/resume/restart` work.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { podIsReady, RESOURCES } from '@tskube/api-types';
import type { Pod } from '@tskube/api-types';
import { RestClient } from '@tskube/client';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { deploymentManifest } from './support/manifests';
import { useE2ECluster } from './support/use-e2e-cluster';

const manifest = deploymentManifest('web', 4, { rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } });

/** Polls every 200 ms and remembers the fewest ready, non-terminating pods seen. */
class ReadyChecker {
  min = Number.POSITIVE_INFINITY;
  samples = 0;
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly client: RestClient) {}
  start(): void {
    const tick = async (): Promise<void> => {
      const pods = await this.client.list<Pod>(RESOURCES.pods, { namespace: 'default', labelSelector: 'app=web' });
      const ready = pods.items.filter((p) => !p.metadata?.deletionTimestamp && podIsReady(p)).length;
      this.min = Math.min(this.min, ready);
      this.samples++;
    };
    const loop = (): void => {
      this.timer = setTimeout(() => void tick().catch(() => undefined).finally(() => this.timer && loop()), 200);
    };
    loop();
  }
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

describe('deployment rolling update, undo and history', { skip: e2eUnavailable(), timeout: 300_000 }, () => {
  let client: RestClient;
  const { e2e, run } = useE2ECluster('rollout', {
    hostApi: true,
    setup: async (c) => {
      client = new RestClient({ server: `http://127.0.0.1:${c.hostApiPort}` });
      await c.docker(['tag', 'tskube/web:latest', 'tskube/web:v2']);
    },
  });

  const images = async (): Promise<string[]> => {
    const out = await e2e.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image}{" "}{end}']);
    return out.stdout.trim().split(/\s+/).sort();
  };

  it('creates 4 ready pods', () =>
    run(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: manifest });
      await e2e.kubectl(['rollout', 'status', 'deployment/web', '--timeout=120s']);
      assert.deepEqual(await images(), Array(4).fill('tskube/web:latest'));
    }));

  it('rolls A → B keeping at least 3 ready pods at every moment', () =>
    run(async () => {
      const checker = new ReadyChecker(client);
      checker.start();
      try {
        await e2e.kubectl(['set', 'image', 'deployment/web', 'web=tskube/web:v2']);
        await e2e.kubectl(['rollout', 'status', 'deployment/web', '--timeout=180s']);
      } finally {
        checker.stop();
      }
      assert.ok(checker.samples > 5, `checker sampled ${checker.samples} times`);
      assert.ok(checker.min >= 3, `fewest ready pods seen: ${checker.min}`);
      const all = await e2e.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image}{" "}{end}']);
      assert.ok(!all.stdout.includes('tskube/web:latest') || all.stdout.trim().split(/\s+/).length > 4, 'no old pods left running');
      await eventually('4 pods, all on image B', async () => {
        const now = await images();
        return now.length === 4 && now.every((i) => i === 'tskube/web:v2') ? now : undefined;
      }, 60_000);
    }));

  it('rollout history lists both revisions', () =>
    run(async () => {
      const { stdout } = await e2e.kubectl(['rollout', 'history', 'deployment/web']);
      assert.match(stdout, /REVISION\s+CHANGE-CAUSE/);
      assert.match(stdout, /^1\s/m);
      assert.match(stdout, /^2\s/m);
      const rev2 = await e2e.kubectl(['rollout', 'history', 'deployment/web', '--revision=2']);
      assert.match(rev2.stdout, /Image:\s+tskube\/web:v2/);
    }));

  it('rollout undo returns to A (revision 3), again with at least 3 ready pods', () =>
    run(async () => {
      const checker = new ReadyChecker(client);
      checker.start();
      try {
        const undo = await e2e.kubectl(['rollout', 'undo', 'deployment/web']);
        assert.match(undo.stdout, /deployment.apps\/web rolled back/);
        await e2e.kubectl(['rollout', 'status', 'deployment/web', '--timeout=180s']);
      } finally {
        checker.stop();
      }
      assert.ok(checker.min >= 3, `fewest ready pods seen: ${checker.min}`);
      const image = await e2e.kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);
      assert.equal(image.stdout, 'tskube/web:latest');
      await eventually('4 pods, all back on image A', async () => {
        const now = await images();
        return now.length === 4 && now.every((i) => i === 'tskube/web:latest') ? now : undefined;
      }, 60_000);
      const { stdout } = await e2e.kubectl(['rollout', 'history', 'deployment/web']);
      assert.match(stdout, /^2\s/m);
      assert.match(stdout, /^3\s/m);
      assert.doesNotMatch(stdout, /^1\s/m, 'revision 1 became 3');
    }));

  it('pause stops rollouts, resume continues, restart rolls new pods', () =>
    run(async () => {
      await e2e.kubectl(['rollout', 'pause', 'deployment/web']);
      await e2e.kubectl(['set', 'image', 'deployment/web', 'web=tskube/web:v2']);
      await new Promise((r) => setTimeout(r, 3000));
      const rs = await e2e.kubectl(['get', 'rs', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.spec.replicas}{" "}{end}']);
      assert.equal(rs.stdout.trim().split(/\s+/).filter((n) => n !== '0').length, 1, 'paused: only one ReplicaSet has replicas');
      const cond = await e2e.kubectl(['get', 'deployment', 'web', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].reason}']);
      assert.equal(cond.stdout, 'DeploymentPaused');
      await e2e.kubectl(['rollout', 'resume', 'deployment/web']);
      await e2e.kubectl(['rollout', 'status', 'deployment/web', '--timeout=180s']);
      assert.deepEqual((await images()).filter((i) => i === 'tskube/web:v2').length, 4);
      const before = (await e2e.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'name'])).stdout;
      await e2e.kubectl(['rollout', 'restart', 'deployment/web']);
      await e2e.kubectl(['rollout', 'status', 'deployment/web', '--timeout=180s']);
      await eventually('restart replaced every pod', async () => {
        const now = (await e2e.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'name'])).stdout.split('\n').filter(Boolean);
        return now.length === 4 && now.every((n) => !before.includes(n)) ? now : undefined;
      }, 60_000);
    }));
});
