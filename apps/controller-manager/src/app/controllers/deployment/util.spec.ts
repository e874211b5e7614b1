import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PodTemplateSpec } from '@tskube/api-types';
import { equalIgnoreHash } from './util';

describe('equalIgnoreHash', () => {
  const stored: PodTemplateSpec = { metadata: { labels: { app: 'a', 'pod-template-hash': 'x1' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };

  it('ignores the hash label and what Go marshals for unset fields (rollout undo)', () => {
    const fromGo = { metadata: { creationTimestamp: null, labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'i', resources: {} }] } } as unknown as PodTemplateSpec;
    assert.equal(equalIgnoreHash(stored, fromGo), true);
  });

  it('still sees real differences', () => {
    assert.equal(equalIgnoreHash(stored, { metadata: { labels: { app: 'a' }, annotations: { r: '1' } }, spec: { containers: [{ name: 'c', image: 'i' }] } }), false);
    assert.equal(equalIgnoreHash(stored, { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'j' }] } }), false);
  });
});
