/**
 * Broken Kubernetes protobuf bodies for the fuzz spec (category `brokenProtobuf`): bad or
 * missing `k8s\0` magic, truncated bodies and varints, wrong wire types, lengths beyond the
 * body, deep nesting, unknown fields, out-of-range values, unknown apiVersion/kind in the
 * TypeMeta, valid envelopes of the wrong kind for the URL, and TokenRequests that must fail.
 * Each request carries the status codes a correct apiserver answers with (`expect`); none may
 * store anything. Bodies are built with the spec encoder from upstream's field numbers.
 */
import { K8S_MAGIC, encodeMessage, envelope, raw, tag, varint } from './protobuf/encode';
import type { PbMsg } from './protobuf/encode';
import type { FuzzRequest, Rng } from './fuzz-requests';

const PODS = '/api/v1/namespaces/default/pods';
const SEED_POD = `${PODS}/seed-0`;
const SERVICES = '/api/v1/namespaces/default/services';
/** A ServiceAccount the fuzz spec creates (tokens for it must still fail: see `tokenRequest`). */
export const FUZZ_SERVICE_ACCOUNT = 'fuzz-sa';
const token = (sa: string): string => `/api/v1/namespaces/default/serviceaccounts/${sa}/token`;
const PB = 'application/vnd.kubernetes.protobuf';
const BAD_NAMES = ['Bad_Name', 'UPPER', '-x', 'a..b', 'x'.repeat(260)];

const podMsg = (name: string | Buffer, extraMeta: PbMsg = [], extraSpec: PbMsg = []): PbMsg => [
  [1, [[1, name], ...extraMeta]],
  [2, [[2, [[1, 'c'], [2, 'busybox']]], ...extraSpec]],
];
const podBody = (name: string | Buffer, extraMeta: PbMsg = [], extraSpec: PbMsg = []): Buffer => envelope('v1', 'Pod', podMsg(name, extraMeta, extraSpec));
/** A field with an explicit wire type and payload bytes (length prefix included for type 2). */
const field = (n: number, wireType: number, payload: Buffer | number[]): PbMsg[number] => [n, raw(Buffer.concat([tag(n, wireType), Buffer.from(payload)]))];

type Case = (r: Rng) => { detail: string; method?: string; path?: string; body: Buffer; expect: readonly number[] };

const CASES: Record<string, Case> = {
  magic: (r) => {
    const good = podBody(`m-${r.int(1e6)}`);
    const body = r.pick([
      good.subarray(0, r.int(4)),
      Buffer.concat([Buffer.from('k8s\x01'), good.subarray(4)]),
      Buffer.concat([Buffer.from('K8s\0'), good.subarray(4)]),
      good.subarray(4),
      Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'j' } })),
    ]);
    return { detail: 'magic', body, expect: [400] };
  },
  truncated: (r) => {
    const good = podBody(`t-${r.int(1e6)}`, [[11, [[1, 'app'], [2, 'x']]]]);
    return { detail: 'truncated', body: good.subarray(0, K8S_MAGIC.length + r.int(good.length - K8S_MAGIC.length)), expect: [400, 415, 422] };
  },
  varint: (r) => {
    const obj = encodeMessage(podMsg(`v-${r.int(1e6)}`));
    const ff = (n: number): Buffer => Buffer.alloc(n, 0xff);
    const body = r.pick([
      Buffer.concat([K8S_MAGIC, encodeMessage([[1, [[1, 'v1'], [2, 'Pod']]]]), tag(2, 2), ff(1 + r.int(9))]),
      Buffer.concat([K8S_MAGIC, ff(11 + r.int(5))]),
      envelope('v1', 'Pod', Buffer.concat([obj, tag(1, 2), Buffer.from([0x80, 0x80])])),
      envelope('v1', 'Pod', Buffer.concat([obj, tag(3, 0), ff(10), Buffer.from([0x01])])),
    ]);
    return { detail: 'varint', body, expect: [400] };
  },
  wireType: (r) => {
    const name = `w-${r.int(1e6)}`;
    const body = r.pick([
      Buffer.concat([K8S_MAGIC, encodeMessage([field(1, 0, [1]), [2, encodeMessage(podMsg(name))]])]),
      Buffer.concat([K8S_MAGIC, encodeMessage([[1, [[1, 'v1'], [2, 'Pod']]], field(2, 5, [1, 2, 3, 4])])]),
      envelope('v1', 'Pod', [field(1, 5, [1, 2, 3, 4]), [2, [[2, [[1, 'c']]]]]]),
      envelope('v1', 'Pod', [[1, [field(1, 0, [7])]]]),
      envelope('v1', 'Pod', [[1, [[1, name]]], [2, [field(2, 1, [1, 2, 3, 4, 5, 6, 7, 8])]]]),
      podBody(name, [field(r.pick([3, 77]), r.pick([3, 4, 6, 7]), [1])]),
      Buffer.concat([K8S_MAGIC, encodeMessage([field(r.pick([5, 9]), r.pick([3, 4, 6, 7]), [])])]),
    ]);
    return { detail: 'wireType', body, expect: [400] };
  },
  length: (r) => {
    const obj = encodeMessage(podMsg(`l-${r.int(1e6)}`));
    const len = r.pick([obj.length + 1 + r.int(1000), 2 ** 35, 2n ** 63n, 2n ** 64n - 1n]);
    const inner = Buffer.concat([tag(1, 2), varint(obj.length + 5), obj]);
    const body = r.pick([
      Buffer.concat([K8S_MAGIC, encodeMessage([[1, [[1, 'v1'], [2, 'Pod']]]]), tag(2, 2), varint(len), obj]),
      envelope('v1', 'Pod', inner),
      Buffer.concat([K8S_MAGIC, tag(1, 2), varint(len), Buffer.from('v1')]),
    ]);
    return { detail: 'length', body, expect: [400] };
  },
  deepNesting: (r) => {
    let nested: Buffer = Buffer.from('x');
    const depth = 100 + r.int(3000);
    for (let i = 0; i < depth; i++) nested = Buffer.concat([tag(1, 2), varint(nested.length), nested]);
    // Unknown field 99 (skipped whole) in the spec, or the metadata.name string holding the nest: either way the pod is invalid (422).
    const body = r.next() < 0.5 ? podBody(r.pick(BAD_NAMES), [], [[99, nested]]) : envelope('v1', 'Pod', [[1, [[1, nested]]], [2, [[2, [[1, 'c'], [2, 'busybox']]]]]]);
    return { detail: `deepNesting(${depth})`, body, expect: [422] };
  },
  unknownFields: (r) => {
    const junk = (): PbMsg => Array.from({ length: 1 + r.int(6) }, (): PbMsg[number] => {
      const n = r.pick([50, 99, 1000, 12345, 2 ** 29 - 1]);
      return r.pick<PbMsg[number]>([[n, r.int(1e9)], [n, r.str(8)], field(n, 1, Buffer.alloc(8, 7)), field(n, 5, [1, 2, 3, 4])]);
    });
    const obj = encodeMessage([...podMsg(r.pick(BAD_NAMES), junk(), junk()), ...junk()]);
    if (r.next() < 0.3) return { detail: 'unknownFields(field 0)', body: envelope('v1', 'Pod', Buffer.concat([obj, tag(0, 0), Buffer.from([1])])), expect: [400] };
    if (r.next() < 0.3) return { detail: 'unknownFields(stale PUT)', method: 'PUT', path: SEED_POD, body: podBody('seed-0', [[6, '1'], ...junk()], junk()), expect: [409] };
    return { detail: 'unknownFields', body: Buffer.concat([K8S_MAGIC, encodeMessage([[1, [[1, 'v1'], [2, 'Pod'], ...junk()]], [2, obj], ...junk()])]), expect: [422] };
  },
  values: (r) => {
    const name = `x-${r.int(1e6)}`;
    return r.pick([
      { detail: 'time out of range', body: podBody(name, [[8, [[1, r.pick([2 ** 40, -(2 ** 40), 2n ** 63n - 1n])]]]]), expect: [400] },
      { detail: 'content encoding', body: envelope('v1', 'Pod', podMsg(name), [[3, r.pick(['gzip', 'x'])]]), expect: [400] },
      { detail: 'negative nanos', body: podBody(name, [[8, [[1, 1700000000], [2, -1]]]]), expect: [400] },
      { detail: 'invalid UTF-8 name', body: podBody(Buffer.from([0x61, 0xff, 0xfe, 0x62])), expect: [422] },
      { detail: 'label map entry without key', body: podBody(r.pick(BAD_NAMES), [[11, [[2, 'v']]]]), expect: [422] },
      { detail: 'bad IntOrString and quantity', body: podBody(r.pick(BAD_NAMES), [], [[2, [[1, 'd'], [2, 'busybox'], [8, [[1, [[1, 'cpu'], [2, [[1, 'lots']]]]]]]]]]), expect: [422] },
    ]);
  },
  typeMeta: (r) => {
    const [apiVersion, kind] = r.pick<[string, string]>([['v1', 'Widget'], ['v2', 'Pod'], ['apps/v1', 'Pod'], ['', ''], ['v1', ''], ['', 'Pod'], [r.str(5), r.str(5)]]);
    return { detail: `typeMeta ${apiVersion}/${kind}`, body: envelope(apiVersion, kind, podMsg(`k-${r.int(1e6)}`)), expect: [415] };
  },
  wrongKindForURL: (r) => {
    const name = `u-${r.int(1e6)}`;
    const [apiVersion, kind, obj] = r.pick<[string, string, PbMsg]>([
      ['v1', 'ConfigMap', [[1, [[1, name]]], [2, [[1, 'k'], [2, 'v']]]]],
      ['v1', 'Service', [[1, [[1, name]]], [2, [[1, [[3, 80]]]]]]],
      ['v1', 'Namespace', [[1, [[1, name]]]]],
      ['apps/v1', 'Deployment', [[1, [[1, name]]], [2, [[1, 1]]]]],
      ['authentication.k8s.io/v1', 'TokenRequest', [[2, [[1, 'aud']]]]],
    ]);
    const put = r.next() < 0.3;
    return { detail: `${kind} to pods`, method: put ? 'PUT' : 'POST', path: put ? SEED_POD : PODS, body: envelope(apiVersion, kind, obj), expect: [400] };
  },
  podToServices: (r) => ({ detail: 'Pod to services', path: SERVICES, body: podBody(`s-${r.int(1e6)}`), expect: [400] }),
  tokenRequest: (r) => {
    const tr = (spec: PbMsg): Buffer => envelope('authentication.k8s.io/v1', 'TokenRequest', [[1, []], [2, spec]]);
    const spec: PbMsg = [[2, [[1, 'foo'], [4, 900]]]];
    const full = envelope('authentication.k8s.io/v1', 'TokenRequest', spec);
    return r.pick([
      { detail: 'token for a missing account', path: token(`nope-${r.int(1e6)}`), body: tr([[1, 'foo'], [4, 900]]), expect: [404] },
      { detail: 'token expiring too soon', path: token(FUZZ_SERVICE_ACCOUNT), body: tr([[4, r.pick([0, 1, 599, -1, -(2 ** 40)])]]), expect: [422] },
      { detail: 'token bound to a missing pod', path: token(FUZZ_SERVICE_ACCOUNT), body: tr([[3, [[1, 'Pod'], [2, 'v1'], [3, `gone-${r.int(1e6)}`]]]]), expect: [404] },
      { detail: 'token bound to a pod of another account', path: token(FUZZ_SERVICE_ACCOUNT), body: tr([[3, [[1, 'Pod'], [2, 'v1'], [3, 'seed-0']]]]), expect: [400] },
      { detail: 'token bound to a wrong uid', path: token(FUZZ_SERVICE_ACCOUNT), body: tr([[3, [[1, 'Pod'], [2, 'v1'], [3, 'seed-0'], [4, 'not-the-uid']]]]), expect: [400, 409] },
      { detail: 'token bound to a ConfigMap', path: token(FUZZ_SERVICE_ACCOUNT), body: tr([[3, [[1, r.pick(['ConfigMap', 'Deployment', ''])], [2, 'v1'], [3, 'x']]]]), expect: [400] },
      // cut inside the object (the envelope's last field), so the raw length overruns the body
      { detail: 'truncated token request', path: token(FUZZ_SERVICE_ACCOUNT), body: full.subarray(0, full.length - 1 - r.int(encodeMessage(spec).length)), expect: [400] },
      { detail: 'pod body to token', path: token(FUZZ_SERVICE_ACCOUNT), body: podBody('x'), expect: [400] },
    ]);
  },
};

/** One broken protobuf request. */
export function brokenProtobuf(r: Rng): FuzzRequest {
  const c = CASES[r.pick(Object.keys(CASES))]!(r);
  return { category: 'brokenProtobuf', detail: c.detail, method: c.method ?? 'POST', path: c.path ?? PODS, contentType: PB, body: c.body, expect: c.expect };
}
