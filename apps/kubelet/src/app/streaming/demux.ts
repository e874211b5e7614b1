/**
 * Docker's stream multiplexing (non-TTY attach, exec and logs): each frame is an 8-byte header
 * `[stream, 0, 0, 0, size (uint32 BE)]` then `size` bytes; stream 1 is stdout, 2 stderr.
 * {@link DockerDemuxer} reassembles frames split across chunks.
 */
export class DockerDemuxer {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (stream: number, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (this.buf.length >= 8) {
      const size = this.buf.readUInt32BE(4);
      if (this.buf.length < 8 + size) break;
      const stream = this.buf[0]!;
      const payload = this.buf.subarray(8, 8 + size);
      this.buf = this.buf.subarray(8 + size);
      if (payload.length) this.onFrame(stream, payload);
    }
  }

  /** Bytes of an incomplete frame still buffered. */
  pending(): number {
    return this.buf.length;
  }
}

/** Builds one frame (tests and fakes). */
export function dockerFrame(stream: number, payload: Buffer | string): Buffer {
  const p = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(p.length, 4);
  return Buffer.concat([h, p]);
}
