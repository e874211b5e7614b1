/**
 * Protocol-buffers wire reader: varints, fixed 32/64-bit and length-delimited fields over a
 * byte slice. Every read is bounds-checked and throws ProtobufError on truncated or malformed
 * input (never reads past the slice, never loops forever).
 */

export class ProtobufError extends Error {
  override name = 'ProtobufError';
}

/** Wire types of the protobuf encoding. */
export const WIRE = { VARINT: 0, FIXED64: 1, BYTES: 2, START_GROUP: 3, END_GROUP: 4, FIXED32: 5 } as const;

export interface FieldTag {
  field: number;
  wireType: number;
}

export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** Unsigned varint as a BigInt (up to 10 bytes). */
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new ProtobufError('unexpected end of data in varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new ProtobufError('varint longer than 10 bytes');
  }

  tag(): FieldTag {
    const v = this.varint();
    const field = Number(v >> 3n);
    const wireType = Number(v & 7n);
    if (field < 1 || field > 0x1fffffff) throw new ProtobufError(`invalid field number ${field}`);
    return { field, wireType };
  }

  bytes(): Uint8Array {
    const len = this.varint();
    if (len > BigInt(this.buf.length - this.pos)) throw new ProtobufError('length-delimited field overruns the message');
    const n = Number(len);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  fixed(size: 4 | 8): Uint8Array {
    if (this.pos + size > this.buf.length) throw new ProtobufError('unexpected end of data in fixed field');
    const out = this.buf.subarray(this.pos, this.pos + size);
    this.pos += size;
    return out;
  }

  /** Skips a field of the given wire type (groups are rejected: Kubernetes never uses them). */
  skip(wireType: number): void {
    switch (wireType) {
      case WIRE.VARINT:
        this.varint();
        return;
      case WIRE.FIXED64:
        this.fixed(8);
        return;
      case WIRE.BYTES:
        this.bytes();
        return;
      case WIRE.FIXED32:
        this.fixed(4);
        return;
      default:
        throw new ProtobufError(`unsupported wire type ${wireType}`);
    }
  }
}
