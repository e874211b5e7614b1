import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import { hashContainer, makeContainerName, makeLabels, parseContainerName, LABEL_NODE_NAME, LABEL_POD_UID } from './naming';

const pod: Pod = { metadata: { name: 'web', namespace: 'default', uid: 'u-1' }, spec: { containers: [{ name: 'nginx', image: 'tskube/web' }] } };

void describe('container naming', () => {
  void it('round-trips names like dockershim', () => {
    const n = makeContainerName(pod, 'nginx', 2);
    assert.equal(n, 'k8s_nginx_web_default_u-1_2');
    assert.deepEqual(parseContainerName('/' + n), { containerName: 'nginx', podName: 'web', namespace: 'default', uid: 'u-1', attempt: 2 });
    assert.equal(parseContainerName('/random_name'), undefined);
  });
  void it('labels carry pod identity', () => {
    assert.equal(makeLabels(pod, 'container')[LABEL_POD_UID], 'u-1');
  });
  void it('labels carry the node the pod is bound to', () => {
    assert.equal(makeLabels({ ...pod, spec: { ...pod.spec!, nodeName: 'node-2' } }, 'podsandbox')[LABEL_NODE_NAME], 'node-2');
  });
  void it('hash ignores key order and changes with the image', () => {
    const a = hashContainer({ name: 'c', image: 'x', command: ['a'] });
    assert.equal(a, hashContainer({ command: ['a'], image: 'x', name: 'c' }));
    assert.notEqual(a, hashContainer({ name: 'c', image: 'y', command: ['a'] }));
  });
});
