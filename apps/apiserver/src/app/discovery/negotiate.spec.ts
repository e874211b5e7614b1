import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { wantsAggregated, parseAccept } from './negotiate';

void describe('wantsAggregated', () => {
  void it('prefers the first aggregated range', () => {
    assert.equal(wantsAggregated('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json'), 'v2');
    assert.equal(wantsAggregated('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList'), 'v2beta1');
  });
  void it('legacy for plain JSON, missing header, unknown versions and q=0', () => {
    assert.equal(wantsAggregated('application/json'), undefined);
    assert.equal(wantsAggregated(undefined), undefined);
    assert.equal(wantsAggregated('application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList'), undefined);
    assert.equal(wantsAggregated('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0'), undefined);
  });
  void it('parseAccept tolerates spaces', () => {
    assert.deepEqual(parseAccept('application/json ; as=Table; v=v1'), [{ type: 'application/json', params: { as: 'Table', v: 'v1' } }]);
  });
});
