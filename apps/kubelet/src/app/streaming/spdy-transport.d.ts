/** The part of npm `spdy-transport` 3.0.0 the kubelet uses (it ships no types). */
declare module 'spdy-transport' {
  import type { Duplex } from 'node:stream';
  import type { EventEmitter } from 'node:events';

  export interface SpdyStream extends Duplex {
    readonly id: number;
    readonly headers: Record<string, string>;
    respond(status: number, headers: Record<string, string>, callback?: (err?: Error) => void): void;
    abort(code?: string, callback?: () => void): void;
  }

  export interface SpdyConnection extends EventEmitter {
    start(version: number): void;
    end(callback?: () => void): void;
    destroyStreams(err?: Error): void;
    on(event: 'stream', listener: (stream: SpdyStream) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
    request(
      opts: { method: string; path: string; host?: string; headers?: Record<string, string> },
      callback: (err: Error | null, stream: SpdyStream) => void,
    ): SpdyStream;
  }

  export const connection: {
    create(socket: Duplex, opts: { protocol: 'spdy' | 'http2'; isServer: boolean; windowSize?: number }): SpdyConnection;
  };

  export const protocol: {
    spdy: { parser: { create(opts: Record<string, unknown>): object } };
  };
}
