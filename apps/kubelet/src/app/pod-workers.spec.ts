import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '@tskube/api-types';
import type { PodSyncer, SyncResult } from './pod-syncer';
import { PodWorkers } from './pod-workers';
import { silentLogger, testPod } from './testing';

/** A syncer recording calls; `gate` lets a test hold a sync in progress. */
function recorder(result: (pod: Pod) => SyncResult = () => ({ terminal: false })) {
  const calls: string[] = [];
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const syncer: PodSyncer = {
    async syncPod(pod) {
      calls.push(`sync ${pod.metadata!.resourceVersion!}`);
      if (gate) await gate;
      return result(pod);
    },
    syncTerminatingPod(pod, grace) {
      calls.push(`terminating ${grace}`);
      return Promise.resolve();
    },
    syncTerminatedPod(pod, deleted) {
      calls.push(`terminated ${String(deleted)}`);
      return Promise.resolve();
    },
  };
  return {
    calls,
    syncer,
    hold: () => {
      gate = new Promise((r) => (release = r));
    },
    release: () => {
      gate = undefined;
      release?.();
    },
  };
}
const rv = (pod: Pod, v: string): Pod => ({ ...pod, metadata: { ...pod.metadata, resourceVersion: v } });

void describe('PodWorkers', () => {
  void it('folds pending updates: the newest wins', async () => {
    const r = recorder();
    const w = new PodWorkers({ syncer: r.syncer, logger: silentLogger() });
    const pod = testPod('a');
    r.hold();
    w.update({ kind: 'sync', pod: rv(pod, '1') });
    w.update({ kind: 'sync', pod: rv(pod, '2') });
    w.update({ kind: 'sync', pod: rv(pod, '3') });
    r.release();
    await w.waitIdle();
    assert.deepEqual(r.calls, ['sync 1', 'sync 3']);
  });

  void it('never replaces a terminate with a sync, and never restarts a terminated pod', async () => {
    const r = recorder();
    const w = new PodWorkers({ syncer: r.syncer, logger: silentLogger() });
    const pod = testPod('b');
    r.hold();
    w.update({ kind: 'sync', pod: rv(pod, '1') });
    w.update({ kind: 'terminate', pod, gracePeriodSeconds: 30, deleted: false });
    w.update({ kind: 'sync', pod: rv(pod, '2') });
    w.update({ kind: 'terminate', pod, gracePeriodSeconds: 5, deleted: true });
    r.release();
    await w.waitIdle();
    assert.deepEqual(r.calls, ['sync 1', 'terminating 5', 'terminated true']);
    assert.equal(w.state('uid-b'), 'terminated');
    w.update({ kind: 'sync', pod: rv(pod, '3') });
    await w.waitIdle();
    assert.equal(r.calls.length, 3);
    w.forget('uid-b');
    assert.equal(w.state('uid-b'), undefined);
  });

  void it('terminates a pod the syncer reports terminal, and finishes its deletion later', async () => {
    const r = recorder(() => ({ terminal: true }));
    const w = new PodWorkers({ syncer: r.syncer, logger: silentLogger() });
    const pod = testPod('c');
    w.update({ kind: 'sync', pod });
    await w.waitIdle();
    assert.deepEqual(r.calls, ['sync 1', 'terminating 0', 'terminated false']);
    w.update({ kind: 'terminate', pod, gracePeriodSeconds: 30, deleted: true });
    await w.waitIdle();
    assert.deepEqual(r.calls.slice(3), ['terminating 30', 'terminated true']);
  });

  void it('retries a failed sync', async () => {
    let fail = true;
    const calls: string[] = [];
    const syncer: PodSyncer = {
      syncPod() {
        calls.push('sync');
        if (fail) {
          fail = false;
          return Promise.reject(new Error('docker down'));
        }
        return Promise.resolve({ terminal: false });
      },
      syncTerminatingPod: () => Promise.resolve(),
      syncTerminatedPod: () => Promise.resolve(),
    };
    const w = new PodWorkers({ syncer, logger: silentLogger(), retryBaseMs: 10 });
    w.update({ kind: 'sync', pod: testPod('d') });
    await new Promise((res) => setTimeout(res, 50));
    await w.waitIdle();
    assert.deepEqual(calls, ['sync', 'sync']);
    w.stop();
  });
});
