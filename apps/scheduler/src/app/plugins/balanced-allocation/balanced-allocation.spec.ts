import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NodeInfo } from '../../framework/node-info';
import { podNonZeroRequests } from '../../framework/resources';
import { makeNode, makePod } from '../../testing/fixtures';
import { balancedAllocationScore } from './balanced-allocation';

void describe('balancedAllocationScore', () => {
  it('is 100 when cpu and memory fill evenly', () => {
    const node = new NodeInfo(makeNode('n', { cpu: '4', memory: '4Gi' }));
    assert.equal(balancedAllocationScore(podNonZeroRequests(makePod('p', { cpu: '2', memory: '2Gi' })), node), 100);
  });

  it('drops with the spread between the fractions (capped at 1)', () => {
    const node = new NodeInfo(makeNode('n', { cpu: '4', memory: '4Gi' }));
    // cpu 4/4 = 1, memory 1Gi/4Gi = 0.25 → std 0.375 → 62
    assert.equal(balancedAllocationScore(podNonZeroRequests(makePod('p', { cpu: '4', memory: '1Gi' })), node), 62);
    assert.equal(balancedAllocationScore(podNonZeroRequests(makePod('p', { cpu: '8', memory: '1Mi' })), new NodeInfo(makeNode('m', { cpu: '4', memory: '1Ti' }))), 50);
  });

  it('prefers the node that the pod balances', () => {
    const cpuHeavy = new NodeInfo(makeNode('a', { cpu: '4', memory: '4Gi' }));
    cpuHeavy.addPod(makePod('x', { cpu: '3', memory: '256Mi', nodeName: 'a' }));
    const memHeavy = new NodeInfo(makeNode('b', { cpu: '4', memory: '4Gi' }));
    memHeavy.addPod(makePod('y', { cpu: '250m', memory: '3Gi', nodeName: 'b' }));
    const req = podNonZeroRequests(makePod('p', { cpu: '1', memory: '100Mi' })); // cpu-heavy pod
    assert.ok(balancedAllocationScore(req, memHeavy) > balancedAllocationScore(req, cpuHeavy));
  });
});
