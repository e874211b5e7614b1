import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Pod } from '@tskube/api-types';
import { createLogger } from '@tskube/component-base';
import { FakeClient } from '@tskube/controller-utils';
import { kubeletEventRecorder, nodeRef } from './events';

const logger = createLogger('test', { level: 'error' });

/** Waits until the recorder's broadcaster has issued `n` calls (it writes in the background). */
async function calls(client: FakeClient, n: number): Promise<void> {
  for (let i = 0; i < 100 && client.actions.length < n; i++) await new Promise<void>((r) => setImmediate(r));
}

void describe('kubelet event recorder', () => {
  it('sets source {component: kubelet, host: <node>} and reportingInstance <node>, as upstream', async () => {
    const client = new FakeClient();
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'ns1', uid: 'u1' } };
    kubeletEventRecorder(client, 'node-a', logger).recorder.event(pod, 'Normal', 'Started', 'Started container web', 'spec.containers{web}');
    await calls(client, 1);
    const sent = client.actions[0]?.object as Event | undefined;
    assert.equal(client.actions[0]?.verb, 'create');
    assert.deepEqual(sent?.source, { component: 'kubelet', host: 'node-a' });
    assert.equal(sent?.reportingComponent, 'kubelet');
    assert.equal(sent?.reportingInstance, 'node-a');
    assert.equal(sent?.involvedObject.name, 'web');
    assert.equal(sent?.involvedObject.fieldPath, 'spec.containers{web}');
    assert.equal(sent?.involvedObject.uid, 'u1');
  });

  it('references the Node as upstream: kind Node, uid = node name, no namespace (event in default)', async () => {
    const client = new FakeClient();
    kubeletEventRecorder(client, 'node-a', logger).recorder.event(nodeRef('node-a'), 'Normal', 'NodeReady', 'Node node-a status is now: NodeReady');
    await calls(client, 1);
    const sent = client.actions[0]?.object as Event | undefined;
    assert.deepEqual(sent?.involvedObject, { apiVersion: 'v1', kind: 'Node', name: 'node-a', namespace: undefined, uid: 'node-a', resourceVersion: undefined });
    assert.equal(sent?.metadata?.namespace, 'default');
  });

  it('writes nothing after the broadcaster is shut down (component stop)', async () => {
    const client = new FakeClient();
    const ev = kubeletEventRecorder(client, 'node-a', logger);
    ev.broadcaster.shutDown();
    ev.recorder.event(nodeRef('node-a'), 'Normal', 'Starting', 'Starting kubelet.');
    await ev.broadcaster.idle();
    assert.equal(client.actions.length, 0);
  });
});
