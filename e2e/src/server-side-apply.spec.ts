/**
 * Server-side apply with the real kubectl 1.32 against a whole tskube cluster: field managers,
 * conflicts printed by kubectl with the manager and field, --force-conflicts moving ownership,
 * pruning of fields a manager stops applying, conflicts with `kubectl scale`, and list-map keys
 * with several fields (container ports keyed by containerPort+protocol).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { e2eUnavailable } from './support/e2e-cluster';
import { useE2ECluster } from './support/use-e2e-cluster';

interface ManagedEntry { manager: string; operation: string; subresource?: string; fieldsV1: Record<string, unknown> }
interface Deployment { metadata: { managedFields?: ManagedEntry[] }; spec: { replicas: number; minReadySeconds?: number; template: { spec: { containers: { ports?: { containerPort: number; protocol?: string }[] }[] } } } }

/** The first manager's full configuration: a DNS-like container with port 53 over TCP and UDP. */
const manifest = (extra: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ssa, labels: { app: ssa } }
spec:
${extra}  selector: { matchLabels: { app: ssa } }
  template:
    metadata: { labels: { app: ssa } }
    spec:
      containers:
      - name: main
        image: tskube/web:latest
        imagePullPolicy: Never
        ports:
        - { containerPort: 53, protocol: TCP }
        - { containerPort: 53, protocol: UDP }
`;

/** A second manager's partial configuration: only the replica count. */
const replicasOnly = (n: number): string => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ssa }
spec: { replicas: ${n} }
`;

const owns = (e: ManagedEntry | undefined, field: string): boolean => !!e && Object.hasOwn(e.fieldsV1['f:spec'] ?? {}, `f:${field}`);

describe('server-side apply (kubectl 1.32)', { skip: e2eUnavailable(), timeout: 300_000 }, () => {
  const { e2e, step } = useE2ECluster('ssa');
  const get = async (): Promise<Deployment> => JSON.parse((await e2e.kubectl(['get', 'deploy', 'ssa', '-o', 'json', '--show-managed-fields'])).stdout) as Deployment;
  const entry = (d: Deployment, manager: string, operation = 'Apply'): ManagedEntry | undefined => d.metadata.managedFields?.find((e) => e.manager === manager && e.operation === operation);

  it('apply --server-side creates; both ports with containerPort 53 survive (keyed by containerPort+protocol)', step(async () => {
    const r = await e2e.kubectl(['apply', '--server-side', '-f', '-'], { input: manifest('  replicas: 1\n  minReadySeconds: 5\n') });
    assert.match(r.stdout, /^deployment\.apps\/ssa serverside-applied$/m);
    const d = await get();
    assert.deepEqual(d.spec.template.spec.containers[0]?.ports, [{ containerPort: 53, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }]);
    const mine = entry(d, 'kubectl');
    assert.ok(mine, JSON.stringify(d.metadata.managedFields));
    assert.ok(owns(mine, 'replicas') && owns(mine, 'minReadySeconds'));
    const ports = JSON.stringify(mine.fieldsV1);
    assert.ok(ports.includes('k:{\\"containerPort\\":53,\\"protocol\\":\\"TCP\\"}') && ports.includes('k:{\\"containerPort\\":53,\\"protocol\\":\\"UDP\\"}'), ports);
  }));

  it('a second manager changing the same field fails with the conflict naming manager and field', step(async () => {
    const r = await e2e.kubectl(['apply', '--server-side', '--field-manager=other', '-f', '-'], { input: replicasOnly(3), allowFail: true });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas/);
    assert.equal((await get()).spec.replicas, 1);
  }));

  it('--force-conflicts moves ownership to the second manager', step(async () => {
    await e2e.kubectl(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], { input: replicasOnly(3) });
    const d = await get();
    assert.equal(d.spec.replicas, 3);
    assert.ok(owns(entry(d, 'other'), 'replicas'));
    assert.ok(!owns(entry(d, 'kubectl'), 'replicas'));
  }));

  it('a field removed from the applied manifest is removed from the object; fields others own stay', step(async () => {
    await e2e.kubectl(['apply', '--server-side', '-f', '-'], { input: manifest('') });
    const d = await get();
    assert.equal(d.spec.minReadySeconds, undefined);
    assert.equal(d.spec.replicas, 3);
    assert.ok(!owns(entry(d, 'kubectl'), 'minReadySeconds'));
  }));

  it('labels are granular per manager; an unchanged re-apply writes nothing (same resourceVersion)', step(async () => {
    const cm = (labels: string, data: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm, labels: { ${labels} } }\ndata: { ${data} }\n`;
    await e2e.kubectl(['apply', '--server-side', '-f', '-'], { input: cm('a: "1"', 'k: v') });
    await e2e.kubectl(['apply', '--server-side', '--field-manager=other', '-f', '-'], { input: cm('b: "2"', '') });
    const rv = async (): Promise<string> => (await e2e.kubectl(['get', 'cm', 'cm', '-o', 'jsonpath={.metadata.resourceVersion} {.metadata.labels.a}{.metadata.labels.b} {.data.k}'])).stdout;
    const before = await rv();
    assert.match(before, /^\d+ 12 v$/);
    await e2e.kubectl(['apply', '--server-side', '-f', '-'], { input: cm('a: "1"', 'k: v') });
    assert.equal(await rv(), before);
  }));

  it('kubectl 1.27 and 1.33 print the conflict (with the last owner) and force it', step(async () => {
    const cm = (v: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cm }\ndata: { k: ${v} }\n`;
    let owner = 'kubectl';
    for (const version of ['1.27', '1.33']) {
      const binary = `/usr/lib/google-cloud-sdk/bin/kubectl.${version}`;
      const manager = `old-${version}`;
      const r = await e2e.kubectl(['apply', '--server-side', `--field-manager=${manager}`, '-f', '-'], { input: cm(version), allowFail: true, binary });
      assert.notEqual(r.code, 0, version);
      assert.ok(r.stderr.includes(`Apply failed with 1 conflict: conflict with "${owner}": .data.k`), r.stderr);
      await e2e.kubectl(['apply', '--server-side', `--field-manager=${manager}`, '--force-conflicts', '-f', '-'], { input: cm(version), binary });
      owner = manager;
    }
    assert.equal((await e2e.kubectl(['get', 'cm', 'cm', '-o', 'jsonpath={.data.k}'])).stdout, '1.33');
  }));

  it('client-side apply then apply --server-side: kubectl migrates the managed fields, no conflict (as upstream)', step(async () => {
    const cm = (v: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: csa }\ndata: { k: "${v}" }\n`;
    assert.match((await e2e.kubectl(['apply', '-f', '-'], { input: cm('1') })).stdout, /configmap\/csa created/);
    const r = await e2e.kubectl(['apply', '--server-side', '-f', '-'], { input: cm('2') });
    assert.match(r.stdout, /configmap\/csa serverside-applied/);
    const got = JSON.parse((await e2e.kubectl(['get', 'cm', 'csa', '-o', 'json', '--show-managed-fields'])).stdout) as { data: { k: string }; metadata: { managedFields: ManagedEntry[] } };
    assert.equal(got.data.k, '2');
    assert.ok(got.metadata.managedFields.some((e) => e.manager === 'kubectl' && e.operation === 'Apply' && JSON.stringify(e.fieldsV1).includes('"f:k"')), JSON.stringify(got.metadata.managedFields));
  }));

  it('kubectl scale takes spec.replicas; re-applying another count conflicts with the scale manager', step(async () => {
    await e2e.kubectl(['scale', 'deployment', 'ssa', '--replicas=2']);
    const d = await get();
    const scaler = d.metadata.managedFields?.find((e) => e.operation === 'Update' && owns(e, 'replicas'));
    assert.ok(scaler, JSON.stringify(d.metadata.managedFields));
    // kubectl scale sends no fieldManager: the manager is its user-agent prefix, on the scale subresource (as upstream).
    assert.match(scaler.manager, /^kubectl/);
    assert.equal(scaler.subresource, 'scale');
    assert.ok(!owns(entry(d, 'other'), 'replicas'));
    const r = await e2e.kubectl(['apply', '--server-side', '--field-manager=other', '-f', '-'], { input: replicasOnly(4), allowFail: true });
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.includes(`Apply failed with 1 conflict: conflict with "${scaler.manager}" with subresource "scale" using apps/v1: .spec.replicas`), r.stderr);
    assert.equal((await get()).spec.replicas, 2);
  }));
});
