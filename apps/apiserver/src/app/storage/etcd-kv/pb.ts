/**
 * The protobuf wire format for the handful of etcd messages the KV client sends and reads:
 * varints as JS numbers (etcd revisions, counts and enums stay far below 2^53), bytes fields
 * as Buffers. The reader is bounds-checked and throws PbError on truncated or malformed input.
 */

export class PbError extends Error {
  override name = 'PbError';
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

/** Appends fields to a message; `finish()` returns the encoded bytes. */
export class PbWriter {
  private readonly parts: Buffer[] = [];
  private scratch: number[] = [];

  private varintBytes(n: number): void {
    let v = n;
    while (v > 0x7f) {
      this.scratch.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.scratch.push(v);
  }

  private flush(): void {
    if (this.scratch.length) {
      this.parts.push(Buffer.from(this.scratch));
      this.scratch = [];
    }
  }

  /** A varint field (non-negative integers, booleans as 0/1, enums); written even when 0. */
  uint(field: number, n: number | boolean): this {
    if (typeof n === 'number' && !(Number.isSafeInteger(n) && n >= 0)) throw new PbError(`field ${field}: ${n} is not a non-negative integer`);
    this.varintBytes(field * 8 + WIRE_VARINT);
    this.varintBytes(typeof n === 'boolean' ? (n ? 1 : 0) : n);
    return this;
  }

  /** A length-delimited field (bytes, strings, nested messages). */
  bytes(field: number, b: Buffer | string): this {
    const buf = typeof b === 'string' ? Buffer.from(b) : b;
    this.varintBytes(field * 8 + WIRE_BYTES);
    this.varintBytes(buf.length);
    this.flush();
    this.parts.push(buf);
    return this;
  }

  finish(): Buffer {
    this.flush();
    return this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
  }
}

/** Reads the fields of one message in order: `next()` then `uint()`/`bytes()`/`skip()`. */
export class PbReader {
  private pos = 0;
  field = 0;
  private wire = 0;

  constructor(private readonly buf: Buffer) {}

  private varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new PbError('unexpected end of data in varint');
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 0x80;
    }
    throw new PbError('varint longer than 10 bytes');
  }

  /** Advances to the next field; false at the end of the message. */
  next(): boolean {
    if (this.pos >= this.buf.length) return false;
    const tag = this.varint();
    this.field = Math.floor(tag / 8);
    this.wire = tag % 8;
    if (this.field < 1) throw new PbError(`invalid field number ${this.field}`);
    return true;
  }

  uint(): number {
    if (this.wire !== WIRE_VARINT) throw new PbError(`field ${this.field}: want a varint, wire type ${this.wire}`);
    return this.varint();
  }

  bool(): boolean {
    return this.uint() !== 0;
  }

  bytes(): Buffer {
    if (this.wire !== WIRE_BYTES) throw new PbError(`field ${this.field}: want bytes, wire type ${this.wire}`);
    const n = this.varint();
    if (n > this.buf.length - this.pos) throw new PbError('length-delimited field overruns the message');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Skips the current field (unknown fields are allowed, as protobuf requires). */
  skip(): void {
    const size = this.wire === WIRE_FIXED64 ? 8 : this.wire === WIRE_FIXED32 ? 4 : -1;
    if (this.wire === WIRE_VARINT) this.varint();
    else if (this.wire === WIRE_BYTES) this.bytes();
    else if (size > 0 && this.pos + size <= this.buf.length) this.pos += size;
    else throw new PbError(`cannot skip wire type ${this.wire}`);
  }
}
