import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EndpointsTracker } from './endpoints-tracker';
import { makeEndpoints, makeSlice } from './rules/testdata';

void describe('EndpointsTracker', () => {
  void it('uses Endpoints when a service has no slices, and slices once it has one', () => {
    const t = new EndpointsTracker();
    assert.equal(t.setEndpoints('ns1/web', makeEndpoints('ns1', 'web', ['10.0.0.1'], [{ name: 'http', port: 80 }])), 'ns1/web');
    assert.deepEqual(t.forService('ns1/web').get('ns1/web:http'), [{ ip: '10.0.0.1', port: 80 }]);
    assert.equal(t.usesSlices('ns1/web'), false);
    assert.deepEqual(t.setSlice('ns1/web-a', makeSlice('ns1', 'web-a', 'web', [{ ip: '10.0.0.7' }], [{ name: 'http', port: 80 }])), ['ns1/web']);
    t.setSlice('ns1/web-b', makeSlice('ns1', 'web-b', 'web', [{ ip: '10.0.0.8' }], [{ name: 'http', port: 80 }]));
    assert.deepEqual(t.forService('ns1/web').get('ns1/web:http'), [{ ip: '10.0.0.7', port: 80 }, { ip: '10.0.0.8', port: 80 }]);
    t.setSlice('ns1/web-a', undefined);
    t.setSlice('ns1/web-b', undefined);
    assert.equal(t.usesSlices('ns1/web'), false);
    assert.deepEqual(t.forService('ns1/web').get('ns1/web:http'), [{ ip: '10.0.0.1', port: 80 }]);
  });
  void it('reports both services when a slice is relabelled, and forgets deleted Endpoints', () => {
    const t = new EndpointsTracker();
    t.setSlice('ns1/s', makeSlice('ns1', 's', 'a', [{ ip: '10.0.0.1' }], [{ port: 80 }]));
    assert.deepEqual(t.setSlice('ns1/s', makeSlice('ns1', 's', 'b', [{ ip: '10.0.0.1' }], [{ port: 80 }])), ['ns1/a', 'ns1/b']);
    assert.deepEqual([...t.serviceKeys()], ['ns1/b']);
    t.setEndpoints('ns1/c', makeEndpoints('ns1', 'c', ['10.0.0.1'], [{ port: 80 }]));
    t.setEndpoints('ns1/c', undefined);
    assert.equal(t.forService('ns1/c').size, 0);
  });
});
