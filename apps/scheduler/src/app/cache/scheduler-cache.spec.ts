import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeNode, makePod } from '../testing/fixtures';
import { SchedulerCache } from './scheduler-cache';

void describe('SchedulerCache', () => {
  void it('assumePod then addOrUpdatePod confirms without double counting', () => {
    const c = new SchedulerCache();
    c.addOrUpdateNode(makeNode('n'));
    c.assumePod(makePod('p', { cpu: '1' }), 'n');
    c.addOrUpdatePod(makePod('p', { cpu: '1', nodeName: 'n' }));
    assert.equal(c.snapshot()[0]!.requested.get('cpu'), 1000);
    c.forgetPod(makePod('p')); // confirmed: not forgotten
    assert.equal(c.snapshot()[0]!.pods.size, 1);
  });

  void it('terminal pods release their resources', () => {
    const c = new SchedulerCache();
    c.addOrUpdateNode(makeNode('n'));
    const p = makePod('p', { cpu: '1', nodeName: 'n' });
    c.addOrUpdatePod(p);
    c.addOrUpdatePod({ ...p, status: { phase: 'Succeeded' } });
    assert.equal(c.snapshot()[0]!.requested.get('cpu'), 0);
  });

  void it('pods bound to an unknown node count once the node arrives', () => {
    const c = new SchedulerCache();
    c.addOrUpdatePod(makePod('p', { cpu: '1', nodeName: 'n' }));
    assert.equal(c.snapshot().length, 0);
    c.addOrUpdateNode(makeNode('n'));
    assert.equal(c.snapshot()[0]!.requested.get('cpu'), 1000);
    c.removeNode(makeNode('n'));
    assert.equal(c.snapshot().length, 0);
  });
});
