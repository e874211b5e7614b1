import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NodeInfo } from '../../framework/node-info';
import { podNonZeroRequests } from '../../framework/resources';
import { makeNode, makePod } from '../../testing/fixtures';
import { leastAllocatedScore } from './least-allocated';

void describe('leastAllocatedScore', () => {
  void it('leastAllocatedScore is the mean free percentage after placing the pod', () => {
    const node = new NodeInfo(makeNode('n', { cpu: '4', memory: '4Gi' }));
    // cpu: (4000-1000)*100/4000 = 75; memory: (4Gi-1Gi)/4Gi = 75
    assert.equal(leastAllocatedScore(podNonZeroRequests(makePod('p', { cpu: '1', memory: '1Gi' })), node), 75);
  });
  void it('leastAllocatedScore prefers the emptier node and uses non-zero defaults', () => {
    const busy = new NodeInfo(makeNode('a', { cpu: '1', memory: '1Gi' }));
    busy.addPod(makePod('x', { cpu: '500m', memory: '512Mi', nodeName: 'a' }));
    const idle = new NodeInfo(makeNode('b', { cpu: '1', memory: '1Gi' }));
    const req = podNonZeroRequests(makePod('p'));
    assert.equal(req.get('cpu'), 100);
    assert.ok(leastAllocatedScore(req, idle) > leastAllocatedScore(req, busy));
  });
  void it('leastAllocatedScore is 0 when over capacity', () => {
    const node = new NodeInfo(makeNode('n', { cpu: '1', memory: '1Gi' }));
    assert.equal(leastAllocatedScore(podNonZeroRequests(makePod('p', { cpu: '2', memory: '2Gi' })), node), 0);
  });
});
