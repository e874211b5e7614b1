import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inPortRange, parsePortRange } from './port-range';

void describe('parsePortRange', () => {
  void it('parses low-high, base+extra and single ports', () => {
    assert.deepEqual(parsePortRange('30000-32767'), { base: 30000, size: 2768, text: '30000-32767' });
    assert.deepEqual(parsePortRange('30000+9'), { base: 30000, size: 10, text: '30000-30009' });
    assert.deepEqual(parsePortRange('8080'), { base: 8080, size: 1, text: '8080-8080' });
    for (const bad of ['', 'x', '3-2', '0-10', '1-70000', '30000-']) assert.throws(() => parsePortRange(bad), /invalid --service-node-port-range/);
  });

  void it('inPortRange is inclusive', () => {
    const r = parsePortRange('30000-30002');
    assert.ok(inPortRange(r, 30000) && inPortRange(r, 30002));
    assert.ok(!inPortRange(r, 29999) && !inPortRange(r, 30003) && !inPortRange(r, 30000.5));
  });
});
