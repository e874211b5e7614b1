import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from '@tskube/api-types';
import { nodePrinter } from './node';

const NOW = Date.parse('2024-05-03T15:00:00Z');
const info = { architecture: 'amd64', bootID: '', containerRuntimeVersion: 'docker://24.0.7', kernelVersion: '6.1.0-18-amd64', kubeProxyVersion: '', kubeletVersion: 'v1.32.0-tskube', machineID: '', operatingSystem: 'linux', osImage: 'Debian GNU/Linux 12 (bookworm)', systemUUID: '' };

void describe('nodePrinter', () => {
  void it('ready control-plane node, wide', () => {
    const n: Node = {
      metadata: { name: 'n1', creationTimestamp: '2024-05-01T12:00:00Z', labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master' } },
      status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'n1' }], nodeInfo: info },
    };
    assert.deepEqual(nodePrinter.cells(n, NOW), ['n1', 'Ready', 'control-plane,master', '2d3h', 'v1.32.0-tskube', '172.18.0.2', '<none>', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'docker://24.0.7']);
  });
  void it('NotReady, Unknown, SchedulingDisabled, <none> roles, <unknown> info', () => {
    const n: Node = { metadata: { name: 'n2' }, spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } };
    assert.deepEqual(nodePrinter.cells(n, NOW), ['n2', 'NotReady,SchedulingDisabled', '<none>', '<unknown>', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>']);
    assert.equal(nodePrinter.cells({ metadata: { name: 'n3' } }, NOW)[1], 'Unknown');
  });
});
