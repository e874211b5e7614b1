import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerPort, Pod } from '@tskube/api-types';
import { CycleState } from '../../framework/cycle-state';
import { NodeInfo } from '../../framework/node-info';
import { makeNode, makePod } from '../../testing/fixtures';
import { ERR_REASON, fits, hostPorts, NodePorts } from './node-ports';

const withPorts = (name: string, ports: ContainerPort[], nodeName?: string): Pod => {
  const p = makePod(name, { nodeName });
  return { ...p, spec: { ...p.spec!, containers: [{ name: 'c', image: 'x', ports }] } };
};

void describe('NodePorts', () => {
  const node = new NodeInfo(makeNode('n'));
  node.addPod(withPorts('web', [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '127.0.0.1' }], 'n'));

  it('hostPorts defaults protocol TCP and IP 0.0.0.0 and skips ports without hostPort', () => {
    assert.deepEqual(hostPorts(withPorts('p', [{ containerPort: 80 }, { containerPort: 81, hostPort: 81 }])), [{ ip: '0.0.0.0', protocol: 'TCP', port: 81 }]);
  });

  it('fits detects same port+protocol clashes, wildcard IPs and distinct IPs', () => {
    assert.equal(fits(hostPorts(withPorts('p', [{ containerPort: 1, hostPort: 8080 }])), node), false);
    assert.equal(fits(hostPorts(withPorts('p', [{ containerPort: 1, hostPort: 8080, protocol: 'UDP' }])), node), true);
    assert.equal(fits(hostPorts(withPorts('p', [{ containerPort: 1, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }])), node), true);
    assert.equal(fits(hostPorts(withPorts('p', [{ containerPort: 1, hostPort: 53, protocol: 'UDP' }])), node), false);
  });

  it('filter reports the upstream reason as resolvable', () => {
    const s = new NodePorts().filter(new CycleState(), withPorts('p', [{ containerPort: 1, hostPort: 8080 }]), node);
    assert.deepEqual(s?.reasons, [ERR_REASON]);
    assert.equal(new NodePorts().filter(new CycleState(), makePod('q'), node), undefined);
  });
});
