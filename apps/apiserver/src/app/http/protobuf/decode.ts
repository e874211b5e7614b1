/**
 * Decoder for `application/vnd.kubernetes.protobuf` request bodies: the 4-byte magic
 * `k8s\0`, then a runtime.Unknown envelope {typeMeta, raw, contentEncoding, contentType}
 * whose `raw` is the object's message. Returns the object as a JSON client would send it
 * (apiVersion/kind from the envelope). Malformed bytes → 400; kinds without a table → 415.
 */
import { BadRequestError, UnsupportedMediaTypeError } from '../../errors/api-errors';
import { KIND_MESSAGES } from './messages-kinds';
import { UNKNOWN } from './messages-meta';
import { decodeMessage } from './schema';
import { ProtobufError } from './wire';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** apiVersion/kind pairs this decoder understands. */
export function protobufKinds(): string[] {
  return Object.keys(KIND_MESSAGES);
}

export function decodeKubernetesProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC))
    throw new BadRequestError('the body of the request could not be decoded: provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  try {
    const env = decodeMessage(body.subarray(MAGIC.length), UNKNOWN) as { typeMeta?: { apiVersion?: string; kind?: string }; raw?: string; contentEncoding?: string };
    const apiVersion = env.typeMeta?.apiVersion ?? '';
    const kind = env.typeMeta?.kind ?? '';
    if (env.contentEncoding) throw new BadRequestError(`the body of the request could not be decoded: unsupported content encoding "${env.contentEncoding}"`);
    const def = KIND_MESSAGES[`${apiVersion}/${kind}`];
    if (!def) throw new UnsupportedMediaTypeError(`${PROTOBUF_MEDIA_TYPE} (for ${apiVersion || '<none>'}, Kind=${kind || '<none>'})`, ['application/json', 'application/yaml']);
    const obj = decodeMessage(Buffer.from(env.raw ?? '', 'base64'), def);
    return { apiVersion, kind, ...obj };
  } catch (err) {
    if (err instanceof ProtobufError) throw new BadRequestError(`the body of the request could not be decoded: ${err.message}`);
    throw err;
  }
}
