/**
 * Generators of malformed apiserver requests for the fuzz spec (fuzz.spec.ts). Every
 * request produced here must be rejected with a 4xx Status by a correct apiserver; all
 * randomness comes from the seeded PRNG so a failing seed reproduces exactly.
 */
import { brokenProtobuf } from './fuzz-protobuf';

/** mulberry32: a small deterministic PRNG. */
export class Rng {
  constructor(private s: number) {}
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  str(len: number, alphabet = 'abcXYZ019-_.:/\\"{}[]()!=,~ \t\n'): string {
    let out = '';
    for (let i = 0; i < len; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

export interface FuzzRequest {
  category: string;
  method: string;
  path: string;
  contentType?: string;
  body?: string | Buffer;
  /** Which case of the category this is (shown on failure). */
  detail?: string;
  /** The only acceptable status codes, when the case pins them (otherwise any 4xx). */
  expect?: readonly number[];
}

export const NS_PODS = '/api/v1/namespaces/default/pods';
/** The seeded pod every mutation fuzzes against (must exist before the run). */
export const TARGET = `${NS_PODS}/seed-0`;

const pod = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'fuzz' } },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
  ...extra,
});

function yamlBomb(r: Rng): string {
  const width = 8 + r.int(8);
  const lines = [`a0: &a0 [${Array.from({ length: width }, () => '"lol"').join(',')}]`];
  for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: width }, () => `*a${i - 1}`).join(',')}]`);
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: bomb\n${lines.join('\n')}\n`;
}

function deepBody(r: Rng): string {
  const depth = 1100 + r.int(20000);
  const [open, close] = r.next() < 0.5 ? ['[', ']'] : ['{"a":', '}'];
  return JSON.stringify(pod('deep')).replace(/}$/, `,"x":${open.repeat(depth)}1${close.repeat(depth)}}`);
}

const BAD_LABEL_SELECTORS = ['a in (', 'a in (b', 'a notin', '!', '=b', '!=b', 'a in ()', 'a b', 'a=b c', '!a=b', '(a)', 'a=(b)', 'a%=b', 'a==b==c', 'in (a)', 'a in b'];
const BAD_FIELD_SELECTORS = ['spec.unknown=x', 'status.nope=1', 'foo', 'a~b', '=x', 'metadata.labels=x', 'x==', 'spec.containers=x'];
const BAD_NAMES = ['UPPER', 'a..b', '-a', 'a-', 'a_b', 'a b', 'a/b', '.', '..', 'x'.repeat(254), 'ünïcode', 'a%2Fb', '*'];
const BAD_RVS = ['abc', '-1', '1e5', '0x10', '1.5', ' 1', '99999999999999999999', '١٢', 'null'];

type Gen = (r: Rng) => FuzzRequest;

/** Each generator is one category of bad input. */
export const GENERATORS: Record<string, Gen> = {
  brokenProtobuf,
  brokenJSON: (r) => {
    const full = JSON.stringify(pod(`p-${r.int(1e6)}`));
    const body = r.next() < 0.6 ? full.slice(0, r.int(full.length)) : r.pick(['x', '\u0000', ',', ']', 'nul', '{{']) + full;
    return { category: 'brokenJSON', method: r.pick(['POST', 'PUT']), path: r.next() < 0.5 ? NS_PODS : TARGET, contentType: 'application/json', body };
  },
  yamlBomb: (r) => ({ category: 'yamlBomb', method: 'POST', path: NS_PODS, contentType: 'application/yaml', body: yamlBomb(r) }),
  brokenYAML: (r) => ({ category: 'brokenYAML', method: 'POST', path: NS_PODS, contentType: 'application/yaml', body: r.pick(['a: [1, 2', 'a: "unterminated', '\tkind: Pod', 'a: b: c', '- x\ny: 1', '*undefined_alias', '{a: 1', 'key: @bad', '? [a\n']) }),
  deepBody: (r) => ({ category: 'deepBody', method: r.pick(['POST', 'PUT']), path: r.next() < 0.5 ? NS_PODS : TARGET, contentType: 'application/json', body: deepBody(r) }),
  wrongKind: (r) => {
    const name = r.next() < 0.5 ? 'seed-0' : `k-${r.int(1e6)}`;
    const body = r.next() < 0.5 ? pod(name, { kind: r.pick(['Service', 'Deployment', 'Podd', 'pod', `X${r.str(5)}`]) }) : pod(name, { apiVersion: r.pick(['v2', 'apps/v1', 'v1beta1', '/v1', 'core/v1', `x/${r.str(3)}`]) });
    return { category: 'wrongKind', method: name === 'seed-0' ? 'PUT' : 'POST', path: name === 'seed-0' ? TARGET : NS_PODS, contentType: 'application/json', body: JSON.stringify(body) };
  },
  badName: (r) => ({ category: 'badName', method: 'POST', path: NS_PODS, contentType: 'application/json', body: JSON.stringify(pod(r.next() < 0.8 ? r.pick(BAD_NAMES) : '')) }),
  badLabelSelector: (r) => ({ category: 'badLabelSelector', method: 'GET', path: `${NS_PODS}?${r.next() < 0.3 ? 'watch=true&' : ''}labelSelector=${encodeURIComponent(r.pick(BAD_LABEL_SELECTORS))}` }),
  badFieldSelector: (r) => ({ category: 'badFieldSelector', method: 'GET', path: `${NS_PODS}?${r.next() < 0.3 ? 'watch=true&' : ''}fieldSelector=${encodeURIComponent(r.pick(BAD_FIELD_SELECTORS))}` }),
  badJSONPatch: (r) => {
    const body = r.pick<unknown>([
      {},
      'x',
      [{ op: 'explode', path: '/a' }],
      [{ op: 'remove', path: '/nope/x' }],
      [{ op: 'replace' }],
      [{ op: 'test', path: '/metadata/name', value: 'zzz' }],
      [{ op: 'add', path: '/spec/containers/99', value: {} }],
      [{ op: 'replace', path: '/kind', value: 'Service' }],
      [{ op: 'replace', path: '/metadata/name', value: 'other' }],
      [{ op: 'move', from: '/nope', path: '/a' }],
      [{ op: 'add', path: 'no-slash', value: 1 }],
    ]);
    return { category: 'badJSONPatch', method: 'PATCH', path: TARGET, contentType: 'application/json-patch+json', body: r.next() < 0.2 ? '[{"op":' : JSON.stringify(body) };
  },
  badMergePatch: (r) => ({
    category: 'badMergePatch',
    method: 'PATCH',
    path: TARGET,
    contentType: 'application/merge-patch+json',
    body: r.pick(['{"spec":', '[]', '"str"', '{"spec":{"containers":null}}', '{"metadata":{"name":"Other"}}', '{"kind":"Service"}', '{"metadata":{"resourceVersion":"1"}}', '{"apiVersion":"v9"}']),
  }),
  badStrategicPatch: (r) => ({
    category: 'badStrategicPatch',
    method: 'PATCH',
    path: TARGET,
    contentType: 'application/strategic-merge-patch+json',
    body: r.pick(['{"spec":{', 'null x', '{"metadata":{"name":"x_y"}}', '{"kind":"Node"}', '{"metadata":{"resourceVersion":"2"}}', '{"spec":{"containers":[{"name":"c","image":""}]}}']),
  }),
  badApplyPatch: (r) => ({
    category: 'badApplyPatch',
    method: 'PATCH',
    path: `${TARGET}?fieldManager=fuzz`,
    contentType: 'application/apply-patch+yaml',
    body: r.pick([yamlBomb(r), 'kind: Service\napiVersion: v1\nmetadata:\n  name: seed-0\n', 'a: [', '{"apiVersion": "v2", "kind": "Pod", "metadata": {"name": "seed-0"}}']),
  }),
  unknownPatchType: (r) => ({ category: 'unknownPatchType', method: 'PATCH', path: TARGET, contentType: r.pick(['application/json', 'text/plain', 'application/x-patch', 'application/yaml']), body: '{}' }),
  badResourceVersion: (r) => {
    const rv = encodeURIComponent(r.pick(BAD_RVS));
    const k = r.int(5);
    if (k === 0) return { category: 'badResourceVersion', method: 'GET', path: `${NS_PODS}?resourceVersion=${rv}` };
    if (k === 1) return { category: 'badResourceVersion', method: 'GET', path: `${NS_PODS}?watch=true&resourceVersion=${rv}` };
    if (k === 2) return { category: 'badResourceVersion', method: 'GET', path: `${NS_PODS}?resourceVersion=1&resourceVersionMatch=${r.pick(['Bogus', 'exact', 'Newest'])}` };
    if (k === 3) return { category: 'badResourceVersion', method: 'GET', path: `${NS_PODS}?resourceVersionMatch=${r.pick(['Exact', 'NotOlderThan'])}` };
    return { category: 'badResourceVersion', method: 'PUT', path: TARGET, contentType: 'application/json', body: JSON.stringify(pod('seed-0', { metadata: { name: 'seed-0', resourceVersion: '1' } })) };
  },
  badQuery: (r) =>
    r.pick<FuzzRequest>([
      { category: 'badQuery', method: 'GET', path: `${NS_PODS}?limit=${r.pick(['abc', '1.5', '1e3', '--1'])}` },
      { category: 'badQuery', method: 'GET', path: `${NS_PODS}?watch=true&timeoutSeconds=${r.pick(['x', '1.5'])}` },
      { category: 'badQuery', method: 'GET', path: `${NS_PODS}?continue=${encodeURIComponent(r.str(12))}` },
      { category: 'badQuery', method: 'POST', path: `${NS_PODS}?dryRun=${r.pick(['Some', 'true', 'all'])}`, contentType: 'application/json', body: JSON.stringify(pod(`q-${r.int(1e6)}`)) },
      { category: 'badQuery', method: 'POST', path: `${NS_PODS}?fieldValidation=${r.pick(['Bogus', 'strict', 'x'])}`, contentType: 'application/json', body: JSON.stringify(pod(`q-${r.int(1e6)}`)) },
      { category: 'badQuery', method: 'DELETE', path: `${TARGET}?gracePeriodSeconds=${r.pick(['abc', '1.5'])}` },
      { category: 'badQuery', method: 'DELETE', path: TARGET, contentType: 'application/json', body: r.pick(['{"preconditions":{"uid":"nope"}}', '{bad', '[]']) },
    ]),
  unknownContentType: (r) => ({ category: 'unknownContentType', method: r.pick(['POST', 'PUT']), path: r.next() < 0.5 ? NS_PODS : TARGET, contentType: r.pick(['text/plain', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded', 'image/png']), body: JSON.stringify(pod('ct')) }),
  badPath: (r) =>
    r.pick<FuzzRequest>([
      { category: 'badPath', method: 'GET', path: `/api/v1/namespaces/default/${r.pick(['nopes', 'podz', '%zz'])}` },
      { category: 'badPath', method: 'GET', path: `/apis/${r.str(4, 'abc')}/v1/things` },
      { category: 'badPath', method: 'PATCH', path: NS_PODS, contentType: 'application/merge-patch+json', body: '{}' },
      { category: 'badPath', method: 'GET', path: `${NS_PODS}/missing-${r.int(1e6)}` },
      { category: 'badPath', method: 'GET', path: `${TARGET}/nosuchsub` },
      { category: 'badPath', method: 'POST', path: `/api/v1/namespaces/no-such-ns-${r.int(1e6)}/pods`, contentType: 'application/json', body: JSON.stringify(pod('x')) },
    ]),
};
