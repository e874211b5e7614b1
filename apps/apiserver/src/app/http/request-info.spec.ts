import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RESOURCES } from '@tskube/api-types';
import { parseResourcePath } from './request-info';

void describe('parseResourcePath', () => {
  it('decodes collections, objects, subresources, namespaces and the legacy watch prefix', () => {
    assert.deepEqual(parseResourcePath('/api/v1/namespaces/default/pods'), { info: RESOURCES.pods, namespace: 'default', name: undefined, subresource: undefined, legacyWatch: false });
    assert.deepEqual(parseResourcePath('/api/v1/namespaces/ns1/pods/p/status'), { info: RESOURCES.pods, namespace: 'ns1', name: 'p', subresource: 'status', legacyWatch: false });
    assert.deepEqual(parseResourcePath('/api/v1/watch/namespaces/ns1/pods'), { info: RESOURCES.pods, namespace: 'ns1', name: undefined, subresource: undefined, legacyWatch: true });
    assert.deepEqual(parseResourcePath('/api/v1/namespaces/ns1'), { info: RESOURCES.namespaces, namespace: undefined, name: 'ns1', subresource: undefined, legacyWatch: false });
    assert.deepEqual(parseResourcePath('/api/v1/namespaces/ns1/finalize'), { info: RESOURCES.namespaces, namespace: undefined, name: 'ns1', subresource: 'finalize', legacyWatch: false });
    assert.deepEqual(parseResourcePath('//apis/apps/v1//deployments/'), { info: RESOURCES.deployments, namespace: undefined, name: undefined, subresource: undefined, legacyWatch: false });
  });

  it('percent-decodes each segment after splitting, and rejects malformed escapes and unknown paths', () => {
    assert.equal(parseResourcePath('/api/v1/namespaces/a%2Fb/pods/x%20y')?.namespace, 'a/b');
    assert.equal(parseResourcePath('/api/v1/namespaces/a%2Fb/pods/x%20y')?.name, 'x y');
    assert.equal(parseResourcePath('/api/v1/namespaces/default/%70ods')?.info, RESOURCES.pods);
    assert.equal(parseResourcePath('/api/v1/namespaces/default/pods/%E0%A4%A'), undefined);
    assert.equal(parseResourcePath('/api/v1/namespaces/default/pods/x/nope'), undefined);
    assert.equal(parseResourcePath('/api/v1/namespaces/default/pods/x/status/extra'), undefined);
    assert.equal(parseResourcePath('/api/v1'), undefined);
    assert.equal(parseResourcePath('/apis/apps/v1/nothings'), undefined);
  });
});
