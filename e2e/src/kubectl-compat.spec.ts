/**
 * kubectl compatibility, part 1 (kubectl-compat.md section 5): the real kubectl 1.32 (the
 * /usr/bin/kubectl dispatcher) against a whole tskube cluster — discovery, get/-w/wide,
 * describe with events, create/apply/replace/edit/diff/server-side apply, label/annotate/patch,
 * fieldValidation=Warn warnings, deletecollection (delete --raw),
 * wait, explain, cluster-info, events and delete. Output and exit codes are asserted.
 * Part 2 (workloads and nodes) is kubectl-compat-workloads.spec.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import type { JsonWebKey } from 'node:crypto';
import { e2eUnavailable, eventually } from './support/e2e-cluster';
import { deploymentManifest, podManifest } from './support/manifests';
import { useE2ECluster } from './support/use-e2e-cluster';

const svcManifest = `apiVersion: v1
kind: Service
metadata: { name: s1 }
spec:
  selector: { app: d1 }
  ports: [{ port: 80, targetPort: 80 }]
`;

describe('kubectl 1.32 compatibility: objects', { skip: e2eUnavailable(), timeout: 300_000 }, () => {
  const { e2e, kubectl: k, step } = useE2ECluster('kcompat');

  it('version: the dispatcher keeps its own 1.32 client; the server reports 1.32', step(async () => {
    const { stdout } = await k(['version']);
    assert.match(stdout, /^Client Version: v1\.32\.4-dispatcher$/m);
    assert.match(stdout, /^Server Version: v1\.32\.\d+/m);
  }));

  it('api-resources lists kinds with short names, group/version, scope', step(async () => {
    const { stdout } = await k(['api-resources']);
    assert.match(stdout, /^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND$/m);
    assert.match(stdout, /^pods\s+po\s+v1\s+true\s+Pod$/m);
    assert.match(stdout, /^nodes\s+no\s+v1\s+false\s+Node$/m);
    assert.match(stdout, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
  }));

  it('cluster-info prints the control plane URL', step(async () => {
    const { stdout } = await k(['cluster-info']);
    assert.match(stdout, /Kubernetes control plane.* is running at .*http:\/\/127\.0\.0\.1:8080/);
  }));

  it('explain pod.spec.containers uses the OpenAPI v3 schemas', step(async () => {
    const { stdout } = await k(['explain', 'pod.spec.containers']);
    assert.match(stdout, /^KIND:\s+Pod$/m);
    assert.match(stdout, /^VERSION:\s+v1$/m);
    assert.match(stdout, /^FIELD:\s+containers <\[\]Container>$/m);
    assert.match(stdout, /^\s+image\s+<string>$/m);
  }));

  it('create -f creates a pod (201); a second create is AlreadyExists (exit 1)', step(async () => {
    assert.match((await k(['create', '-f', '-'], { input: podManifest('p1') })).stdout, /^pod\/p1 created$/m);
    const again = await k(['create', '-f', '-'], { input: podManifest('p1'), allowFail: true });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Error from server \(AlreadyExists\): error when creating "STDIN": pods "p1" already exists/);
  }));

  it('create -f reports 422 causes, strict unknown fields (400) and takes kind: List (OpenAPI v2 stub)', step(async () => {
    const invalid = await k(['create', '-f', '-'], { input: podManifest('Bad_Name'), allowFail: true });
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /The Pod "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name"/);
    const unknown = await k(['create', '-f', '-'], { input: podManifest('p2').replace('  containers:', '  bogusField: 1\n  containers:'), allowFail: true });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Error from server \(BadRequest\).*strict decoding error: unknown field "spec\.bogusField"/);
    const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: { name: l1 }\n  spec: { ports: [{ port: 80 }] }\n`;
    assert.match((await k(['apply', '-f', '-'], { input: list })).stdout, /^service\/l1 created$/m);
  }));

  it('wait --for=condition=Ready', step(async () => {
    const { stdout } = await k(['wait', '--for=condition=Ready', 'pod/p1', '--timeout=90s']);
    assert.match(stdout, /^pod\/p1 condition met$/m);
  }));

  it('get pods, -o wide and nodes print upstream columns', step(async () => {
    const pods = (await k(['get', 'pods'])).stdout;
    assert.match(pods, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    assert.match(pods, /^p1\s+1\/1\s+Running\s+0\s+\d+[smh]\S*$/m);
    const wide = (await k(['get', 'pods', '-o', 'wide'])).stdout;
    assert.match(wide, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/m);
    assert.match(wide, /^p1\s+1\/1\s+Running\s+0\s+\S+\s+\d+\.\d+\.\d+\.\d+\s+node-1\s+<none>\s+<none>$/m);
    const everywhere = (await k(['get', 'pods', '-A', '--show-labels'])).stdout;
    assert.match(everywhere, /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+LABELS$/m);
    assert.match(everywhere, /^default\s+p1\s+1\/1\s+Running\s+0\s+\S+\s+app=p1$/m);
    const nodes = (await k(['get', 'nodes'])).stdout;
    assert.match(nodes, /^node-1\s+Ready\s+<none>\s+\S+\s+v1\.\d+/m);
    const missing = await k(['get', 'pod', 'nope'], { allowFail: true });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Error from server \(NotFound\): pods "nope" not found/);
  }));

  it('get pods -w prints the list, then a row per change (Table rows, no repeated header)', step(async () => {
    const out = await e2e.kubectlUntil(['get', 'pods', '-w'], /^p1\s.*\n(.|\n)*^p1\s+\S.*\n/m, {
      during: async (output) => {
        await eventually('the listed row', async () => (/^p1\s+1\/1/m.test(output()) ? true : undefined), 20_000);
        await new Promise((r) => setTimeout(r, 300)); // the watch opens right after the list
        await k(['label', 'pod', 'p1', 'watched=yes']);
      },
    });
    assert.equal(out.match(/^NAME\s+READY/gm)?.length, 1, out);
    assert.equal(out.match(/^p1\s+1\/1\s+Running\s+0\s+\S+$/gm)?.length, 2, out);
  }));

  it('field selectors: metadata.name, spec.nodeName, status.phase, involvedObject.*', step(async () => {
    const names = async (args: string[]) => (await k(['get', ...args, '-o', 'name'])).stdout.trim();
    assert.equal(await names(['pods', '--field-selector', 'metadata.name=p1']), 'pod/p1');
    assert.equal(await names(['pods', '--field-selector', 'spec.nodeName=node-1,status.phase=Running']), 'pod/p1');
    assert.equal(await names(['pods', '--field-selector', 'status.phase!=Running']), '');
    const ev = await k(['get', 'events', '--field-selector', 'involvedObject.kind=Pod,involvedObject.name=p1,reason=Scheduled', '-o', 'jsonpath={.items[*].reason}']);
    assert.equal(ev.stdout, 'Scheduled');
    const bad = await k(['get', 'pods', '--field-selector', 'spec.bogus=1'], { allowFail: true });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Error from server \(BadRequest\).*field label not supported: spec\.bogus/);
  }));

  it('describe pod shows the spec, status and the scheduler event', step(async () => {
    const { stdout } = await k(['describe', 'pod', 'p1']);
    assert.match(stdout, /^Name:\s+p1$/m);
    assert.match(stdout, /^Namespace:\s+default$/m);
    assert.match(stdout, /^Node:\s+node-1\/\S+$/m);
    assert.match(stdout, /^Status:\s+Running$/m);
    assert.match(stdout, /^\s+Image:\s+tskube\/web:latest$/m);
    assert.match(stdout, /^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message$/m);
    assert.match(stdout, /Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/p1 to node-1/);
  }));

  it('label and annotate (merge patches)', step(async () => {
    assert.match((await k(['label', 'pod', 'p1', 'tier=web'])).stdout, /^pod\/p1 labeled$/m);
    assert.match((await k(['get', 'pods', '-l', 'tier in (web,db)', '-o', 'name'])).stdout, /^pod\/p1$/m);
    assert.match((await k(['label', 'pod', 'p1', 'tier-'])).stdout, /^pod\/p1 unlabeled$/m);
    assert.equal((await k(['get', 'pods', '-l', 'tier', '-o', 'name'])).stdout, '');
    assert.match((await k(['annotate', 'pod', 'p1', 'note=hello'])).stdout, /^pod\/p1 annotated$/m);
    assert.equal((await k(['get', 'pod', 'p1', '-o', 'jsonpath={.metadata.annotations.note}'])).stdout, 'hello');
  }));

  it('patch: strategic (default), merge and json', step(async () => {
    assert.match((await k(['patch', 'pod', 'p1', '-p', '{"metadata":{"labels":{"s":"1"}}}'])).stdout, /^pod\/p1 patched$/m);
    assert.match((await k(['patch', 'pod', 'p1', '--type=merge', '-p', '{"metadata":{"labels":{"m":"2"}}}'])).stdout, /^pod\/p1 patched$/m);
    assert.match((await k(['patch', 'pod', 'p1', '--type=json', '-p', '[{"op":"add","path":"/metadata/labels/j","value":"3"}]'])).stdout, /^pod\/p1 patched$/m);
    const labels = JSON.parse((await k(['get', 'pod', 'p1', '-o', 'jsonpath={.metadata.labels}'])).stdout) as Record<string, string>;
    assert.deepEqual([labels['s'], labels['m'], labels['j']], ['1', '2', '3']);
    assert.match((await k(['patch', 'pod', 'p1', '-p', '{"metadata":{"labels":{"s":"1"}}}'])).stdout, /^pod\/p1 patched \(no change\)$/m);
    const bad = await k(['patch', 'pod', 'p1', '--type=json', '-p', '[{"op":"test","path":"/metadata/name","value":"x"}]'], { allowFail: true });
    assert.equal(bad.code, 1);
  }));

  it('apply -f twice: created, then unchanged; a change is configured', step(async () => {
    assert.match((await k(['apply', '-f', '-'], { input: deploymentManifest('d1', 1) })).stdout, /^deployment\.apps\/d1 created$/m);
    assert.match((await k(['apply', '-f', '-'], { input: deploymentManifest('d1', 1) })).stdout, /^deployment\.apps\/d1 unchanged$/m);
    assert.match((await k(['apply', '-f', '-'], { input: deploymentManifest('d1', 2) })).stdout, /^deployment\.apps\/d1 configured$/m);
    assert.match((await k(['rollout', 'status', 'deployment/d1', '--timeout=90s'])).stdout, /deployment "d1" successfully rolled out/);
  }));

  it('get all lists pods, deployments, replicasets and the kubernetes service (category all)', step(async () => {
    const all = (await k(['get', 'all'])).stdout;
    assert.match(all, /^pod\/p1\s+1\/1\s+Running/m);
    assert.match(all, /^deployment\.apps\/d1\s+2\/2\s+2\s+2\s/m);
    assert.match(all, /^replicaset\.apps\/d1-[a-z0-9]+\s+2\s+2\s+2\s/m);
    assert.match(all, /^service\/kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s/m);
  }));

  it('describe deployment shows replicas, the new ReplicaSet and scaling events', step(async () => {
    const { stdout } = await k(['describe', 'deployment', 'd1']);
    assert.match(stdout, /^Name:\s+d1$/m);
    assert.match(stdout, /^Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable$/m);
    assert.match(stdout, /^NewReplicaSet:\s+d1-[a-z0-9]+ \(2\/2 replicas created\)$/m);
    assert.match(stdout, /Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set d1-[a-z0-9]+ (to|from \d+ to) 2/);
  }));

  it('diff -f exits 1 with a diff and persists nothing (dryRun=All)', step(async () => {
    const d = await k(['diff', '-f', '-'], { input: deploymentManifest('d1', 3), allowFail: true });
    assert.equal(d.code, 1, d.stderr);
    assert.match(d.stdout, /^-\s+replicas: 2$/m);
    assert.match(d.stdout, /^\+\s+replicas: 3$/m);
    assert.equal((await k(['get', 'deploy', 'd1', '-o', 'jsonpath={.spec.replicas}'])).stdout, '2');
    const same = await k(['diff', '-f', '-'], { input: deploymentManifest('d1', 2), allowFail: true });
    assert.equal(same.code, 0, same.stdout + same.stderr);
  }));

  it('replace -f puts the object (with its resourceVersion)', step(async () => {
    const { stdout } = await k(['replace', '-f', '-'], { input: deploymentManifest('d1', 2, 'replaced: "yes"') });
    assert.match(stdout, /^deployment\.apps\/d1 replaced$/m);
    assert.equal((await k(['get', 'deploy', 'd1', '-o', 'jsonpath={.metadata.labels.replaced}'])).stdout, 'yes');
  }));

  it('edit sends the editor\'s change as a patch (fieldManager kubectl-edit); an unchanged buffer is cancelled', step(async () => {
    // kubectl runs an editor string with quotes through `sh -c "<editor> <file>"`; sed edits only metadata.labels.
    const editor = `sed -i -e '/^metadata:/,/^spec:/ s/^\\( *\\)replaced: .*/\\1replaced: edited/'`;
    assert.match((await k(['edit', 'deployment', 'd1'], { env: { KUBE_EDITOR: editor } })).stdout, /^deployment\.apps\/d1 edited$/m);
    assert.equal((await k(['get', 'deploy', 'd1', '-o', 'jsonpath={.metadata.labels.replaced}'])).stdout, 'edited');
    assert.match((await k(['get', 'deploy', 'd1', '-o', 'jsonpath={.metadata.managedFields[*].manager}', '--show-managed-fields'])).stdout, /\bkubectl-edit\b/);
    const cancelled = await k(['edit', 'deployment', 'd1'], { env: { KUBE_EDITOR: 'true' } });
    assert.match(cancelled.stdout + cancelled.stderr, /Edit cancelled, no changes made\./);
  }));

  it('fieldValidation: Warn creates with a Warning header, Strict refuses, Ignore is silent; delete --raw on a collection (deletecollection) removes only the selected', step(async () => {
    const cm = (name: string, labels: string, extra = ''): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, labels: { ${labels} } }\ndata: { a: b }\n${extra}`;
    const warned = await k(['create', '--validate=warn', '-f', '-'], { input: cm('warned', 'group: raw', 'bogus: 1\n') });
    assert.match(warned.stdout, /^configmap\/warned created$/m);
    assert.match(warned.stderr, /Warning: unknown field "bogus"/);
    const strict = await k(['create', '-f', '-'], { input: cm('strict', 'group: raw', 'bogus: 1\n'), allowFail: true });
    assert.equal(strict.code, 1, 'the default (Strict) refuses what Warn let through');
    const ignored = await k(['create', '--validate=false', '-f', '-'], { input: cm('ignored', 'group: raw', 'bogus: 1\n') });
    assert.match(ignored.stdout, /^configmap\/ignored created$/m);
    assert.doesNotMatch(ignored.stderr, /unknown field/, 'fieldValidation=Ignore: no warning');
    await k(['create', '-f', '-'], { input: cm('raw2', 'group: raw') + '---\n' + cm('kept', 'group: other') });
    const names = async (): Promise<string> => (await k(['get', 'cm', '-l', 'group', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout;
    assert.equal(await names(), 'ignored kept raw2 warned');
    const status = JSON.parse((await k(['delete', '--raw', '/api/v1/namespaces/default/configmaps?labelSelector=group%3Draw'])).stdout) as { kind: string; items?: unknown[] };
    assert.equal(status.kind, 'ConfigMapList', 'deletecollection answers with the list of what it deleted, as upstream');
    assert.equal(status.items?.length, 3);
    assert.equal(await names(), 'kept');
  }));

  it('apply --server-side creates, then updates', step(async () => {
    assert.match((await k(['apply', '--server-side', '-f', '-'], { input: svcManifest })).stdout, /^service\/s1 serverside-applied$/m);
    assert.match((await k(['apply', '--server-side', '-f', '-'], { input: svcManifest.replace('name: s1', 'name: s1, labels: { tier: front }') })).stdout, /^service\/s1 serverside-applied$/m);
    assert.equal((await k(['get', 'svc', 's1', '-o', 'jsonpath={.metadata.labels.tier}'])).stdout, 'front');
  }));

  it('events lists what happened', step(async () => {
    const { stdout } = await k(['events']);
    assert.match(stdout, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
    assert.match(stdout, /Normal\s+Scheduled\s+Pod\/p1\s+Successfully assigned default\/p1 to node-1/);
    const filtered = (await k(['events', '--for', 'pod/p1'])).stdout;
    assert.match(filtered, /Scheduled\s+Pod\/p1/);
    assert.doesNotMatch(filtered, /Deployment\/d1/);
  }));

  it('create token prints a JWT with upstream claims whose signature verifies with /openid/v1/jwks', step(async () => {
    await eventually('the default ServiceAccount (serviceaccount controller)', async () => ((await k(['get', 'sa', 'default'], { allowFail: true })).code === 0 ? true : undefined), 90_000);
    const token = (await k(['create', 'token', 'default', '--duration=15m', '--audience=foo'])).stdout.trim();
    const [h, p, sig] = token.split('.') as [string, string, string];
    const part = (x: string): Record<string, unknown> => JSON.parse(Buffer.from(x, 'base64url').toString('utf8')) as Record<string, unknown>;
    const header = part(h);
    const claims = part(p);
    assert.equal(header['alg'], 'RS256');
    assert.equal(claims['sub'], 'system:serviceaccount:default:default');
    assert.deepEqual(claims['aud'], ['foo']);
    assert.equal(claims['iss'], 'https://kubernetes.default.svc.cluster.local');
    assert.equal(Number(claims['exp']) - Number(claims['iat']), 900);
    assert.ok(Math.abs(Number(claims['exp']) - (Date.now() / 1000 + 900)) < 120, `exp ${String(claims['exp'])}`);
    const uid = (await k(['get', 'sa', 'default', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    assert.deepEqual(claims['kubernetes.io'], { namespace: 'default', serviceaccount: { name: 'default', uid } });
    const jwks = JSON.parse((await k(['get', '--raw', '/openid/v1/jwks'])).stdout) as { keys: (JsonWebKey & { kid: string })[] };
    const jwk = jwks.keys.find((x) => x.kid === header['kid']);
    assert.ok(jwk, `kid ${String(header['kid'])} in the JWKS`);
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(sig, 'base64url')), 'RS256 signature verifies');
    assert.ok(!verify('sha256', Buffer.from(`${h}.${p}x`), key, Buffer.from(sig, 'base64url')), 'a changed payload does not');
    const discovery = JSON.parse((await k(['get', '--raw', '/.well-known/openid-configuration'])).stdout) as { issuer: string };
    assert.equal(discovery.issuer, claims['iss']);
    // bound to a pod: its name and uid are in the claims; a missing account is NotFound
    const bound = (await k(['create', 'token', 'default', '--bound-object-kind=Pod', '--bound-object-name=p1'])).stdout.trim();
    const podUid = (await k(['get', 'pod', 'p1', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    assert.deepEqual((part(bound.split('.')[1] ?? '')['kubernetes.io'] as { pod: unknown }).pod, { name: 'p1', uid: podUid });
    const missing = await k(['create', 'token', 'nope'], { allowFail: true });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: failed to create token: serviceaccounts "nope" not found$/m);
  }));

  it('get prints upstream columns for configmaps, secrets and serviceaccounts', step(async () => {
    assert.match((await k(['create', 'secret', 'generic', 'sec1', '--from-literal=a=b', '--from-literal=c=d'])).stdout, /^secret\/sec1 created$/m);
    const secrets = (await k(['get', 'secret', 'sec1'])).stdout;
    assert.match(secrets, /^NAME\s+TYPE\s+DATA\s+AGE$/m);
    assert.match(secrets, /^sec1\s+Opaque\s+2\s+\d+[smh]\S*$/m);
    const cms = (await k(['get', 'configmap', 'kept'])).stdout;
    assert.match(cms, /^NAME\s+DATA\s+AGE$/m);
    assert.match(cms, /^kept\s+1\s+\d+[smh]\S*$/m);
    const sas = (await k(['get', 'serviceaccount', 'default'])).stdout;
    assert.match(sas, /^NAME\s+SECRETS\s+AGE$/m);
    assert.match(sas, /^default\s+0\s+\d+[smh]\S*$/m);
  }));

  it('delete waits until the pod is gone', step(async () => {
    const { stdout } = await k(['delete', 'pod', 'p1', '--timeout=60s']);
    assert.match(stdout, /^pod "p1" deleted$/m);
    const gone = await k(['get', 'pod', 'p1'], { allowFail: true });
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /NotFound/);
    const again = await k(['delete', 'pod', 'p1'], { allowFail: true });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Error from server \(NotFound\): pods "p1" not found/);
    assert.equal((await k(['delete', 'pod', 'p1', '--ignore-not-found'])).code, 0);
  }));
});
