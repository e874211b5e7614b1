import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { fromWireError, reviveBuffers, toWireError, transferableCopies } from './protocol';

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

  it('replaces pooled Buffers by exact-size copies to transfer, leaving the originals alone', () => {
    const key = Buffer.from('/registry/pods/a'); // a slice of the shared pool
    const value = Buffer.from('{"x":1}');
    const req = { compare: [{ key }], success: [{ request_put: { key, value } }], n: 1 };
    const transfer = transferableCopies(req);
    assert.equal(transfer.length, 3);
    const put = req.success[0]!.request_put;
    assert.notEqual(put.value, value);
    assert.equal(put.value.byteLength, put.value.buffer.byteLength);
    assert.equal(Buffer.from(put.value).toString(), '{"x":1}');
    assert.equal(value.toString(), '{"x":1}');
    assert.ok(transfer.includes(put.value.buffer));
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(req, transfer);
    assert.equal(put.value.byteLength, 0, 'moved, not copied');
    assert.equal(key.toString(), '/registry/pods/a');
    port1.close();
    port2.close();
  });

  it('keeps an error\'s name and message across the boundary', () => {
    const e = new TypeError('etcdserver: mvcc: required revision has been compacted');
    const back = fromWireError(toWireError(e));
    assert.equal(back.name, 'TypeError');
    assert.equal(back.message, e.message);
    assert.deepEqual(toWireError('boom'), { name: 'Error', message: 'boom' });
  });
});
