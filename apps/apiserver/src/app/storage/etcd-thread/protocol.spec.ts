import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromWireError, reviveBuffers, toWireError } from './protocol';

describe('etcd thread protocol', () => {
  it('turns structured-clone Uint8Arrays back into Buffers over the same memory, in place and nested', () => {
    const raw = new Uint8Array([104, 105, 33]);
    const sliced = new Uint8Array(raw.buffer, 1, 2);
    const msg = { header: { revision: '7' }, kvs: [{ key: raw, value: sliced, lease: '0' }], more: false, nothing: null };
    const out = reviveBuffers(msg);
    assert.equal(out, msg);
    const kv = out.kvs[0]!;
    assert.ok(Buffer.isBuffer(kv.key) && Buffer.isBuffer(kv.value));
    assert.equal(kv.key.toString('utf8'), 'hi!');
    assert.equal(kv.value.toString('utf8'), 'i!');
    raw[1] = 111; // same memory, not a copy
    assert.equal(kv.value.toString('utf8'), 'o!');
    assert.equal(out.header.revision, '7');
    assert.equal(out.nothing, null);
  });

  it('leaves Buffers and scalars alone', () => {
    const b = Buffer.from('x');
    assert.equal(reviveBuffers([b, 1, 'a'])[0], b);
    assert.equal(reviveBuffers('plain'), 'plain');
  });

  it('keeps an error\'s name and message across the boundary', () => {
    const e = new TypeError('etcdserver: mvcc: required revision has been compacted');
    const back = fromWireError(toWireError(e));
    assert.equal(back.name, 'TypeError');
    assert.equal(back.message, e.message);
    assert.deepEqual(toWireError('boom'), { name: 'Error', message: 'boom' });
  });
});
