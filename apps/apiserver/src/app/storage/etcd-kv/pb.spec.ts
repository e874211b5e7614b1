import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PbError, PbReader, PbWriter } from './pb';
import { decodeRangeResponse, decodeTxnResponse, encodeTxnRequest } from './kv-messages';

void describe('protobuf wire for the etcd KV messages', () => {
  it('round-trips varints up to 2^53 and bytes fields, skipping unknown fields', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const msg = new PbWriter().uint(1, 0).uint(2, 300).uint(3, big).bytes(4, 'héllo').bytes(9, Buffer.alloc(0)).uint(5, true).finish();
    const r = new PbReader(msg);
    const seen: Array<[number, unknown]> = [];
    while (r.next()) {
      if (r.field === 4) seen.push([4, r.bytes().toString()]);
      else if (r.field === 9) r.skip();
      else seen.push([r.field, r.uint()]);
    }
    assert.deepEqual(seen, [[1, 0], [2, 300], [3, big], [4, 'héllo'], [5, 1]]);
  });

  it('encodes a Compare exactly as protobuf does (enum, bytes, a zero revision still written)', () => {
    // TxnRequest{compare: [{target: CREATE, key: "k", create_revision: 0}]}
    const got = encodeTxnRequest({ compare: [{ key: Buffer.from('k'), target: 'Create', revision: 0 }], success: [] });
    assert.deepEqual([...got], [0x0a, 7, 0x10, 1, 0x1a, 1, 0x6b, 0x28, 0]);
  });

  it('decodes Range and Txn responses, their header revision and key-values', () => {
    const header = new PbWriter().uint(1, 7).uint(3, 42).finish();
    const kv = new PbWriter().bytes(1, '/k').uint(2, 40).uint(3, 41).uint(4, 2).bytes(5, '{}').finish();
    const range = decodeRangeResponse(new PbWriter().bytes(1, header).bytes(2, kv).uint(3, true).uint(4, 5).finish());
    assert.equal(range.revision, 42);
    assert.equal(range.more, true);
    assert.equal(range.count, 5);
    assert.deepEqual({ ...range.kvs[0], key: range.kvs[0]?.key.toString(), value: range.kvs[0]?.value.toString() }, { key: '/k', value: '{}', create_revision: 40, mod_revision: 41, version: 2 });
    assert.deepEqual(decodeTxnResponse(new PbWriter().bytes(1, header).uint(2, true).bytes(3, Buffer.from([0x12, 0])).finish()), { revision: 42, succeeded: true });
  });

  it('rejects truncated and malformed input with PbError, and negative or fractional numbers on write', () => {
    assert.throws(() => decodeRangeResponse(Buffer.from([0x12, 5, 1])), PbError);
    assert.throws(() => decodeRangeResponse(Buffer.from([0x80, 0x80])), PbError);
    assert.throws(() => decodeTxnResponse(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])), PbError);
    assert.throws(() => decodeTxnResponse(Buffer.from([0x0a])), PbError);
    assert.throws(() => new PbWriter().uint(1, -1), PbError);
    assert.throws(() => new PbWriter().uint(1, 1.5), PbError);
  });
});
