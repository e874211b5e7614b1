import { parentPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { Etcd3 } from 'etcd3';
import type { Watcher } from 'etcd3';
import { reviveBuffers, toWireError } from './protocol';
import type { EtcdThreadData, FromEtcdThread, ToEtcdThread } from './protocol';

/**
 * The etcd thread's side: owns one etcd3 client (gRPC over HTTP/2, protobuf encoding and
 * decoding, retries, reconnection) and answers the main thread's kv calls and watches over
 * `port`. It holds no apiserver state; when it ends, every call and watch of the main thread
 * fails (the main side starts a new thread for later calls).
 */
export function serveEtcdThread(port: MessagePort, data: EtcdThreadData): void {
  const client = new Etcd3({ hosts: data.endpoints, dialTimeout: data.dialTimeoutMs });
  const watchers = new Map<number, Watcher>();
  const cancelled = new Set<number>();
  const send = (msg: FromEtcdThread): void => port.postMessage(msg);

  const startWatch = async (id: number, prefix: string, startRevision: string, prevKv: boolean): Promise<void> => {
    let builder = client.watch().prefix(prefix).startRevision(startRevision);
    if (prevKv) builder = builder.withPreviousKV();
    const watcher = await builder.create();
    if (cancelled.delete(id)) {
      await watcher.cancel();
      return;
    }
    watchers.set(id, watcher);
    watcher.on('data', (res) => send({ t: 'data', id, res }));
    watcher.on('error', (err: Error) => {
      watchers.delete(id);
      send({ t: 'watch-err', id, err: toWireError(err) });
      watcher.cancel().catch(() => undefined);
    });
    send({ t: 'watching', id });
  };

  port.on('message', (msg: ToEtcdThread) => {
    switch (msg.t) {
      case 'kv': {
        const call = client.kv[msg.op].bind(client.kv) as (req: unknown) => Promise<unknown>;
        call(reviveBuffers(msg.req)).then(
          (res) => send({ t: 'res', id: msg.id, res }),
          (err: unknown) => send({ t: 'err', id: msg.id, err: toWireError(err) }),
        );
        return;
      }
      case 'watch':
        startWatch(msg.id, msg.prefix, msg.startRevision, msg.prevKv).catch((err: unknown) => {
          cancelled.delete(msg.id);
          send({ t: 'watch-err', id: msg.id, err: toWireError(err) });
        });
        return;
      case 'cancel': {
        const w = watchers.get(msg.id);
        if (!w) cancelled.add(msg.id);
        watchers.delete(msg.id);
        w?.cancel().catch(() => undefined);
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
