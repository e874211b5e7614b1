import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mergeEndpointMaps, sliceEndpointsByPortName, sliceServiceKey } from './from-slices';
import { makeSlice } from './testdata';


void describe('sliceEndpointsByPortName', () => {
  void it('keeps ready (and unset-ready) endpoints per named port, sorted', () => {
    const m = sliceEndpointsByPortName(makeSlice('ns1', 'web-abc', 'web', [{ ip: '10.1.0.10' }, { ip: '10.1.0.2', ready: true }, { ip: '10.1.0.3', ready: false }], [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }]));
    assert.deepEqual(m.get('ns1/web:http'), [{ ip: '10.1.0.2', port: 8080 }, { ip: '10.1.0.10', port: 8080 }]);
    assert.deepEqual(m.get('ns1/web:metrics'), [{ ip: '10.1.0.2', port: 9090 }, { ip: '10.1.0.10', port: 9090 }]);
  });
  void it('maps an unnamed port to the unnamed service port', () => {
    assert.deepEqual([...sliceEndpointsByPortName(makeSlice('ns1', 's', 'web', [{ ip: '10.1.0.1' }], [{ port: 80 }])).keys()], ['ns1/web']);
  });
  void it('ignores IPv6/FQDN slices, slices without a service label and ports without a number', () => {
    assert.equal(sliceEndpointsByPortName(makeSlice('ns1', 's', 'web', [{ ip: 'fd00::1' }], [{ port: 80 }], 'IPv6')).size, 0);
    const unlabelled = makeSlice('ns1', 's', 'web', [{ ip: '10.1.0.1' }], [{ port: 80 }]);
    unlabelled.metadata = { namespace: 'ns1', name: 's' };
    assert.equal(sliceServiceKey(unlabelled), undefined);
    assert.equal(sliceEndpointsByPortName(unlabelled).size, 0);
    assert.equal(sliceEndpointsByPortName(makeSlice('ns1', 's', 'web', [{ ip: '10.1.0.1' }], [{ name: 'x' } as unknown as { port: number }])).size, 0);
  });
});

void describe('mergeEndpointMaps', () => {
  void it('unions several slices of one service without duplicates', () => {
    const a = new Map([['ns/web:http', [{ ip: '10.0.0.2', port: 80 }]]]);
    const b = new Map([['ns/web:http', [{ ip: '10.0.0.1', port: 80 }, { ip: '10.0.0.2', port: 80 }]]]);
    assert.deepEqual(mergeEndpointMaps([a, b]).get('ns/web:http'), [{ ip: '10.0.0.1', port: 80 }, { ip: '10.0.0.2', port: 80 }]);
  });
});
