import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from '@tskube/api-types';
import { makePod } from '../../testing/fixtures';
import { desiredSlices, podToEndpoint } from './desired';

void describe('desiredSlices', () => {
  void it('groups pods by resolved port numbers and skips pods without an IPv4 address or finished', () => {
    const svc: Service = { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };
    const a = makePod('a', { ready: true, ip: '10.1.0.2' });
    const b = makePod('b', { ready: true, ip: '10.1.0.3' });
    b.spec!.containers[0]!.ports = [{ name: 'http', containerPort: 9090 }];
    const done = makePod('d', { ip: '10.1.0.4', phase: 'Succeeded' });
    const v6 = makePod('e', { ready: true, ip: 'fd00::1' });
    const out = desiredSlices(svc, [a, b, done, v6]);
    assert.deepEqual(out.map((d) => [d.ports.map((p) => p.port), d.endpoints.map((e) => e.addresses[0])]), [[[8080], ['10.1.0.2']], [[9090], ['10.1.0.3']]]);
  });

  void it('publishNotReadyAddresses makes every endpoint ready', () => {
    assert.equal(podToEndpoint(makePod('a', { ready: false, ip: '10.1.0.2' }), true)?.conditions?.ready, true);
    assert.equal(podToEndpoint(makePod('a', { ready: false, ip: '10.1.0.2' }), false)?.conditions?.ready, false);
  });
});
