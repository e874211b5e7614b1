import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProtobufError, WireReader } from './wire';

void describe('WireReader', () => {
  it('reads varints, tags and length-delimited bytes', () => {
    const r = new WireReader(Uint8Array.from([0x08, 0x96, 0x01, 0x12, 0x02, 0x61, 0x62]));
    assert.deepEqual(r.tag(), { field: 1, wireType: 0 });
    assert.equal(r.varint(), 150n);
    assert.deepEqual(r.tag(), { field: 2, wireType: 2 });
    assert.equal(Buffer.from(r.bytes()).toString(), 'ab');
    assert.equal(r.done, true);
  });
  it('rejects truncated and overlong input', () => {
    assert.throws(() => new WireReader(Uint8Array.from([0x80])).varint(), ProtobufError);
    assert.throws(() => new WireReader(Uint8Array.from(new Array<number>(11).fill(0xff))).varint(), ProtobufError);
    assert.throws(() => new WireReader(Uint8Array.from([0x05, 0x61])).bytes(), ProtobufError);
    assert.throws(() => new WireReader(Uint8Array.from([0x00])).tag(), ProtobufError);
    assert.throws(() => new WireReader(Uint8Array.from([0x0b])).skip(3), ProtobufError);
  });
});
