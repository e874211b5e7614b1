import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Pod } from '@tskube/api-types';
import { createLogger } from '@tskube/component-base';
import { FakeClient } from '@tskube/controller-utils';
import { kubeletEventRecorder } from './events';

const logger = createLogger('test', { level: 'error' });

/** Waits until the recorder's broadcaster has issued `n` calls (it writes in the background). */
async function calls(client: FakeClient, n: number): Promise<void> {
  for (let i = 0; i < 100 && client.actions.length < n; i++) await new Promise<void>((r) => setImmediate(r));
}

void describe('kubelet event recorder', () => {
  it('sets source {component: kubelet, host: <node>} and reportingInstance <node>, as upstream', async () => {
    const client = new FakeClient();
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'ns1', uid: 'u1' } };
    kubeletEventRecorder(client, 'node-a', logger).event(pod, 'Normal', 'Started', 'Started container web');
    await calls(client, 1);
    const sent = client.actions[0]?.object as Event | undefined;
    assert.equal(client.actions[0]?.verb, 'create');
    assert.deepEqual(sent?.source, { component: 'kubelet', host: 'node-a' });
    assert.equal(sent?.reportingComponent, 'kubelet');
    assert.equal(sent?.reportingInstance, 'node-a');
    assert.equal(sent?.involvedObject.name, 'web');
  });
});
