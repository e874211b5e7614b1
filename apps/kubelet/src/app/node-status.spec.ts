import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lease, Node } from '@tskube/api-types';
import { RESOURCES } from '@tskube/api-types';
import { FakeApi } from './fake-api';
import type { HostInfo } from './host-info';
import { firstNonLoopbackIPv4 } from './host-info';
import { renewNodeLease } from './node-lease';
import { buildNode, buildNodeStatus, NodeStatusReporter } from './node-status';
import type { NodeStatusOptions } from './node-status';
import { silentLogger } from './testing';

const host: HostInfo = {
  hostname: 'box', cpuCores: 2, memoryBytes: 4 * 1024 ** 3, ephemeralStorageBytes: 10 * 1024 ** 3, firstIPv4: '10.1.2.3',
  osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0', operatingSystem: 'linux', architecture: 'amd64', machineID: 'm', bootID: 'b',
};
let clock = new Date('2024-05-01T10:00:00Z');
const opts: NodeStatusOptions = { nodeName: 'n1', host, maxPods: 110, kubeletPort: 10250, runtimeVersion: 'docker://20.10.24', now: () => clock };

void describe('node status', () => {
  void it('builds the Node with capacity, addresses, nodeInfo and conditions', () => {
    const n = buildNode(opts);
    const s = n.status!;
    assert.deepEqual(s.capacity, { cpu: '2', memory: '4194304Ki', pods: '110', 'ephemeral-storage': '10485760Ki' });
    assert.deepEqual(s.allocatable, s.capacity);
    assert.deepEqual(s.addresses, [{ type: 'InternalIP', address: '10.1.2.3' }, { type: 'Hostname', address: 'n1' }]);
    assert.equal(s.nodeInfo?.kubeletVersion, 'v1.32.0-tskube');
    assert.equal(s.nodeInfo?.containerRuntimeVersion, 'docker://20.10.24');
    const ready = s.conditions!.find((c) => c.type === 'Ready')!;
    assert.deepEqual([ready.status, ready.reason, ready.message], ['True', 'KubeletReady', 'kubelet is posting ready status']);
    assert.deepEqual(s.conditions!.filter((c) => c.type !== 'Ready').map((c) => c.status), ['False', 'False', 'False']);
    assert.equal(n.metadata?.labels?.['kubernetes.io/hostname'], 'n1');
    assert.equal(buildNode({ ...opts, nodeIP: '192.0.2.1' }).status!.addresses![0]!.address, '192.0.2.1');
  });

  void it('reports pressure conditions with upstream reasons and keeps transition times', () => {
    const calm = buildNodeStatus(opts);
    const byType = (st: typeof calm): Record<string, string[]> => Object.fromEntries((st.conditions ?? []).map((c) => [c.type, [c.status, c.reason ?? '', c.message ?? '']]));
    assert.deepEqual(byType(calm)['MemoryPressure'], ['False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available']);
    assert.deepEqual(byType(calm)['DiskPressure'], ['False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure']);
    assert.deepEqual(byType(calm)['PIDPressure'], ['False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available']);
    const t0 = clock;
    clock = new Date(t0.getTime() + 60_000);
    const hot = buildNodeStatus(opts, calm, { memory: true, disk: true, pid: true });
    clock = t0;
    assert.deepEqual(byType(hot)['MemoryPressure'], ['True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available']);
    assert.deepEqual(byType(hot)['DiskPressure'], ['True', 'KubeletHasDiskPressure', 'kubelet has disk pressure']);
    assert.deepEqual(byType(hot)['PIDPressure'], ['True', 'KubeletHasInsufficientPID', 'kubelet has insufficient PID available']);
    const mem = hot.conditions!.find((c) => c.type === 'MemoryPressure')!;
    const ready = hot.conditions!.find((c) => c.type === 'Ready')!;
    assert.equal(mem.lastTransitionTime, '2024-05-01T10:01:00Z');
    assert.equal(ready.lastTransitionTime, '2024-05-01T10:00:00Z', 'unchanged conditions keep their transition time');
  });

  void it('posts pressure read at each heartbeat and records upstream events on transitions', async () => {
    const api = new FakeApi();
    const events: string[] = [];
    let pressure = { memory: false, disk: false, pid: false };
    const r = new NodeStatusReporter(api, { ...opts, nodeEvent: (reason, message) => events.push(`${reason}: ${message}`) }, silentLogger(), () => Promise.resolve(pressure));
    await r.register();
    assert.deepEqual(events, ['NodeHasSufficientMemory: Node n1 status is now: NodeHasSufficientMemory', 'NodeHasNoDiskPressure: Node n1 status is now: NodeHasNoDiskPressure', 'NodeHasSufficientPID: Node n1 status is now: NodeHasSufficientPID']);
    events.length = 0;
    await r.heartbeat();
    assert.deepEqual(events, [], 'no change, no event');
    pressure = { memory: false, disk: true, pid: false };
    await r.heartbeat();
    assert.deepEqual(events, ['NodeHasDiskPressure: Node n1 status is now: NodeHasDiskPressure']);
    const disk = (await api.get<Node>(RESOURCES.nodes, 'n1')).status?.conditions?.find((c) => c.type === 'DiskPressure');
    assert.deepEqual([disk?.status, disk?.reason], ['True', 'KubeletHasDiskPressure']);
  });

  void it('registers, adopts an existing node, and heartbeats with a new lastHeartbeatTime', async () => {
    const api = new FakeApi();
    const r = new NodeStatusReporter(api, opts, silentLogger());
    await r.register();
    await r.register(); // already exists: adopt
    clock = new Date('2024-05-01T10:00:10Z');
    await r.heartbeat();
    const n = await api.get<Node>(RESOURCES.nodes, 'n1');
    const ready = n.status!.conditions!.find((c) => c.type === 'Ready')!;
    assert.equal(ready.lastHeartbeatTime, '2024-05-01T10:00:10Z');
    assert.equal(ready.lastTransitionTime, '2024-05-01T10:00:00Z');
  });

  void it('creates then renews the node lease, and tolerates a server without leases', async () => {
    const api = new FakeApi();
    assert.equal(await renewNodeLease(api, 'n1', 'uid-n1', new Date('2024-05-01T10:00:00Z')), true);
    assert.equal(await renewNodeLease(api, 'n1', 'uid-n1', new Date('2024-05-01T10:00:10Z')), true);
    const l = await api.get<Lease>(RESOURCES.leases, 'n1', { namespace: 'kube-node-lease' });
    assert.equal(l.spec?.renewTime, '2024-05-01T10:00:10.000000Z');
    assert.equal(l.spec?.holderIdentity, 'n1');
    const none = new FakeApi();
    none.missingResources.add('leases');
    assert.equal(await renewNodeLease(none, 'n1', undefined), false);
  });

  void it('picks the first non-loopback IPv4', () => {
    assert.equal(
      firstNonLoopbackIPv4({
        lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '', mac: '', cidr: null }],
        eth0: [{ address: 'fe80::1', family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 0 }, { address: '10.0.0.7', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null }],
      }),
      '10.0.0.7',
    );
  });
});
