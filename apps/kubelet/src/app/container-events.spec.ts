import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, Pod, PodStatus } from '@tskube/api-types';
import { KubeletPodSyncer } from './pod-syncer';
import type { PodStatusSink } from './pod-syncer';
import { FakeRuntime } from './runtime/fake-runtime';
import { silentLogger, testPod } from './testing';
import { ContainerEvents } from './container-events';

interface Recorded {
  obj: KubeObject;
  type: string;
  reason: string;
  message: string;
  fieldPath?: string;
}

const sink: PodStatusSink = {
  setPodStatus: (_p: Pod, _s: PodStatus) => undefined,
  finalizeDeletion: () => Promise.resolve(),
};

/** A syncer over a FakeRuntime whose recorder keeps every event; `now` is a settable clock. */
function setup() {
  let now = 5_000_000;
  const runtime = new FakeRuntime();
  runtime.now = () => now;
  runtime.images.set('tskube/busybox:1', 'sha256:busybox');
  const events: Recorded[] = [];
  const recorder = { event: (obj: Readonly<KubeObject>, type: string, reason: string, message: string, fieldPath?: string) => void events.push({ obj, type, reason, message, ...(fieldPath ? { fieldPath } : {}) }) };
  const syncer = new KubeletPodSyncer({ runtime, status: sink, logger: silentLogger(), nodeName: 'n1', recorder, now: () => now });
  const lines = (): string[] => events.map((e) => `${e.type} ${e.reason} ${e.fieldPath ?? '-'}: ${e.message}`);
  return { runtime, syncer, events, lines, advance: (ms: number) => (now += ms) };
}

const pod = (name: string, over: Partial<NonNullable<Pod['spec']>> = {}): Pod => {
  const p = testPod(name, { containers: [{ name: 'main', image: 'tskube/busybox:1', imagePullPolicy: 'IfNotPresent' }], ...over });
  // as from the informer's list: no kind/apiVersion on the object itself
  delete p.kind;
  delete p.apiVersion;
  return p;
};

void describe('kubelet container events (upstream reasons, types, messages, fieldPath)', () => {
  void it('a start with the image present: Pulled (already present), Created, Started, about the Pod with fieldPath', async () => {
    const t = setup();
    await t.syncer.syncPod(pod('web'));
    assert.deepEqual(t.lines(), [
      'Normal Pulled spec.containers{main}: Container image "tskube/busybox:1" already present on machine',
      'Normal Created spec.containers{main}: Created container: main',
      'Normal Started spec.containers{main}: Started container main',
    ]);
    assert.deepEqual(t.events[0]?.obj, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'uid-web', resourceVersion: '1' } });
    t.events.length = 0;
    await t.syncer.syncPod(pod('web'));
    assert.deepEqual(t.lines(), [], 'a running pod records nothing more');
  });

  void it('a pull records Pulling then Pulled "Successfully pulled image ... Image size: N bytes." with the runtime\'s size', async () => {
    const t = setup();
    t.runtime.registry.set('tskube/web:2', 'sha256:web');
    t.runtime.imageSizes.set('sha256:web', 4_269_694);
    await t.syncer.syncPod(pod('pull', { containers: [{ name: 'app', image: 'tskube/web:2', imagePullPolicy: 'Always' }] }));
    assert.deepEqual(t.lines().slice(0, 2), [
      'Normal Pulling spec.containers{app}: Pulling image "tskube/web:2"',
      'Normal Pulled spec.containers{app}: Successfully pulled image "tskube/web:2" in 0s (0s including waiting). Image size: 4269694 bytes.',
    ]);
  });

  void it('the pull time is measured around the runtime\'s pull and printed as Go does; an unknown size is 0 bytes', async () => {
    const rt = new FakeRuntime();
    let clock = 1000;
    rt.ensureImage = (_image, _policy, observer) => {
      observer?.pulling();
      clock += 1234;
      return Promise.resolve('sha256:x'); // a runtime that reports no size
    };
    const sink: Array<{ reason: string; message: string }> = [];
    const events = new ContainerEvents({ event: (_o, _type, reason, message) => void sink.push({ reason, message }) });
    const p = pod('timed', { containers: [{ name: 'app', image: 'tskube/x:1' }] });
    await events.ensureImage(rt, p, p.spec!.containers[0]!, 'IfNotPresent', () => clock);
    assert.deepEqual(sink.map((e) => `${e.reason}: ${e.message}`), ['Pulling: Pulling image "tskube/x:1"', 'Pulled: Successfully pulled image "tskube/x:1" in 1.234s (1.234s including waiting). Image size: 0 bytes.']);
  });

  void it('a missing image with imagePullPolicy Never: Warning ErrImageNeverPull and Failed, then BackOff while backing off', async () => {
    const t = setup();
    const p = pod('never', { containers: [{ name: 'app', image: 'tskube/nope:1', imagePullPolicy: 'Never' }] });
    await t.syncer.syncPod(p);
    assert.deepEqual(t.lines(), [
      'Warning ErrImageNeverPull spec.containers{app}: Container image "tskube/nope:1" is not present with pull policy of Never',
      'Warning Failed spec.containers{app}: Error: ErrImageNeverPull',
    ]);
    t.events.length = 0;
    t.advance(1000);
    await t.syncer.syncPod(p);
    assert.deepEqual(t.lines(), ['Normal BackOff spec.containers{app}: Back-off pulling image "tskube/nope:1"', 'Warning Failed spec.containers{app}: Error: ImagePullBackOff']);
  });

  void it('a crash loop: the immediate restart is Pulled/Created/Started again, then Warning BackOff naming the pod', async () => {
    const t = setup();
    const p = pod('crash');
    await t.syncer.syncPod(p);
    t.runtime.exitContainer(t.runtime.latest('uid-crash', 'main')!.id, 1);
    t.events.length = 0;
    await t.syncer.syncPod(p);
    assert.deepEqual(t.events.map((e) => e.reason), ['Pulled', 'Created', 'Started']);
    t.runtime.exitContainer(t.runtime.latest('uid-crash', 'main')!.id, 1);
    t.events.length = 0;
    await t.syncer.syncPod(p);
    assert.deepEqual(t.lines(), ['Warning BackOff spec.containers{main}: Back-off restarting failed container main in pod crash_default(uid-crash)']);
  });

  void it('pod deletion: Normal Killing "Stopping container c" per running container', async () => {
    const t = setup();
    const p = pod('del', { containers: [{ name: 'a', image: 'tskube/busybox:1' }, { name: 'b', image: 'tskube/busybox:1' }] });
    await t.syncer.syncPod(p);
    t.events.length = 0;
    await t.syncer.syncTerminatingPod(p, 30);
    assert.deepEqual(t.lines().sort(), ['Normal Killing spec.containers{a}: Stopping container a', 'Normal Killing spec.containers{b}: Stopping container b']);
  });

  void it('a changed container definition: Killing with upstream message; init containers use spec.initContainers{c}', async () => {
    const t = setup();
    const p = pod('chg', { initContainers: [{ name: 'init', image: 'tskube/busybox:1' }] });
    await t.syncer.syncPod(p);
    assert.deepEqual(t.events.map((e) => e.fieldPath), ['spec.initContainers{init}', 'spec.initContainers{init}', 'spec.initContainers{init}']);
    t.runtime.exitContainer(t.runtime.latest('uid-chg', 'init')!.id, 0);
    await t.syncer.syncPod(p);
    t.events.length = 0;
    const changed = { ...p, spec: { ...p.spec!, containers: [{ name: 'main', image: 'tskube/busybox:1', imagePullPolicy: 'IfNotPresent', args: ['sleep', '9'] }] } };
    await t.syncer.syncPod(changed);
    assert.equal(t.lines()[0], 'Normal Killing spec.containers{main}: Container main definition changed, will be restarted');
  });
});
