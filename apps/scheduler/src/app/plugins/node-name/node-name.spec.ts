import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NodeInfo } from '../../framework/node-info';
import { makeNode, makePod } from '../../testing/fixtures';
import { fits } from './node-name';

void describe('NodeName', () => {
  void it('fits only the requested node', () => {
    assert.equal(fits(makePod('p', { nodeName: 'a' }), new NodeInfo(makeNode('a'))), true);
    assert.equal(fits(makePod('p', { nodeName: 'a' }), new NodeInfo(makeNode('b'))), false);
    assert.equal(fits(makePod('p'), new NodeInfo(makeNode('b'))), true);
  });
});
