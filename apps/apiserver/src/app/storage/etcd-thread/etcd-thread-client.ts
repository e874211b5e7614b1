import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fromWireError } from './protocol';
import type { EtcdThreadData, FromEtcdThread, KvCalls, KvOp, ToEtcdThread, WireWatchResponse } from './protocol';

/** What a watch started through the etcd thread calls back with. */
export interface EtcdWatchCallbacks {
  data(res: WireWatchResponse): void;
  error(err: Error): void;
}

/** A started watch; `cancel()` stops it (idempotent). */
export interface EtcdWatchHandle {
  cancel(): void;
}

/**
 * Starts the etcd thread: the worker file next to the bundle (dist/apps/apiserver/etcd-worker.js)
 * when built; run from sources (specs under tsx, whose loader hooks Node 20 does not pass on to
 * worker threads), a two-line bootstrap that registers tsx in the worker, then loads the
 * TypeScript entry.
 */
function startWorker(workerData: EtcdThreadData): Worker {
  const built = join(__dirname, 'etcd-worker.js');
  if (existsSync(built)) return new Worker(built, { workerData });
  const source = join(__dirname, '..', '..', '..', 'etcd-worker.ts');
  return new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`, { eval: true, workerData });
}

interface Pending {
  resolve(res: unknown): void;
  reject(err: Error): void;
}

/**
 * The main thread's handle on the etcd thread: etcd3's kv calls and prefix watches, run by an
 * etcd3 client in a worker so that gRPC framing and protobuf work (most of an apiserver write's
 * CPU) do not take the thread that serves HTTP. Calls and watch events use the protocol's wire
 * forms (protocol.ts: strings and numbers only); errors keep etcd3's name and message. If the
 * thread dies, every pending call and live watch fails and the next call starts a new thread.
 */
export class EtcdThreadClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly watches = new Map<number, EtcdWatchCallbacks & { started?: Pending }>();
  private closed = false;

  constructor(private readonly data: EtcdThreadData) {}

  /** One kv call (conditional put or delete, range or compact) on the etcd thread. */
  kv<Op extends KvOp>(op: Op, req: KvCalls[Op][0]): Promise<KvCalls[Op][1]> {
    if (this.closed) return Promise.reject(new Error('etcd client closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ t: 'kv', id, op, req } as ToEtcdThread);
    });
  }

  /** Starts a watch of every key under `prefix` from `startRevision`; resolves once etcd accepted it. */
  watch(prefix: string, startRevision: number, prevKv: boolean, cb: EtcdWatchCallbacks): Promise<EtcdWatchHandle> {
    if (this.closed) return Promise.reject(new Error('etcd client closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const handle: EtcdWatchHandle = {
        cancel: () => {
          if (this.watches.delete(id)) this.worker?.postMessage({ t: 'cancel', id } satisfies ToEtcdThread);
        },
      };
      this.watches.set(id, { ...cb, started: { resolve: () => resolve(handle), reject } });
      this.post({ t: 'watch', id, prefix, startRevision, prevKv });
    });
  }

  /** Closes the etcd client and ends the thread; later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = undefined;
    if (!w) return;
    const ended = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    w.postMessage({ t: 'close' } satisfies ToEtcdThread);
    const timer = setTimeout(() => void w.terminate(), 2000);
    await ended;
    clearTimeout(timer);
    this.failAll(new Error('etcd client closed'));
  }

  private post(msg: ToEtcdThread): void {
    (this.worker ??= this.start()).postMessage(msg);
  }

  private start(): Worker {
    const worker = startWorker(this.data);
    worker.on('message', (msg: FromEtcdThread) => this.onMessage(msg));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error(`etcd thread exited with code ${code}`));
    });
    return worker;
  }

  private onMessage(msg: FromEtcdThread): void {
    switch (msg.t) {
      case 'res':
      case 'err': {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.t === 'res') p?.resolve(msg.res);
        else p?.reject(fromWireError(msg.err));
        return;
      }
      case 'watching': {
        const w = this.watches.get(msg.id);
        w?.started?.resolve(undefined);
        if (w) w.started = undefined;
        return;
      }
      case 'data':
        this.watches.get(msg.id)?.data(msg.res);
        return;
      case 'watch-err': {
        const w = this.watches.get(msg.id);
        this.watches.delete(msg.id);
        if (w?.started) w.started.reject(fromWireError(msg.err));
        else w?.error(fromWireError(msg.err));
        return;
      }
      case 'closed':
        return;
    }
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    const watches = [...this.watches.values()];
    this.watches.clear();
    for (const w of watches) {
      if (w.started) w.started.reject(err);
      else w.error(err);
    }
  }
}
