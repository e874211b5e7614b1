import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computePodActions } from '../pod-actions';
import { FakeRuntime } from '../runtime/fake-runtime';
import { FakeStreaming } from '../streaming/fake-streaming';
import { silentLogger, testPod } from '../testing';
import { addProbeKills, runPostStart, runPreStop } from './lifecycle';
import { ProbeManager } from './probe-manager';

describe('probe-driven kills and lifecycle hooks', () => {
  it('a failed liveness probe kills the running instance and restarts it at attempt+1 (not under Never)', async () => {
    for (const [policy, restarts] of [['Always', 1], ['Never', 0]] as const) {
      const rt = new FakeRuntime();
      rt.images.set('x', 'sha256:x');
      const pod = testPod('p', { restartPolicy: policy, containers: [{ name: 'main', image: 'x', livenessProbe: { exec: { command: ['false'] } } }] });
      const sb = await rt.startPodSandbox(pod, 0);
      const id = await rt.startContainer(pod, pod.spec!.containers[0]!, { sandboxId: sb, attempt: 0, imageRef: 'sha256:x' });
      const m = new ProbeManager({ streaming: new FakeStreaming(), logger: silentLogger(), container: () => undefined, podIP: () => undefined, onChange: () => undefined });
      m.addPod(pod);
      m.set('uid-p/main/liveness', { id, result: 'failure' }, 'uid-p');
      m.stopAll();
      const rs = await rt.getPodStatus('uid-p', 'p', 'default');
      const actions = computePodActions(pod, rs);
      const events: string[] = [];
      addProbeKills(pod, rs, actions, m, { event: (_o, _t, reason, msg) => events.push(`${reason}: ${msg}`) });
      assert.deepEqual(actions.containersToKill.map((k) => k.container.id), [id]);
      assert.equal(actions.containersToStart.length, restarts);
      if (restarts) assert.equal(actions.containersToStart[0]!.attempt, 1);
      assert.deepEqual(events, ['Killing: Container main failed liveness probe, will be restarted']);
    }
  });

  it('preStop runs before the stop and shortens the grace period; postStart failures are reported', async () => {
    const streaming = new FakeStreaming();
    streaming.execResults.set('false', { exitCode: 1, output: 'nope', timedOut: false });
    const pod = testPod('p', { containers: [{ name: 'main', image: 'x', lifecycle: { preStop: { exec: { command: ['sleep', '0'] } }, postStart: { exec: { command: ['false'] } } } }] });
    const c = pod.spec!.containers[0]!;
    const events: string[] = [];
    const h = { streaming, logger: silentLogger(), recorder: { event: (_o: unknown, _t: string, reason: string) => events.push(reason) } };
    assert.equal(await runPreStop(pod, c, 'c1', 30, h), 30);
    assert.ok(streaming.calls.includes('execSync c1 sleep 0'));
    assert.equal(await runPreStop(pod, { name: 'bare' }, 'c1', 30, h), 30);
    assert.match((await runPostStart(pod, c, 'c1', h)) ?? '', /PostStartHook failed: nope/);
    assert.deepEqual(events, ['FailedPostStartHook']);
  });
});
