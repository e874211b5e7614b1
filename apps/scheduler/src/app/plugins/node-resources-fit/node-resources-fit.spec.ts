import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../../framework/cycle-state';
import { NodeInfo } from '../../framework/node-info';
import { podRequests } from '../../framework/resources';
import { Code } from '../../framework/status';
import { makeNode, makePod } from '../../testing/fixtures';
import { fits, NodeResourcesFit } from './node-resources-fit';

void describe('podRequests', () => {
  void it('podRequests sums containers and takes the max with init containers', () => {
    const pod = makePod('p', { cpu: '100m', memory: '64Mi', initCpu: '500m' });
    pod.spec!.containers.push({ name: 'd', image: 'x', resources: { requests: { cpu: '200m' } } });
    const r = podRequests(pod);
    assert.equal(r.get('cpu'), 500);
    assert.equal(r.get('memory'), 64 * 1024 * 1024);
  });
});

void describe('NodeResourcesFit', () => {
  void it('fits accepts a pod within free allocatable', () => {
    const node = new NodeInfo(makeNode('n', { cpu: '1' }));
    node.addPod(makePod('a', { cpu: '500m', nodeName: 'n' }));
    assert.deepEqual(fits(podRequests(makePod('b', { cpu: '500m' })), node), []);
  });

  void it('fits reports every insufficient resource, cpu before memory', () => {
    const node = new NodeInfo(makeNode('n', { cpu: '1', memory: '1Gi' }));
    node.addPod(makePod('a', { cpu: '800m', memory: '1Gi', nodeName: 'n' }));
    assert.deepEqual(fits(podRequests(makePod('b', { cpu: '300m', memory: '1Mi' })), node), ['Insufficient cpu', 'Insufficient memory']);
  });

  void it('fits reports Too many pods when the pod slots are used', () => {
    const node = new NodeInfo(makeNode('n', { pods: '1' }));
    node.addPod(makePod('a', { nodeName: 'n' }));
    assert.deepEqual(fits(podRequests(makePod('b')), node), ['Too many pods']);
  });

  void it('filter returns Unschedulable with the reasons', () => {
    const s = new NodeResourcesFit().filter(new CycleState(), makePod('b', { cpu: '5' }), new NodeInfo(makeNode('n')));
    assert.equal(s?.code, Code.Unschedulable);
    assert.deepEqual(s?.reasons, ['Insufficient cpu']);
  });

  void it('removePod frees the requests', () => {
    const node = new NodeInfo(makeNode('n', { cpu: '1' }));
    const a = makePod('a', { cpu: '1', nodeName: 'n' });
    node.addPod(a);
    node.removePod(a);
    assert.equal(node.requested.get('cpu'), 0);
  });
});
