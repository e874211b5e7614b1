import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deploymentPrinter } from './deployment';
import { eventPrinter } from './event';
import { leasePrinter } from './lease';
import { namespacePrinter } from './namespace';
import { replicaSetPrinter } from './replicaset';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const created = '2024-05-01T11:00:00Z';

void describe('namespace, lease printers', () => {
  void it('namespace', () => {
    assert.deepEqual(namespacePrinter.cells({ metadata: { name: 'default', creationTimestamp: created }, status: { phase: 'Active' } }, NOW), ['default', 'Active', '60m']);
  });
  void it('lease', () => {
    assert.deepEqual(leasePrinter.cells({ metadata: { name: 'kube-scheduler', creationTimestamp: created }, spec: { holderIdentity: 'host_1234' } }, NOW), ['kube-scheduler', 'host_1234', '60m']);
    assert.deepEqual(leasePrinter.cells({ metadata: { name: 'x' } }, NOW), ['x', '', '<unknown>']);
  });
});

void describe('workload printers', () => {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }, { name: 'side', image: 'busybox' }] } };
  void it('deployment', () => {
    const d = { metadata: { name: 'web', creationTimestamp: created }, spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } };
    assert.deepEqual(deploymentPrinter.cells(d, NOW), ['web', '2/3', 3, 2, '60m', 'nginx,side', 'nginx:1.25,busybox', 'app=web']);
    assert.deepEqual(deploymentPrinter.columns.map((c) => c.name), ['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
  });
  void it('replicaset', () => {
    const rs = { metadata: { name: 'web-7d9c', creationTimestamp: created }, spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d9c' } }, template }, status: { replicas: 3, readyReplicas: 1 } };
    assert.deepEqual(replicaSetPrinter.cells(rs, NOW), ['web-7d9c', 3, 3, 1, '60m', 'nginx,side', 'nginx:1.25,busybox', 'app=web,pod-template-hash=7d9c']);
  });
});

void describe('eventPrinter', () => {
  void it('legacy event with count and source', () => {
    const e = { metadata: { name: 'web.17c' }, involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{nginx}' }, reason: 'Pulled', message: ' Container image present \n', type: 'Normal', source: { component: 'kubelet', host: 'n1' }, firstTimestamp: '2024-05-01T11:50:00Z', lastTimestamp: '2024-05-01T11:59:00Z', count: 4 };
    assert.deepEqual(eventPrinter.cells(e, NOW), ['60s', 'Normal', 'Pulled', 'pod/web', 'spec.containers{nginx}', 'kubelet, n1', 'Container image present', '10m', 4, 'web.17c']);
  });
  void it('new-style event with eventTime and series', () => {
    const e = { metadata: { name: 'e2' }, involvedObject: { kind: 'Node' }, reason: 'Starting', type: 'Normal', eventTime: '2024-05-01T11:58:00.000000Z', reportingComponent: 'kube-proxy', series: { count: 7, lastObservedTime: '2024-05-01T11:59:30.000000Z' } };
    assert.deepEqual(eventPrinter.cells(e, NOW), ['30s', 'Normal', 'Starting', 'node', '', 'kube-proxy', '', '2m', 7, 'e2']);
    const single = { metadata: { name: 'e3' }, involvedObject: { kind: 'Pod', name: 'p' }, eventTime: '2024-05-01T11:59:00.000000Z' };
    assert.deepEqual(eventPrinter.cells(single, NOW).slice(0, 1).concat(eventPrinter.cells(single, NOW).slice(7, 9)), ['60s', '60s', 1]);
  });
});
