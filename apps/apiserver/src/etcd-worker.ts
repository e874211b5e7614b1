/**
 * Entry of the apiserver's etcd thread (a worker_threads Worker started by
 * app/storage/etcd-thread/etcd-thread-client.ts): the etcd3 client's gRPC work runs here, off the
 * thread that serves HTTP. Built next to main.js as etcd-worker.js.
 */
import { workerData } from 'node:worker_threads';
import { runAsEtcdThread } from './app/storage/etcd-thread/worker-side';
import type { EtcdThreadData } from './app/storage/etcd-thread/protocol';

runAsEtcdThread(workerData as EtcdThreadData);
