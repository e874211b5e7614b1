import { parentPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { Etcd3 } from 'etcd3';
import type { ICompare, IKeyValue, IWatchResponse, Watcher } from 'etcd3';
import { prefixEnd, toWireError } from './protocol';
import type { EtcdThreadData, FromEtcdThread, KvCalls, KvOp, ToEtcdThread, WireKV, WireWatchResponse } from './protocol';

/** An etcd3 key-value in wire form (strings decoded from UTF-8 here, off the HTTP thread). */
export function toWireKV(kv: IKeyValue): WireKV {
  return { key: kv.key.toString('utf8'), value: kv.value.toString('utf8'), mod: Number(kv.mod_revision), create: Number(kv.create_revision) };
}

/** An etcd3 watch response in wire form (a delete carries its last state only when etcd sent prev_kv). */
export function toWireWatchResponse(res: IWatchResponse): WireWatchResponse {
  return {
    revision: Number(res.header.revision),
    events: res.events.map((ev) => ({ type: ev.type === 'Delete' ? 'delete' : 'put', kv: toWireKV(ev.kv), prev: ev.prev_kv ? toWireKV(ev.prev_kv) : undefined })),
  };
}

/** The compare of a conditional write: mod_revision == ifMod, or (ifMod 0) the key does not exist. */
const compareFor = (key: Buffer, ifMod: number): ICompare =>
  ifMod === 0 ? { key, target: 'Create', result: 'Equal', create_revision: 0 } : { key, target: 'Mod', result: 'Equal', mod_revision: ifMod };

/** Runs one of the storage's kv calls with etcd3 and answers in wire form. */
export async function runKv(client: Etcd3, op: KvOp, req: KvCalls[KvOp][0]): Promise<KvCalls[KvOp][1]> {
  switch (op) {
    case 'put':
    case 'del': {
      const r = req as KvCalls['put'][0];
      const key = Buffer.from(r.key);
      const res = await client.kv.txn({
        compare: [compareFor(key, r.ifMod)],
        success: [op === 'put' ? { request_put: { key, value: Buffer.from(r.value) } } : { request_delete_range: { key } }],
        failure: [],
      });
      return { succeeded: res.succeeded, revision: Number(res.header.revision) };
    }
    case 'range': {
      const r = req as KvCalls['range'][0];
      const res = await client.kv.range({
        key: Buffer.from(r.key),
        ...(r.prefix !== undefined ? { range_end: prefixEnd(r.prefix) } : {}),
        ...(r.limit ? { limit: r.limit } : {}),
        ...(r.revision ? { revision: r.revision } : {}),
        ...(r.countOnly ? { count_only: true } : {}),
      });
      return { revision: Number(res.header.revision), kvs: res.kvs.map(toWireKV), more: res.more, count: Number(res.count) };
    }
    case 'compact':
      await client.kv.compact({ revision: (req as KvCalls['compact'][0]).revision, physical: true });
      return null;
  }
}

/**
 * The etcd thread's side: owns one etcd3 client (gRPC over HTTP/2, protobuf encoding and
 * decoding, retries, reconnection) and answers the main thread's kv calls and watches over
 * `port`. It holds no apiserver state; when it ends, every call and watch of the main thread
 * fails (the main side starts a new thread for later calls).
 */
export function serveEtcdThread(port: MessagePort, data: EtcdThreadData): void {
  const client = new Etcd3({ hosts: data.endpoints, dialTimeout: data.dialTimeoutMs });
  const watchers = new Map<number, Watcher>();
  /** Watches being created; a cancel for one of them is remembered in `cancelled` until creation ends. */
  const starting = new Set<number>();
  const cancelled = new Set<number>();
  const send = (msg: FromEtcdThread): void => port.postMessage(msg);

  const startWatch = async (id: number, prefix: string, startRevision: number, prevKv: boolean): Promise<void> => {
    let builder = client.watch().prefix(prefix).startRevision(String(startRevision));
    if (prevKv) builder = builder.withPreviousKV();
    const watcher = await builder.create();
    if (cancelled.delete(id)) {
      await watcher.cancel();
      return;
    }
    watchers.set(id, watcher);
    watcher.on('data', (res) => send({ t: 'data', id, res: toWireWatchResponse(res) }));
    watcher.on('error', (err: Error) => {
      watchers.delete(id);
      send({ t: 'watch-err', id, err: toWireError(err) });
      watcher.cancel().catch(() => undefined);
    });
    send({ t: 'watching', id });
  };

  port.on('message', (msg: ToEtcdThread) => {
    switch (msg.t) {
      case 'kv':
        runKv(client, msg.op, msg.req).then(
          (res) => send({ t: 'res', id: msg.id, res }),
          (err: unknown) => send({ t: 'err', id: msg.id, err: toWireError(err) }),
        );
        return;
      case 'watch':
        starting.add(msg.id);
        startWatch(msg.id, msg.prefix, msg.startRevision, msg.prevKv)
          .catch((err: unknown) => {
            if (!cancelled.has(msg.id)) send({ t: 'watch-err', id: msg.id, err: toWireError(err) });
          })
          .finally(() => {
            starting.delete(msg.id);
            cancelled.delete(msg.id);
          });
        return;
      case 'cancel': {
        const w = watchers.get(msg.id);
        watchers.delete(msg.id);
        if (w) w.cancel().catch(() => undefined);
        else if (starting.has(msg.id)) cancelled.add(msg.id); // ids of watches that already ended are not kept
        return;
      }
      case 'close':
        client.close();
        send({ t: 'closed' });
        port.close();
        return;
    }
  });
}

/** Entry for the worker: serves on parentPort with the workerData it was started with. */
export function runAsEtcdThread(data: EtcdThreadData): void {
  if (!parentPort) throw new Error('etcd thread: not running in a worker');
  serveEtcdThread(parentPort, data);
}
