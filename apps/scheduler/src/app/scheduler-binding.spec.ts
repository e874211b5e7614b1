import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject, Node, Pod, ResourceInfo } from '@tskube/api-types';
import { createLogger } from '@tskube/component-base';
import { Scheduler } from './scheduler';
import { FakeInformer } from './testing/fake-informer';
import { makeNode, makePod } from './testing/fixtures';
import { RecordingClient } from './testing/recording-client';

/** A RecordingClient whose binding creates are answered by `answer` (other calls at once). */
class AnsweringClient extends RecordingClient {
  inFlight = 0;
  maxInFlight = 0;
  constructor(private readonly answer: (done: () => void) => void) {
    super();
  }
  override create<T extends KubeObject>(res: ResourceInfo, obj: T, o: { subresource?: string; name?: string } = {}): Promise<T> {
    const recorded = super.create(res, obj, o);
    if (o.subresource !== 'binding') return recorded;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<void>((resolve) => this.answer(resolve)).then(() => {
      this.inFlight--;
      return recorded;
    });
  }
}

function setup(client: RecordingClient, pods: number, bindConcurrency?: number): { s: Scheduler; events: string[] } {
  const podInf = new FakeInformer<Pod>();
  const nodeInf = new FakeInformer<Node>();
  const events: string[] = [];
  const s = new Scheduler({ podInformer: podInf, nodeInformer: nodeInf, client, recorder: { event: (_o, _t, reason) => events.push(reason) }, logger: createLogger('test', { level: 'error' }), bindConcurrency });
  nodeInf.add(makeNode('node1', { cpu: '100' }));
  for (let i = 0; i < pods; i++) podInf.add(makePod(`p${i}`, { cpu: '100m' }));
  return { s, events };
}

const settle = async (rounds = 5): Promise<void> => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
};

void describe('Scheduler binding pipeline', () => {
  it('keeps at most bindConcurrency binding requests in flight and binds every pod', async () => {
    const pending: Array<() => void> = [];
    const client = new AnsweringClient((done) => pending.push(done));
    const { s, events } = setup(client, 5, 2);
    const ac = new AbortController();
    const running = s.run(ac.signal);
    await settle();
    assert.equal(s.queue.lengths().active, 0, 'every pod scheduled (assumed) without waiting for its binding');
    assert.equal(client.inFlight, 2);
    while (events.length < 5) {
      pending.shift()?.();
      await settle();
    }
    assert.equal(client.maxInFlight, 2);
    assert.equal(client.calls.filter((c) => c.subresource === 'binding').length, 5);
    assert.deepEqual(events, ['Scheduled', 'Scheduled', 'Scheduled', 'Scheduled', 'Scheduled']);
    ac.abort();
    await running;
  });

  it('lets binding responses in between scheduling cycles instead of scheduling the whole queue first', async () => {
    const activeAtFirstAnswer: number[] = [];
    const ref: { s?: Scheduler } = {};
    const client = new AnsweringClient((done) =>
      setImmediate(() => {
        if (!activeAtFirstAnswer.length) activeAtFirstAnswer.push(ref.s!.queue.lengths().active);
        done();
      }),
    );
    const { s, events } = setup(client, 50);
    ref.s = s;
    const ac = new AbortController();
    const running = s.run(ac.signal);
    while (events.length < 50) await settle(1);
    ac.abort();
    await running;
    assert.ok(activeAtFirstAnswer[0]! > 0, `the first binding answer was handled only after all 50 pods were scheduled (${activeAtFirstAnswer[0]} left)`);
  });

  it('does not send bindings still waiting for a slot once the run is aborted, and forgets those pods', async () => {
    const pending: Array<() => void> = [];
    const client = new AnsweringClient((done) => pending.push(done));
    const { s, events } = setup(client, 3, 1);
    const ac = new AbortController();
    const running = s.run(ac.signal);
    await settle();
    assert.equal(client.inFlight, 1);
    ac.abort();
    pending.shift()!();
    await running;
    assert.equal(client.calls.filter((c) => c.subresource === 'binding').length, 1);
    assert.deepEqual(events, ['Scheduled']);
    const bound = client.calls.find((c) => c.subresource === 'binding')!.name;
    for (const name of ['p0', 'p1', 'p2'].filter((n) => n !== bound)) assert.equal(s.cache.isAssumedOrBound(makePod(name)), false, name);
  });
});
