/**
 * TTL-after-finished controller (upstream `ttlafterfinished`): a finished Job (condition
 * Complete or Failed True) with `spec.ttlSecondsAfterFinished` is deleted (foreground
 * propagation, uid precondition) once that many seconds have passed since the condition's
 * `lastTransitionTime`; until then the key is requeued for that moment.
 */
import { objectKey, RESOURCES } from '@tskube/api-types';
import type { Job } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { isNotFoundError, QueueController } from '@tskube/controller-utils';
import type { InformerLike, Lister, ObjectClient, SyncResult } from '@tskube/controller-utils';

/** When the Job may be deleted (ms since epoch), or undefined when no TTL applies. */
export function expiresAt(j: Readonly<Job>): number | undefined {
  const ttl = j.spec?.ttlSecondsAfterFinished;
  if (ttl === undefined || ttl === null) return undefined;
  const c = (j.status?.conditions ?? []).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  if (!c) return undefined;
  const finished = Date.parse(c.lastTransitionTime ?? j.status?.completionTime ?? '');
  return Number.isNaN(finished) ? undefined : finished + ttl * 1000;
}

export async function syncTTL(deps: { jobLister: Lister<Job>; client: ObjectClient; logger: Logger; now?: () => number }, key: string): Promise<SyncResult> {
  const j = deps.jobLister.get(key);
  if (!j || j.metadata?.deletionTimestamp) return {};
  const at = expiresAt(j);
  if (at === undefined) return {};
  const now = (deps.now ?? Date.now)();
  if (now < at) return { requeueAfterMs: at - now };
  try {
    await deps.client.delete(RESOURCES.jobs, j.metadata?.name ?? '', { namespace: j.metadata?.namespace, propagationPolicy: 'Foreground', preconditions: { uid: j.metadata?.uid } });
    deps.logger.info('cleaned up finished Job after its TTL', { job: key });
  } catch (err) {
    if (!isNotFoundError(err)) throw err;
  }
  return {};
}

export class TTLAfterFinishedController extends QueueController {
  constructor(deps: { jobInformer: InformerLike<Job>; client: ObjectClient; logger: Logger; onSync?: (name: string, result: 'success' | 'error', ms: number) => void }) {
    super('ttl-after-finished', { logger: deps.logger, informers: [deps.jobInformer], onSync: deps.onSync, sync: (key) => syncTTL({ jobLister: deps.jobInformer.getIndexer(), client: deps.client, logger: deps.logger }, key) });
    const maybe = (j: Readonly<Job>): void => {
      if (!j.metadata?.deletionTimestamp && expiresAt(j) !== undefined) this.enqueue(objectKey(j));
    };
    deps.jobInformer.addEventHandler({ onAdd: maybe, onUpdate: (_o, j) => maybe(j) });
  }
}
