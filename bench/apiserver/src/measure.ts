import { Etcd3 } from 'etcd3';
import { HttpClient } from './http-client';
import { podCreatesLoad } from './load-generator';
import type { Reply } from './http-client';
import { percentile, perSecond, runPool } from './stats';

/**
 * How pod creates are sent: `autocannon` (the default: the lightest on the shared cores, see
 * load-generator.ts), `http`: node:http with a keep-alive pool; `fetch`: undici. Every other
 * request of the bench goes through node:http.
 */
export type ClientKind = 'autocannon' | 'http' | 'fetch';

interface Init {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

let pool: HttpClient | undefined;

async function send(url: string, init: Init, client: ClientKind): Promise<Reply> {
  if (client !== 'fetch') return (pool ??= new HttpClient(CONCURRENCY)).request(url, init);
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text() };
}

const CONCURRENCY = 16;
const NS_PODS = '/api/v1/namespaces/default/pods';
const podsOf = (namespace: string): string => `/api/v1/namespaces/${namespace}/pods`;

const podBody = (name: string): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'bench', tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'tskube/web:latest', ports: [{ containerPort: 80 }] }] } });

/**
 * One request expecting `want`. A connection the server closed while idle (keep-alive race)
 * surfaces as a connection error: retried twice; a retried create may then find its object (409).
 */
async function call(url: string, init: Init, want: number, client: ClientKind = 'http'): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    let res: Reply;
    try {
      res = await send(url, init, client);
    } catch (err) {
      if (attempt >= 2) throw err;
      continue;
    }
    if (res.status === want || (attempt > 0 && init.method === 'POST' && res.status === 409)) return res.text;
    throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
  }
}

/** Closes the keep-alive pool's sockets (at the end of a run). */
export function closeClients(): void {
  pool?.close();
  pool = undefined;
}

/** Raw etcd: `count` puts of 1 KiB values with 16 in flight (the physical limit for writes). */
export async function etcdPuts(endpoint: string, count: number, prefix = '/bench/raw/'): Promise<number> {
  const client = new Etcd3({ hosts: [endpoint] });
  const value = Buffer.alloc(1024, 'x');
  try {
    const ms = await runPool(count, CONCURRENCY, async (i) => {
      await client.put(`${prefix}${i}`).value(value);
    });
    return perSecond(count, ms);
  } finally {
    client.close();
  }
}

/** Raw etcd: p50 of reading every key under `prefix` (the physical limit for a full LIST). */
export async function etcdRangeP50(endpoint: string, prefix: string, rounds: number): Promise<number> {
  const client = new Etcd3({ hosts: [endpoint], grpcOptions: { 'grpc.max_receive_message_length': 64 * 1024 * 1024 } });
  try {
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      await client.getAll().prefix(prefix).buffers();
      samples.push(performance.now() - t);
    }
    return percentile(samples, 50);
  } finally {
    client.close();
  }
}

/** Pod creates through the apiserver with 16 in flight, names `<prefix><from..from+count>` in `namespace`. */
export async function podCreates(url: string, prefix: string, from: number, count: number, client: ClientKind = 'autocannon', namespace = 'default'): Promise<number> {
  if (client === 'autocannon') return podCreatesLoad(url, podsOf(namespace), (i) => `${prefix}${from + i}`, count, CONCURRENCY, podBody);
  const ms = await runPool(count, CONCURRENCY, async (i) => {
    await call(url + podsOf(namespace), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: podBody(`${prefix}${from + i}`) }, 201, client);
  });
  return perSecond(count, ms);
}

/** Creates namespace `name` (for pods that must stay out of the measured namespace). */
export async function createNamespace(url: string, name: string): Promise<void> {
  await call(`${url}/api/v1/namespaces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }) }, 201);
}

/** p50 of `GET pods?resourceVersion=0` (what informers send) and the item count seen. */
export async function listP50(url: string, rounds: number): Promise<{ p50: number; items: number }> {
  const samples: number[] = [];
  let items = 0;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const text = await call(`${url}${NS_PODS}?resourceVersion=0`, {}, 200);
    samples.push(performance.now() - t);
    items = (JSON.parse(text) as { items: unknown[] }).items.length;
  }
  return { p50: percentile(samples, 50), items };
}

/**
 * `watchers` concurrent watches on pods while `updates` pods are updated (16 in flight):
 * each update carries its send time in an annotation; every delivery's delay is measured
 * (send → line received by the watcher, which includes the write itself) and from the
 * write's acknowledgement (fan-out only). Returns p50/p99 of both and the delivery count.
 */
export async function watchFanout(url: string, podNames: string[], watchers: number, updates: number): Promise<{ p50: number; p99: number; ackP50: number; ackP99: number; delivered: number; expected: number }> {
  const rv = (JSON.parse(await call(`${url}${NS_PODS}?limit=1`, {}, 200)) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  const delays: number[] = [];
  const deliveries: Array<[string, number]> = [];
  const acks = new Map<string, number>();
  const ac = new AbortController();
  let delivered = 0;
  const streams = await Promise.all(
    Array.from({ length: watchers }, async () => {
      const res = await fetch(`${url}${NS_PODS}?watch=true&resourceVersion=${rv}&allowWatchBookmarks=true`, { signal: ac.signal });
      if (res.status !== 200 || !res.body) throw new Error(`watch: HTTP ${res.status}`);
      return res.body;
    }),
  );
  const readers = streams.map(async (body) => {
    try {
      await readSentStamps(body, (sent) => {
        const now = performance.timeOrigin + performance.now();
        delays.push(now - Number(sent));
        deliveries.push([sent, now]);
        delivered++;
      });
    } catch {
      // aborted at the end
    }
  });
  await new Promise((r) => setTimeout(r, 300)); // let every watch register
  await runPool(updates, CONCURRENCY, async (i) => {
    const name = podNames[i % podNames.length]!;
    const stamp = String(performance.timeOrigin + performance.now());
    const patch = JSON.stringify({ metadata: { annotations: { 'bench/sent': stamp } } });
    await call(`${url}${NS_PODS}/${name}`, { method: 'PATCH', headers: { 'Content-Type': 'application/merge-patch+json' }, body: patch }, 200);
    acks.set(stamp, performance.timeOrigin + performance.now());
  });
  const expected = watchers * updates;
  const deadline = Date.now() + 30_000;
  while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  ac.abort();
  await Promise.all(readers);
  // From the write's acknowledgement (the commit is before it) to delivery; deliveries that beat the ack count as 0.
  const fromAck = deliveries.map(([stamp, at]) => Math.max(0, at - (acks.get(stamp) ?? at)));
  return { p50: percentile(delays, 50), p99: percentile(delays, 99), ackP50: percentile(fromAck, 50), ackP99: percentile(fromAck, 99), delivered, expected };
}

const NEWLINE = 10;
const QUOTE = 34;
const SENT_MARK = Buffer.from('"bench/sent":"');

/**
 * Reads a watch stream and calls `onSent` with the `bench/sent` annotation of every event line
 * that carries one, in order. It works on the bytes (Buffer.indexOf for line ends and the
 * marker) and decodes only the stamp: 200 watchers receive ~2 KB per event each, and decoding
 * every line as text in this one client process made it fall behind the apiserver, which then
 * cut its slow watchers off (as upstream does) and the bench counted lost events.
 */
export async function readSentStamps(body: AsyncIterable<Uint8Array>, onSent: (sent: string) => void): Promise<void> {
  let rest: Buffer | undefined;
  for await (const chunk of body) {
    const data = rest?.length ? Buffer.concat([rest, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    let mark = data.indexOf(SENT_MARK, 0); // the next marker at or after `start`, or -1 when the data holds no more
    for (;;) {
      const nl = data.indexOf(NEWLINE, start);
      if (nl < 0) break;
      if (mark >= 0 && mark < start) mark = data.indexOf(SENT_MARK, start);
      if (mark >= 0 && mark < nl) {
        const from = mark + SENT_MARK.length;
        onSent(data.toString('latin1', from, data.indexOf(QUOTE, from)));
      }
      start = nl + 1;
    }
    rest = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
  }
}
