import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { addDefaultTolerations, podStrategy } from './pod-strategy';

const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const unreachable = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

void describe('DefaultTolerationSeconds', () => {
  it('pod create adds the not-ready and unreachable NoExecute tolerations for 300 s', () => {
    const pod: Pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] } };
    podStrategy.prepareForCreate({}, pod);
    assert.deepEqual(pod.spec?.tolerations, [notReady, unreachable]);
  });

  it('keeps a toleration the pod already has for the same key and NoExecute', () => {
    const spec = { containers: [], tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] };
    addDefaultTolerations(spec);
    assert.deepEqual(spec.tolerations, [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }, notReady]);
  });

  it('a tolerate-everything toleration covers both; a NoSchedule one for the key does not', () => {
    const all = { containers: [], tolerations: [{ operator: 'Exists' }] };
    addDefaultTolerations(all);
    assert.equal(all.tolerations.length, 1);
    const soft = { containers: [], tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }] };
    addDefaultTolerations(soft);
    assert.equal(soft.tolerations.length, 3);
  });
});
