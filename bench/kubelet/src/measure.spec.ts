import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { benchPod } from './measure';

describe('kubelet bench measures', () => {
  it('builds a labelled pod bound to the node, app image only (the kubelet adds the sandbox)', () => {
    const p = benchPod('single-0', 'n1');
    assert.equal(p.spec?.nodeName, 'n1');
    assert.equal(p.metadata?.labels?.bench, 'kubelet');
    assert.deepEqual(p.spec?.containers.map((c) => c.image), ['tskube/web:latest']);
  });
});
