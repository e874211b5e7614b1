/** Protobuf request bodies: registers the decoder with the body reader (idempotent). */
import { registerBodyDecoder } from '../body';
import { PROTOBUF_MEDIA_TYPE, decodeKubernetesProtobuf } from './decode';

export { PROTOBUF_MEDIA_TYPE, decodeKubernetesProtobuf, protobufKinds } from './decode';

export function installProtobufDecoder(): void {
  registerBodyDecoder(PROTOBUF_MEDIA_TYPE, decodeKubernetesProtobuf);
}
