/**
 * Table-driven protobuf decoding for Kubernetes' gogo-generated (proto2) messages: one
 * `MessageDef` per message maps field numbers to JSON names and types. The decoded object is
 * normalised the way Go's encoding/json would have rendered the same Go struct, so defaulting
 * and validation see what a JSON client sends:
 * - non-pointer scalars equal to their zero value ('' / 0 / false) are dropped (gogo writes them
 *   anyway); `ptr` fields (Go pointers: `replicas`, `automountServiceAccountToken`, ...) keep zeros;
 * - non-pointer nested structs that decode to `{}` are dropped (`status: {}`, `strategy: {}`);
 *   `ptr` messages keep `{}` (e.g. `emptyDir: {}`);
 * - a zero Time (seconds 0, nanos 0) is dropped; others become RFC 3339 strings;
 * - `bytes` become base64 strings; Quantity becomes its string; IntOrString a number or string.
 * Unknown field numbers are skipped (protobuf forward compatibility).
 */
import { ProtobufError, WIRE, WireReader } from './wire';

export type ScalarType = 'string' | 'bytes' | 'int32' | 'int64' | 'bool' | 'double';
export type SpecialType = 'time' | 'quantity' | 'intOrString';

export interface FieldDef {
  name: string;
  type: ScalarType | SpecialType | 'message';
  /** Nested message table (lazy, for recursive/forward references). */
  msg?: () => MessageDef;
  repeated?: boolean;
  /** `map<string, V>` (encoded as repeated {1 key, 2 value}); the field type is V's. */
  map?: boolean;
  /** Go pointer field: zero values and empty structs are kept. */
  ptr?: boolean;
  /** Embedded Go struct (`json:",inline"`): its fields are merged into the parent object. */
  inline?: boolean;
}

export type MessageDef = Readonly<Record<number, FieldDef>>;

/** Nesting limit: deeper input is rejected rather than recursing without bound. */
export const MAX_DEPTH = 64;

type Json = string | number | boolean | Json[] | { [k: string]: Json };

function readScalar(r: WireReader, wireType: number, type: ScalarType): Json {
  if (type === 'string' || type === 'bytes') {
    if (wireType !== WIRE.BYTES) throw new ProtobufError(`expected length-delimited ${type}`);
    const b = r.bytes();
    return type === 'string' ? Buffer.from(b).toString('utf8') : Buffer.from(b).toString('base64');
  }
  if (type === 'double') {
    if (wireType !== WIRE.FIXED64) throw new ProtobufError('expected fixed64 double');
    return Buffer.from(r.fixed(8)).readDoubleLE(0);
  }
  if (wireType !== WIRE.VARINT) throw new ProtobufError(`expected varint ${type}`);
  const v = r.varint();
  if (type === 'bool') return v !== 0n;
  if (type === 'int32') return Number(BigInt.asIntN(32, v));
  return Number(BigInt.asIntN(64, v));
}

function isZero(v: Json): boolean {
  return v === '' || v === 0 || v === false || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
}

/** Go's RFC 3339 range (years 0001-9999); anything else is malformed input. */
const MIN_SECONDS = -62135596800;
const MAX_SECONDS = 253402300799;

function formatTime(seconds: number, nanos: number): string {
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS || nanos < 0 || nanos > 999999999) throw new ProtobufError(`timestamp out of range: ${seconds}s ${nanos}ns`);
  const iso = new Date(seconds * 1000).toISOString();
  if (!nanos) return iso.replace(/\.\d{3}Z$/, 'Z');
  return iso.replace(/\.\d{3}Z$/, `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}Z`);
}

const TIME: MessageDef = { 1: { name: 'seconds', type: 'int64' }, 2: { name: 'nanos', type: 'int32' } };
const QUANTITY: MessageDef = { 1: { name: 'string', type: 'string' } };
const INT_OR_STRING: MessageDef = { 1: { name: 'type', type: 'int64' }, 2: { name: 'intVal', type: 'int32' }, 3: { name: 'strVal', type: 'string' } };

/** Decodes a special type's message; undefined means "zero value" (dropped unless ptr). */
function readSpecial(bytes: Uint8Array, type: SpecialType, depth: number): Json | undefined {
  if (type === 'time') {
    const t = decodeMessage(bytes, TIME, depth) as { seconds?: number; nanos?: number };
    if (!t.seconds && !t.nanos) return undefined;
    return formatTime(t.seconds ?? 0, t.nanos ?? 0);
  }
  if (type === 'quantity') return (decodeMessage(bytes, QUANTITY, depth) as { string?: string }).string ?? '0';
  const ios = decodeMessage(bytes, INT_OR_STRING, depth) as { type?: number; intVal?: number; strVal?: string };
  if (ios.type === 1) return ios.strVal ?? '';
  return ios.intVal ?? 0;
}

/** Decodes a single value (not a map entry) of `def` whose tag was just read. */
function readValue(r: WireReader, wireType: number, def: FieldDef, depth: number): Json | undefined {
  if (def.type === 'message' || def.type === 'time' || def.type === 'quantity' || def.type === 'intOrString') {
    if (wireType !== WIRE.BYTES) throw new ProtobufError(`expected a message for field ${def.name}`);
    const bytes = r.bytes();
    if (def.type === 'message') {
      if (!def.msg) throw new ProtobufError(`no message table for ${def.name}`);
      return decodeMessage(bytes, def.msg(), depth + 1);
    }
    const v = readSpecial(bytes, def.type, depth + 1);
    if (v === undefined && def.type === 'intOrString') return def.ptr ? 0 : undefined;
    return v;
  }
  return readScalar(r, wireType, def.type);
}

function readMapEntry(bytes: Uint8Array, def: FieldDef, depth: number): [string, Json | undefined] {
  const r = new WireReader(bytes);
  let key = '';
  let value: Json | undefined;
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (field === 1) key = readScalar(r, wireType, 'string') as string;
    else if (field === 2) value = readValue(r, wireType, def, depth);
    else r.skip(wireType);
  }
  if (value === undefined) value = def.type === 'string' || def.type === 'bytes' ? '' : def.type === 'message' ? {} : undefined;
  return [key, value];
}

/** Decodes `bytes` as the message described by `def`, normalised as documented above. */
export function decodeMessage(bytes: Uint8Array, def: MessageDef, depth = 0): Record<string, Json> {
  if (depth > MAX_DEPTH) throw new ProtobufError(`message nesting deeper than ${MAX_DEPTH}`);
  const r = new WireReader(bytes);
  const out: Record<string, Json> = {};
  while (!r.done) {
    const { field, wireType } = r.tag();
    const f = def[field];
    if (!f) {
      r.skip(wireType);
      continue;
    }
    if (f.map) {
      if (wireType !== WIRE.BYTES) throw new ProtobufError(`expected a map entry for field ${f.name}`);
      const [k, v] = readMapEntry(r.bytes(), f, depth + 1);
      const m = (out[f.name] ??= {}) as Record<string, Json>;
      // defineProperty: a `__proto__` key stays a plain data key, as JSON.parse would make it.
      if (v !== undefined) Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true });
      continue;
    }
    if (f.repeated) {
      const list = (out[f.name] ??= []) as Json[];
      const packable = f.type === 'int32' || f.type === 'int64' || f.type === 'bool' || f.type === 'double';
      if (packable && wireType === WIRE.BYTES) {
        const pr = new WireReader(r.bytes());
        while (!pr.done) list.push(readScalar(pr, f.type === 'double' ? WIRE.FIXED64 : WIRE.VARINT, f.type as ScalarType));
      } else {
        const v = readValue(r, wireType, f, depth);
        list.push(v ?? (f.type === 'message' ? {} : ''));
      }
      continue;
    }
    const v = readValue(r, wireType, f, depth);
    if (f.inline && v && typeof v === 'object' && !Array.isArray(v)) {
      Object.assign(out, v);
      continue;
    }
    if (v === undefined || (!f.ptr && isZero(v))) delete out[f.name];
    else out[f.name] = v;
  }
  return out;
}
