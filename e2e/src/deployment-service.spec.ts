/**
 * The story of ../shared/seeds/001: a Deployment of a web server, exposed as a Service, reached
 * by curl on its ClusterIP, with both pods answering; deleting the Deployment removes its pods
 * and their containers. Real etcd, Docker, iptables and kubectl, inside a private netns.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { deploymentManifest } from './support/manifests';
import { useE2ECluster } from './support/use-e2e-cluster';

const manifest = deploymentManifest('web', 2);

const skip = e2eUnavailable();

describe('deployment, service and ClusterIP (seed 001)', { skip, timeout: 600_000 }, () => {
  const { e2e, step } = useE2ECluster('deploy');

  it('kubectl get nodes shows the node Ready', step(async () => {
      const { stdout } = await e2e.kubectl(['get', 'nodes']);
      assert.match(stdout, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/m);
      assert.match(stdout, /^node-1\s+Ready\s/m);
    }));

  it('apply -f creates the deployment and both pods run', step(async () => {
      const applied = await e2e.kubectl(['apply', '-f', '-'], { input: manifest });
      assert.match(applied.stdout, /deployment.apps\/web created/);
      await e2e.kubectl(['rollout', 'status', 'deployment/web', '--timeout=120s']);
      const pods = await e2e.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.status.phase}{" "}{end}']);
      assert.deepEqual(pods.stdout.trim().split(' '), ['Running', 'Running']);
    }));

  let clusterIP = '';
  it('expose creates a service with a ClusterIP and endpoints for both pods', step(async () => {
      const exposed = await e2e.kubectl(['expose', 'deployment', 'web', '--port', '80']);
      assert.match(exposed.stdout, /service\/web exposed/);
      clusterIP = (await e2e.kubectl(['get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}'])).stdout.trim();
      assert.match(clusterIP, /^10\.(9[6-9]|1[01][0-9])\.\d+\.\d+$/, 'ClusterIP from 10.96.0.0/12');
      await eventually('two endpoint addresses', async () => {
        const ips = (await e2e.kubectl(['get', 'ep', 'web', '-o', 'jsonpath={.subsets[*].addresses[*].ip}'])).stdout.trim();
        return ips.split(/\s+/).filter(Boolean).length === 2 ? ips : undefined;
      });
    }));

  it('kubectl get deploy,rs,pods,svc,ep prints upstream columns', step(async () => {
      const { stdout } = await e2e.kubectl(['get', 'deploy,rs,pods,svc,ep']);
      assert.match(stdout, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
      assert.match(stdout, /^deployment\.apps\/web\s+2\/2\s+2\s+2\s+\S+$/m);
      assert.match(stdout, /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$/m);
      assert.match(stdout, /^replicaset\.apps\/web-[a-z0-9]+\s+2\s+2\s+2\s+\S+$/m);
      assert.match(stdout, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
      assert.equal(stdout.match(/^pod\/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\S+$/gm)?.length, 2);
      assert.match(stdout, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m);
      assert.match(stdout, new RegExp(`^service/web\\s+ClusterIP\\s+${clusterIP.replace(/\./g, '\\.')}\\s+<none>\\s+80/TCP\\s+\\S+$`, 'm'));
      assert.match(stdout, /^NAME\s+ENDPOINTS\s+AGE$/m);
      assert.match(stdout, /^endpoints\/web\s+\d+\.\d+\.\d+\.\d+:80,\d+\.\d+\.\d+\.\d+:80\s+\S+$/m);
    }));

  it('curl on the ClusterIP returns the page, and both pods answer', step(async () => {
      const pods = (await e2e.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout.trim().split(' ').sort();
      const seen = new Set<string>();
      for (let i = 0; i < 60 && seen.size < 2; i++) {
        const page = await eventually('the ClusterIP to answer', () => e2e.curl(`http://${clusterIP}/`), 20_000);
        assert.match(page, /Welcome to tskube!/);
        const by = /served by ([^<\s]+)</.exec(page)?.[1];
        if (by) seen.add(by);
      }
      assert.deepEqual([...seen].sort(), pods);
    }));

  it('kubectl delete deployment removes its pods and their containers', step(async () => {
      await e2e.kubectl(['delete', 'deployment', 'web']);
      await eventually('the pods to be gone', async () => {
        const { stdout } = await e2e.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'name']);
        return stdout.trim() === '' ? true : undefined;
      }, 90_000);
      await eventually('the containers to be gone', async () => {
        const { stdout } = await e2e.docker(['ps', '-a', '-q', '--filter', 'label=io.kubernetes.pod.namespace=default']);
        return stdout.trim() === '' ? true : undefined;
      }, 60_000);
      const rs = await e2e.kubectl(['get', 'rs', '-o', 'name']);
      assert.equal(rs.stdout.trim(), '');
    }));
});
