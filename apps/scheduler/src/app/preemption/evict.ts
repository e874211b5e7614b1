import { RESOURCES } from '@tskube/api-types';
import type { Pod, PodCondition } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import type { EventRecorder } from '@tskube/controller-utils';
import type { SchedulerClient } from '../scheduler-client';

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function withKind(p: Readonly<Pod>): Pod {
  return p.kind ? p : { ...p, apiVersion: 'v1', kind: 'Pod' };
}

/**
 * Upstream `prepareCandidate`: for each victim, mark it with the `DisruptionTarget` condition
 * (reason `PreemptionByScheduler`, best effort), delete it through the API (graceful, so the
 * kubelet stops it) and record a `Preempted` event on it. A victim already gone counts as done.
 * Resolves once every delete was answered; failures are logged and reported as false.
 */
export async function evictVictims(deps: { client: SchedulerClient; recorder: EventRecorder; logger: Logger; schedulerName: string }, preemptor: Readonly<Pod>, nodeName: string, victims: readonly Pod[]): Promise<boolean> {
  const results = await Promise.all(
    victims.map(async (v) => {
      const md = v.metadata ?? {};
      const cond: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: `${deps.schedulerName}: preempting to accommodate a higher priority pod`, lastTransitionTime: now() };
      const conditions = [...(v.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), cond];
      try {
        await deps.client.patch(RESOURCES.pods, md.name ?? '', { status: { conditions } }, { namespace: md.namespace, subresource: 'status', type: 'merge' });
      } catch (err) {
        deps.logger.debug('could not set DisruptionTarget on victim', { pod: `${md.namespace}/${md.name}`, err: String(err) });
      }
      try {
        await deps.client.delete(RESOURCES.pods, md.name ?? '', { namespace: md.namespace, preconditions: md.uid ? { uid: md.uid } : undefined });
      } catch (err) {
        if ((err as { code?: unknown }).code !== 404) {
          deps.logger.warn('failed to delete preemption victim', { pod: `${md.namespace}/${md.name}`, err: String(err) });
          return false;
        }
      }
      deps.recorder.event(withKind(v), 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${nodeName}`);
      return true;
    }),
  );
  return results.every(Boolean);
}
