import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Probe } from '@tskube/api-types';
import { FakeClock } from '@tskube/workqueue';
import { FakeStreaming } from '../streaming/fake-streaming';
import { silentLogger, testPod } from '../testing';
import type { ProbeResult } from './prober';
import { ProbeManager } from './probe-manager';

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

function setup(probes: { liveness?: Probe; readiness?: Probe; startup?: Probe }) {
  const clock = new FakeClock();
  const pod = testPod('p', { containers: [{ name: 'main', image: 'x', livenessProbe: probes.liveness, readinessProbe: probes.readiness, startupProbe: probes.startup }] });
  const outcome: Record<string, ProbeResult> = { liveness: 'success', readiness: 'success', startup: 'success' };
  const changes: string[] = [];
  const events: string[] = [];
  let container = { id: 'c1', running: true, startedAt: clock.now() };
  const m = new ProbeManager({
    streaming: new FakeStreaming(),
    logger: silentLogger(),
    clock,
    container: () => container,
    podIP: () => '127.0.0.1',
    onChange: (uid) => changes.push(uid),
    recorder: { event: (_o, _t, reason, msg) => events.push(`${reason}: ${msg}`) },
    run: (p) => {
      const t = p === probes.liveness ? 'liveness' : p === probes.readiness ? 'readiness' : 'startup';
      return Promise.resolve(outcome[t] === 'success' ? { result: 'success' } : { result: 'failure', message: `${t} says no` });
    },
  });
  m.addPod(pod);
  /** Advances in 1 s slices: a worker re-arms its timer only after its async probe finished. */
  const step = async (ms: number): Promise<void> => {
    for (let left = ms; left > 0 || ms === 0; left -= 1000) {
      clock.step(Math.min(1000, Math.max(left, 0)));
      await flush();
      if (ms === 0) break;
    }
  };
  return { m, clock, outcome, changes, events, step, replace: (id: string) => (container = { id, running: true, startedAt: clock.now() }) };
}

describe('ProbeManager', () => {
  it('readiness: not ready until the first success after initialDelaySeconds; failureThreshold failures flip it back', async () => {
    const t = setup({ readiness: { exec: { command: ['true'] }, initialDelaySeconds: 5, periodSeconds: 1, failureThreshold: 2 } });
    await t.step(0);
    assert.equal(t.m.ready('uid-p', 'main', 'c1'), false, 'initial delay not over');
    await t.step(5000);
    assert.equal(t.m.ready('uid-p', 'main', 'c1'), true);
    t.outcome['readiness'] = 'failure';
    await t.step(1000);
    assert.equal(t.m.ready('uid-p', 'main', 'c1'), true, 'one failure is below the threshold');
    await t.step(1000);
    assert.equal(t.m.ready('uid-p', 'main', 'c1'), false);
    assert.ok(t.events.some((e) => e === 'Unhealthy: Readiness probe failed: readiness says no'));
    t.outcome['readiness'] = 'success';
    await t.step(1000);
    assert.equal(t.m.ready('uid-p', 'main', 'c1'), true);
    assert.equal(t.changes.length, 3);
  });

  it('liveness: failureThreshold failures mark the instance unhealthy, a new instance starts clean', async () => {
    const t = setup({ liveness: { httpGet: { port: 80, path: '/' }, periodSeconds: 10, failureThreshold: 3 } });
    t.outcome['liveness'] = 'failure';
    await t.step(0);
    await t.step(10_000);
    assert.equal(t.m.unhealthy('uid-p', 'main', 'c1'), undefined);
    await t.step(10_000);
    assert.equal(t.m.unhealthy('uid-p', 'main', 'c1'), 'Container main failed liveness probe, will be restarted');
    assert.equal(t.m.ready('uid-p', 'main', 'c1'), true, 'no readiness probe: ready');
    t.replace('c2');
    t.outcome['liveness'] = 'success';
    await t.step(10_000);
    assert.equal(t.m.unhealthy('uid-p', 'main', 'c2'), undefined);
  });

  it('startup gates liveness and readiness until it succeeds', async () => {
    const t = setup({ startup: { tcpSocket: { port: 80 }, periodSeconds: 1, failureThreshold: 30 }, readiness: { tcpSocket: { port: 80 }, periodSeconds: 1 } });
    t.outcome['startup'] = 'failure';
    await t.step(0);
    await t.step(1000);
    assert.equal(t.m.started('uid-p', 'main', 'c1'), false);
    assert.equal(t.m.ready('uid-p', 'main', 'c1'), false);
    t.outcome['startup'] = 'success';
    await t.step(1000);
    assert.equal(t.m.started('uid-p', 'main', 'c1'), true);
    await t.step(1000);
    assert.equal(t.m.ready('uid-p', 'main', 'c1'), true);
    t.m.removePod('uid-p');
    assert.equal(t.m.has('uid-p', 'main', 'readiness'), false);
  });
});
