import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoints, Service } from '@tskube/api-types';
import { endpointsByPortName, servicePortName, servicePortsFromService } from './from-api';

function svc(spec: Service['spec'], name = 'svc1'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'ns1', name }, spec };
}

void describe('servicePortsFromService', () => {
  void it('servicePortsFromService returns one entry per port', () => {
    const { ports, skipped } = servicePortsFromService(
      svc({ type: 'NodePort', clusterIP: '10.20.30.41', externalIPs: ['192.168.99.1', 'fd00::9'], ports: [{ name: 'p80', port: 80, targetPort: 8080 }, { name: 'dns', port: 53, protocol: 'UDP', nodePort: 30053 }] }),
    );
    assert.deepEqual(skipped.map((s) => s.reason), ['external IP fd00::9 is not an IPv4 address']);
    assert.deepEqual(ports.map((p) => [p.name, p.protocol, p.port, p.nodePort]), [['ns1/svc1:p80', 'TCP', 80, undefined], ['ns1/svc1:dns', 'UDP', 53, 30053]]);
    assert.deepEqual(ports[0]!.externalIPs, ['192.168.99.1']);
    assert.deepEqual(ports[0]!.sessionAffinity, { type: 'None' });
  });
  void it('servicePortsFromService ignores nodePort on a ClusterIP service and reads the affinity timeout', () => {
    const { ports } = servicePortsFromService(svc({ clusterIP: '10.0.0.5', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, ports: [{ port: 80, nodePort: 30080 }] }));
    assert.equal(ports[0]!.nodePort, undefined);
    assert.deepEqual(ports[0]!.sessionAffinity, { type: 'ClientIP', timeoutSeconds: 60 });
  });
  void it('servicePortsFromService ignores headless and ExternalName services', () => {
    assert.deepEqual(servicePortsFromService(svc({ clusterIP: 'None', ports: [{ port: 80 }] })), { ports: [], skipped: [] });
    assert.deepEqual(servicePortsFromService(svc({ type: 'ExternalName', externalName: 'x.example' })), { ports: [], skipped: [] });
    assert.deepEqual(servicePortsFromService(svc({ ports: [{ port: 80 }] })), { ports: [], skipped: [] });
  });
  void it('servicePortsFromService reports what it cannot express', () => {
    assert.match(servicePortsFromService(svc({ clusterIP: 'fd00::1', ports: [{ port: 80 }] })).skipped[0]!.reason, /not an IPv4/);
    const r = servicePortsFromService(svc({ clusterIP: '10.0.0.5', ports: [{ name: 'a', port: 80, protocol: 'ICMP' }, { name: 'b', port: 70000 }, { name: 'c', port: 81 }] }));
    assert.deepEqual(r.skipped.map((s) => s.service), ['ns1/svc1:a', 'ns1/svc1:b']);
    assert.deepEqual(r.ports.map((p) => p.name), ['ns1/svc1:c']);
  });
  void it('servicePortName omits the colon for an unnamed port', () => {
    assert.equal(servicePortName('ns', 'web', ''), 'ns/web');
  });
});

void describe('endpointsByPortName', () => {
  void it('endpointsByPortName crosses ready addresses with named ports, sorted and deduplicated', () => {
    const ep: Endpoints = {
      metadata: { namespace: 'ns1', name: 'svc1' },
      subsets: [
        { addresses: [{ ip: '10.180.0.10' }, { ip: '10.180.0.2' }], notReadyAddresses: [{ ip: '10.180.0.3' }], ports: [{ name: 'p80', port: 80 }, { name: 'p443', port: 443 }] },
        { addresses: [{ ip: '10.180.0.2' }, { ip: 'fd00::2' }], ports: [{ name: 'p80', port: 80 }] },
      ],
    };
    const m = endpointsByPortName(ep);
    assert.deepEqual(m.get('ns1/svc1:p80'), [{ ip: '10.180.0.2', port: 80 }, { ip: '10.180.0.10', port: 80 }]);
    assert.deepEqual(m.get('ns1/svc1:p443'), [{ ip: '10.180.0.2', port: 443 }, { ip: '10.180.0.10', port: 443 }]);
  });
});
