import { protocol } from 'spdy-transport';

type KVCallback = (err: Error | null, headers?: Record<string, string>) => void;
interface ParserProto {
  parseKVs: (this: ParserProto, buffer: unknown, cb: KVCallback) => void;
  __tskubeRelaxed?: boolean;
}

/**
 * spdy-transport rejects a SYN_STREAM without `:method` and `:path` (HTTP-over-SPDY rules), but
 * Kubernetes' port-forward streams carry only `streamtype`, `port` and `requestid`. This wraps
 * the SPDY/3 parser's header decoding once per process so that request header blocks lacking
 * both get placeholders (`:method: POST`, `:path: /`); replies (`:status`) are untouched.
 */
export function relaxSpdyRequestHeaders(): void {
  const proto = Object.getPrototypeOf(protocol.spdy.parser.create({ isServer: true, window: undefined })) as ParserProto;
  if (proto.__tskubeRelaxed) return;
  const orig = proto.parseKVs;
  proto.parseKVs = function parseKVs(this: ParserProto, buffer: unknown, cb: KVCallback): void {
    orig.call(this, buffer, (err, headers) => {
      if (!err && headers && !headers[':status'] && !headers[':method'] && !headers[':path']) {
        headers[':method'] = 'POST';
        headers[':path'] = '/';
      }
      cb(err, headers);
    });
  };
  proto.__tskubeRelaxed = true;
}
