/**
 * The core kubectl subset (issue 3 "done when") with every installed minor, 1.27 … 1.33,
 * called directly (`/usr/lib/google-cloud-sdk/bin/kubectl.1.NN`, which do not dispatch).
 * One cluster; each version works in its own namespace so the runs stay independent.
 * Typed-client creates (`create deployment`) are protobuf from 1.32 on (observed: 1.31 still sends JSON).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable } from './support/e2e-cluster';
import { deploymentManifest, podManifest } from './support/manifests';
import { useE2ECluster } from './support/use-e2e-cluster';

const MINORS = [27, 28, 29, 30, 31, 32, 33];
const binary = (minor: number): string => `/usr/lib/google-cloud-sdk/bin/kubectl.1.${minor}`;


describe('kubectl 1.27 … 1.33: the core subset', { skip: e2eUnavailable(), timeout: 600_000 }, () => {
  const namespaces = MINORS.map((m) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: v1-${m} }\n`).join('---\n');
  const { e2e, step } = useE2ECluster('kversion', { setup: (c) => c.kubectl(['create', '-f', '-'], { input: namespaces }) });

  for (const minor of MINORS) {
    describe(`kubectl 1.${minor}`, () => {
      const ns = `v1-${minor}`;
      const k = (args: string[], opts: { input?: string; allowFail?: boolean } = {}) => e2e.kubectl([`--namespace=${ns}`, ...args], { ...opts, binary: binary(minor) });

      it('version reports its own minor', step(async () => {
        const out = await k(['version', '--output=json']);
        const v = JSON.parse(out.stdout) as { clientVersion: { minor: string }; serverVersion: { minor: string } };
        assert.equal(v.clientVersion.minor, String(minor));
        assert.equal(v.serverVersion.minor, '32');
      }));

      it('create -f, get, get -w, describe', step(async () => {
        assert.match((await k(['create', '-f', '-'], { input: podManifest('p1') })).stdout, /^pod\/p1 created$/m);
        assert.match((await k(['get', 'pods'])).stdout, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n(p1\s+0\/1\s+(Pending|ContainerCreating)|p1\s+1\/1\s+Running)/m);
        const watched = await e2e.kubectlUntil([`--namespace=${ns}`, 'get', 'pod', 'p1', '-w'], /^p1\s+1\/1\s+Running\s/m, { binary: binary(minor), timeoutMs: 60_000 });
        assert.equal(watched.match(/^NAME\s/gm)?.length, 1, watched);
        const described = (await k(['describe', 'pod', 'p1'])).stdout;
        assert.match(described, new RegExp(`^Namespace:\\s+${ns}$`, 'm'));
        assert.match(described, /^Status:\s+Running$/m);
        assert.match(described, /Normal\s+Scheduled\s+.*default-scheduler\s+Successfully assigned/);
      }));

      it('patch (strategic, merge, json) and label', step(async () => {
        assert.match((await k(['patch', 'pod', 'p1', '-p', '{"metadata":{"labels":{"s":"1"}}}'])).stdout, /^pod\/p1 patched$/m);
        assert.match((await k(['patch', 'pod', 'p1', '--type=merge', '-p', '{"metadata":{"labels":{"m":"2"}}}'])).stdout, /^pod\/p1 patched$/m);
        assert.match((await k(['patch', 'pod', 'p1', '--type=json', '-p', '[{"op":"add","path":"/metadata/labels/j","value":"3"}]'])).stdout, /^pod\/p1 patched$/m);
        assert.match((await k(['label', 'pod', 'p1', 'l=4'])).stdout, /^pod\/p1 labeled$/m);
        assert.equal((await k(['get', 'pods', '-l', 's=1,m=2,j=3,l=4', '-o', 'name'])).stdout.trim(), 'pod/p1');
      }));

      it('apply -f twice, rollout status, apply --server-side', step(async () => {
        assert.match((await k(['apply', '-f', '-'], { input: deploymentManifest('d1', 1) })).stdout, /^deployment\.apps\/d1 created$/m);
        assert.match((await k(['apply', '-f', '-'], { input: deploymentManifest('d1', 1) })).stdout, /^deployment\.apps\/d1 unchanged$/m);
        assert.match((await k(['rollout', 'status', 'deployment/d1', '--timeout=90s'])).stdout, /^deployment "d1" successfully rolled out$/m);
        const ssa = await k(['apply', '--server-side', '--force-conflicts', '-f', '-'], { input: deploymentManifest('d1', 1, 'ssa: "yes"') });
        assert.match(ssa.stdout, /^deployment\.apps\/d1 serverside-applied$/m);
        assert.equal((await k(['get', 'deploy', 'd1', '-o', 'jsonpath={.metadata.labels.ssa}'])).stdout, 'yes');
      }));

      it('scale', step(async () => {
        assert.match((await k(['scale', 'deployment', 'd1', '--replicas=2'])).stdout, /^deployment\.apps\/d1 scaled$/m);
        assert.equal((await k(['get', 'deploy', 'd1', '-o', 'jsonpath={.spec.replicas}'])).stdout, '2');
      }));

      it('create deployment', step(async () => {
        assert.match((await k(['create', 'deployment', 'made', '--image=tskube/web:latest'])).stdout, /^deployment\.apps\/made created$/m);
        assert.match((await k(['get', 'deployments'])).stdout, /^made\s+\d\/1\s/m);
      }));

      it('explain pod.spec.containers', step(async () => {
        const { stdout } = await k(['explain', 'pod.spec.containers']);
        assert.match(stdout, /^KIND:\s+Pod$/m);
        assert.match(stdout, /^\s*image\s+<string>$/m);
      }));

      it('delete', step(async () => {
        assert.match((await k(['delete', 'pod', 'p1', '--timeout=60s'])).stdout, /^pod "p1" deleted$/m);
        assert.match((await k(['delete', 'deployment', 'd1'])).stdout, /^deployment\.apps "d1" deleted$/m);
        const gone = await k(['get', 'pod', 'p1'], { allowFail: true });
        assert.equal(gone.code, 1);
        assert.match(gone.stderr, /Error from server \(NotFound\): pods "p1" not found/);
      }));
    });
  }
});
