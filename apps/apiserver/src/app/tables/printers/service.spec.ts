import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from '@tskube/api-types';
import { servicePrinter } from './service';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const meta = { name: 'web', creationTimestamp: '2024-05-01T11:59:55Z' };

void describe('servicePrinter', () => {
  void it('ClusterIP', () => {
    const s: Service = { metadata: meta, spec: { type: 'ClusterIP', clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10'], ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }], selector: { app: 'web', tier: 'fe' } } };
    assert.deepEqual(servicePrinter.cells(s, NOW), ['web', 'ClusterIP', '10.0.0.10', '<none>', '80/TCP,53/UDP', '5s', 'app=web,tier=fe']);
  });
  void it('NodePort, headless, no ports', () => {
    const s: Service = { metadata: meta, spec: { type: 'NodePort', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] } };
    assert.deepEqual(servicePrinter.cells(s, NOW), ['web', 'NodePort', 'None', '<none>', '80:30080/TCP', '5s', '<none>']);
    const e: Service = { metadata: meta, spec: { type: 'ClusterIP', clusterIPs: ['10.0.0.1'], externalIPs: ['1.2.3.4'] } };
    assert.deepEqual(servicePrinter.cells(e, NOW).slice(3, 5), ['1.2.3.4', '<none>']);
  });
  void it('LoadBalancer pending / with ingress, ExternalName', () => {
    const lb: Service = { metadata: meta, spec: { type: 'LoadBalancer', clusterIPs: ['10.0.0.2'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] } };
    assert.equal(servicePrinter.cells(lb, NOW)[3], '<pending>');
    const lb2: Service = { ...lb, status: { loadBalancer: { ingress: [{ ip: '5.6.7.8' }, { hostname: 'lb.example' }] } } };
    assert.equal(servicePrinter.cells(lb2, NOW)[3], '5.6.7.8,lb.example');
    const en: Service = { metadata: meta, spec: { type: 'ExternalName', externalName: 'db.example.com' } };
    assert.deepEqual(servicePrinter.cells(en, NOW).slice(1, 5), ['ExternalName', '<none>', 'db.example.com', '<none>']);
  });
});
