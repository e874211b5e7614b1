/**
 * Issue 5: foreground deletion of a Deployment removes its ReplicaSets and pods before the
 * Deployment itself; orphan deletion leaves the ReplicaSet and pods running without owners;
 * deleting a namespace removes everything in it (pods, Deployments, RCs, Jobs, services,
 * ConfigMaps, ServiceAccounts), then the namespace, and no container is left. That is the
 * controller-manager's namespace controller, as upstream: with it stopped a deleted namespace
 * stays Terminating with its content, and is emptied and removed once it runs again.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { deploymentManifest, replicationControllerManifest } from './support/manifests';
import { useE2ECluster } from './support/use-e2e-cluster';

const deployment = (name: string, ns = 'default'): string => deploymentManifest(name, 2, { namespace: ns });
const rc = (ns: string): string => replicationControllerManifest('inner-rc', 1, 'app', { namespace: ns });

describe('garbage collection and namespace deletion', { skip: e2eUnavailable(), timeout: 420_000 }, () => {
  const { e2e, run } = useE2ECluster('gc');

  const names = async (args: string[]): Promise<string[]> => (await e2e.kubectl(['get', ...args, '-o', 'name'], { allowFail: true })).stdout.split('\n').filter(Boolean);
  const containers = async (): Promise<number> => (await e2e.docker(['ps', '-q', '--filter', 'label=io.kubernetes.container.name=web'])).stdout.split('\n').filter(Boolean).length;

  it('foreground: the ReplicaSet and pods go before the Deployment', () =>
    run(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: deployment('fg') });
      await e2e.kubectl(['rollout', 'status', 'deployment/fg', '--timeout=120s']);
      await e2e.kubectl(['delete', 'deployment', 'fg', '--cascade=foreground', '--wait=false']);
      let sawWaiting = false;
      await eventually('deployment gone', async () => {
        const [d, rs, pods] = await Promise.all([names(['deployment', 'fg']), names(['rs', '-l', 'app=fg']), names(['pods', '-l', 'app=fg'])]);
        if (d.length === 0) {
          assert.deepEqual([rs, pods], [[], []], 'dependents must be gone when the deployment goes');
          return true;
        }
        if (rs.length + pods.length > 0) {
          const fin = await e2e.kubectl(['get', 'deployment', 'fg', '-o', 'jsonpath={.metadata.finalizers}'], { allowFail: true });
          if (fin.stdout.includes('foregroundDeletion')) sawWaiting = true;
        }
        return undefined;
      }, 120_000);
      assert.ok(sawWaiting, 'the deployment was seen waiting (foregroundDeletion) while dependents existed');
      await eventually('no fg containers', async () => ((await containers()) === 0 ? true : undefined), 60_000);
    }));

  it('orphan: the ReplicaSet and pods stay, without owner references', () =>
    run(async () => {
      await e2e.kubectl(['apply', '-f', '-'], { input: deployment('orph') });
      await e2e.kubectl(['rollout', 'status', 'deployment/orph', '--timeout=120s']);
      await e2e.kubectl(['delete', 'deployment', 'orph', '--cascade=orphan']);
      await eventually('deployment gone', async () => ((await names(['deployment', 'orph'])).length === 0 ? true : undefined), 60_000);
      const rs = await e2e.kubectl(['get', 'rs', '-l', 'app=orph', '-o', 'jsonpath={range .items[*]}{.metadata.name}:{.metadata.ownerReferences}{" "}{end}']);
      assert.match(rs.stdout.trim(), /^orph-[a-z0-9]+:(\[\])?$/);
      assert.equal((await names(['pods', '-l', 'app=orph'])).length, 2);
      await e2e.kubectl(['delete', 'rs', '-l', 'app=orph']);
      await eventually('orphaned pods collected with their RS', async () => ((await names(['pods', '-l', 'app=orph'])).length === 0 ? true : undefined), 90_000);
    }));

  it('deleting a namespace removes everything in it, then the namespace', () =>
    run(async () => {
      await e2e.kubectl(['create', 'namespace', 'doomed']);
      await e2e.kubectl(['apply', '-f', '-'], { input: deployment('inner', 'doomed') });
      await e2e.kubectl(['-n', 'doomed', 'create', 'service', 'clusterip', 'inner', '--tcp=80:80']);
      await e2e.kubectl(['-n', 'doomed', 'create', 'configmap', 'cfg', '--from-literal=a=b']);
      await e2e.kubectl(['-n', 'doomed', 'create', 'job', 'sleeper', '--image=tskube/busybox:latest', '--', 'sleep', '3600']);
      await e2e.kubectl(['apply', '-f', '-'], { input: rc('doomed') });
      await e2e.kubectl(['-n', 'doomed', 'rollout', 'status', 'deployment/inner', '--timeout=120s']);
      await e2e.kubectl(['delete', 'namespace', 'doomed', '--wait=false']);
      // its running pods keep it Terminating (graceful deletion) for a while; new objects are refused meanwhile
      assert.equal((await e2e.kubectl(['get', 'namespace', 'doomed', '-o', 'jsonpath={.status.phase}'])).stdout, 'Terminating');
      const refused = await e2e.kubectl(['-n', 'doomed', 'create', 'configmap', 'late', '--from-literal=a=b'], { allowFail: true });
      assert.equal(refused.code, 1);
      // kubectl create configmap words it `error: failed to create configmap: <the Status message>`
      assert.match(refused.stderr, /configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated/);
      // the namespace controller says what it waits for (upstream's condition, reason and wording)
      const remaining = '{.status.conditions[?(@.type=="NamespaceContentRemaining")].reason} {.status.conditions[?(@.type=="NamespaceContentRemaining")].message}';
      const cond = await eventually('NamespaceContentRemaining', async () => {
        const out = (await e2e.kubectl(['get', 'namespace', 'doomed', '-o', `jsonpath=${remaining}`])).stdout;
        return out.startsWith('SomeResourcesRemain ') ? out : undefined;
      }, 60_000);
      assert.match(cond, /^SomeResourcesRemain Some resources are remaining: .*pods\. has \d+ resource instances/);
      await eventually('namespace gone', async () => ((await names(['namespace', 'doomed'])).length === 0 ? true : undefined), 150_000);
      for (const kind of ['pods', 'rs', 'deployments', 'services', 'endpoints', 'configmaps', 'jobs', 'rc', 'serviceaccounts']) {
        const left = await e2e.kubectl(['get', kind, '-n', 'doomed', '-o', 'name'], { allowFail: true });
        assert.equal(left.stdout.trim(), '', `${kind} left in doomed`);
      }
      await eventually('no containers', async () => ((await containers()) === 0 ? true : undefined), 60_000);
    }));

  it('without the controller-manager a deleted namespace stays Terminating with its content; it goes once the controller-manager runs', () =>
    run(async () => {
      await e2e.kubectl(['create', 'namespace', 'frozen']);
      await e2e.kubectl(['-n', 'frozen', 'create', 'configmap', 'kept', '--from-literal=a=b']);
      await e2e.cluster.stopComponent('controller-manager');
      try {
        await e2e.kubectl(['delete', 'namespace', 'frozen', '--wait=false']);
        await new Promise((r) => setTimeout(r, 5_000)); // what the apiserver alone would have done by now
        assert.equal((await e2e.kubectl(['get', 'namespace', 'frozen', '-o', 'jsonpath={.status.phase}'])).stdout, 'Terminating');
        assert.deepEqual(await names(['configmaps', '-n', 'frozen']), ['configmap/kept']);
        assert.equal((await e2e.kubectl(['get', 'namespace', 'frozen', '-o', 'jsonpath={.spec.finalizers}'])).stdout, '["kubernetes"]');
      } finally {
        await e2e.cluster.restart('controller-manager');
      }
      await eventually('namespace frozen gone', async () => ((await names(['namespace', 'frozen'])).length === 0 ? true : undefined), 120_000);
      assert.deepEqual(await names(['configmaps', '-n', 'frozen']), []);
    }));
});
