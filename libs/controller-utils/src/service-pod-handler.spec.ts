import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Service } from '@tskube/api-types';
import { FakeLister } from './testing/fake-lister';
import { objectKeyHandler, podToServicesHandler, servicesForPod } from './service-pod-handler';

const svc = (name: string, selector?: Record<string, string>, namespace = 'default'): Service => ({ metadata: { name, namespace }, spec: selector ? { selector } : {} });
const pod = (labels: Record<string, string>, rv = '1'): Pod => ({ metadata: { name: 'p', namespace: 'default', labels, resourceVersion: rv } });
const services = new FakeLister([svc('web', { app: 'web' }), svc('db', { app: 'db' }), svc('manual'), svc('other-ns', { app: 'web' }, 'kube-system')]);

describe('servicesForPod', () => {
  it('selects matching Services of the pod namespace, skipping selector-less ones', () => {
    assert.deepEqual(servicesForPod(services, pod({ app: 'web' })), ['default/web']);
  });
  it('includes Services matching the old labels', () => {
    assert.deepEqual(servicesForPod(services, pod({ app: 'db' }), pod({ app: 'web' })).sort(), ['default/db', 'default/web']);
  });
});

describe('podToServicesHandler', () => {
  it('enqueues on add, delete (tombstones too) and real updates only', () => {
    const keys: string[] = [];
    const h = podToServicesHandler(services, (k) => keys.push(k));
    h.onAdd?.(pod({ app: 'web' }), false);
    h.onUpdate?.(pod({ app: 'web' }), pod({ app: 'web' })); // resync: same resourceVersion
    h.onUpdate?.(pod({ app: 'web' }), pod({ app: 'db' }, '2'));
    h.onDelete?.({ key: 'default/p', obj: pod({ app: 'db' }) });
    assert.deepEqual(keys, ['default/web', 'default/web', 'default/db', 'default/db']);
  });
});

describe('objectKeyHandler', () => {
  it('enqueues the object key on add, update and delete', () => {
    const keys: string[] = [];
    const h = objectKeyHandler<Service>((k) => keys.push(k));
    h.onAdd?.(svc('a'), true);
    h.onUpdate?.(svc('a'), svc('b'));
    h.onDelete?.({ key: 'default/c', obj: svc('c') });
    assert.deepEqual(keys, ['default/a', 'default/b', 'default/c']);
  });
});
