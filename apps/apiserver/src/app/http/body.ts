import type { IncomingMessage } from 'node:http';
import yaml from 'js-yaml';
import { BadRequestError, RequestEntityTooLargeError, UnsupportedMediaTypeError } from '../errors/api-errors';
import { checkDecodedLimits, checkTreeLimits } from './decode-limits';

/** Upstream's request body limit (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Media types accepted for create/update bodies. */
export const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml'] as const;

/** Optional decoders for other media types (e.g. protobuf), registered by their owners. */
const extraDecoders = new Map<string, (body: Buffer) => unknown>();

/**
 * Registers a body decoder for `mediaType` (e.g. `application/vnd.kubernetes.protobuf`),
 * returning the object as JSON would have produced it. Used for create/update bodies.
 */
export function registerBodyDecoder(mediaType: string, decode: (body: Buffer) => unknown): void {
  extraDecoders.set(mediaType, decode);
}

export function acceptedObjectTypes(): string[] {
  return [...OBJECT_MEDIA_TYPES, ...extraDecoders.keys()];
}

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string {
  const ct = contentType ?? '';
  const semi = ct.indexOf(';');
  return (semi < 0 ? ct : ct.slice(0, semi)).trim().toLowerCase();
}

/**
 * Reads the whole body; 413 past MAX_BODY_BYTES (the rest of the stream is drained, not buffered).
 * Rejects with the stream's error, or ERR_STREAM_PREMATURE_CLOSE when it closes before its end.
 * Plain 'data'/'end' listeners, not `for await`: the stream's async iterator (with its
 * end-of-stream tracking) cost ~15 µs of every write. A one-chunk body is returned as that chunk.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    return Promise.reject(new RequestEntityTooLargeError(limit));
  }
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  if (req.destroyed) return Promise.reject(req.errored ?? prematureClose());
  return new Promise<Buffer>((resolve, reject) => {
    let first: Buffer | undefined;
    let more: Buffer[] | undefined;
    let size = 0;
    let tooLarge = false;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (tooLarge) return;
      if (first === undefined) first = chunk;
      else (more ??= [first]).push(chunk);
    };
    const done = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onEnd = (): void => {
      done();
      if (tooLarge) reject(new RequestEntityTooLargeError(limit));
      else resolve(more ? Buffer.concat(more) : (first ?? Buffer.alloc(0)));
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    const onClose = (): void => {
      done();
      reject(prematureClose());
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** The error a stream's async iterator throws when the stream closes before its end. */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/** Parses JSON; 400 with the parser's message as upstream's decoder reports it. */
export function parseJSON(body: Buffer): unknown {
  let out: unknown;
  try {
    out = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new BadRequestError(`the body of the request could not be decoded: ${err instanceof Error ? err.message : String(err)}`);
  }
  checkTreeLimits(out); // JSON.parse shares no value: the tree check gives checkDecodedLimits' answer
  return out;
}

/** Parses YAML (JSON schema, one document); alias expansion and depth are bounded by checkDecodedLimits. */
export function parseYAML(body: Buffer): unknown {
  let out: unknown;
  try {
    out = yaml.load(body.toString('utf8'), { schema: yaml.JSON_SCHEMA });
  } catch (err) {
    throw new BadRequestError(`the body of the request could not be decoded as YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  checkDecodedLimits(out);
  return out;
}

/** Decodes a create/update body by Content-Type; 415 listing the accepted types otherwise. Must be a JSON object. */
export function decodeObjectBody(contentType: string | undefined, body: Buffer): Record<string, unknown> {
  const mt = mediaType(contentType) || 'application/json';
  let obj: unknown;
  if (mt === 'application/json') obj = parseJSON(body);
  else if (mt === 'application/yaml') obj = parseYAML(body);
  else {
    const dec = extraDecoders.get(mt);
    if (!dec) throw new UnsupportedMediaTypeError(mt, acceptedObjectTypes());
    obj = dec(body);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new BadRequestError('the body of the request must be a JSON object');
  return obj as Record<string, unknown>;
}
