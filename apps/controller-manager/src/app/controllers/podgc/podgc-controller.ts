/**
 * Pod garbage collector (upstream `podgc/gc_controller.go`), every `gcCheckPeriodMs` (20 s):
 * - terminated pods (Succeeded/Failed) beyond `--terminated-pod-gc-threshold` (12500; 0
 *   disables) are deleted, oldest first;
 * - orphaned pods, bound to a node that no longer exists (absent from the cache and confirmed
 *   by a live GET that 404s), are deleted;
 * - unscheduled pods that are terminating (deletionTimestamp, no nodeName) are deleted.
 * Deletes are forced (gracePeriodSeconds 0) with a uid precondition: no kubelet will finish them.
 */
import { podIsTerminal, RESOURCES } from '@tskube/api-types';
import type { Node, Pod } from '@tskube/api-types';
import type { Logger } from '@tskube/component-base';
import { errorMessage, isNotFoundError, waitForSync } from '@tskube/controller-utils';
import type { InformerLike, Lister, ObjectClient } from '@tskube/controller-utils';
import { sleep } from '@tskube/component-base';

export interface PodGCDeps {
  podLister: Lister<Pod>;
  nodeLister: Lister<Node>;
  client: ObjectClient;
  logger: Logger;
  terminatedPodThreshold: number;
}

/** The pods one GC pass deletes, with the reason (pure except for the live node check). */
export async function podsToCollect(deps: PodGCDeps): Promise<Array<{ pod: Readonly<Pod>; reason: string }>> {
  const pods = deps.podLister.list();
  const out: Array<{ pod: Readonly<Pod>; reason: string }> = [];
  if (deps.terminatedPodThreshold > 0) {
    const terminated = pods.filter((p) => podIsTerminal(p)).sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''));
    for (const p of terminated.slice(0, Math.max(0, terminated.length - deps.terminatedPodThreshold))) out.push({ pod: p, reason: 'terminated' });
  }
  const missing = new Map<string, boolean>();
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (!node || out.some((o) => o.pod === p) || deps.nodeLister.get(node)) continue;
    if (!missing.has(node)) missing.set(node, await nodeGone(deps.client, node));
    if (missing.get(node)) out.push({ pod: p, reason: `orphaned (node ${node} does not exist)` });
  }
  for (const p of pods) if (!p.spec?.nodeName && p.metadata?.deletionTimestamp) out.push({ pod: p, reason: 'unscheduled and terminating' });
  return out;
}

async function nodeGone(client: ObjectClient, name: string): Promise<boolean> {
  try {
    await client.get<Node>(RESOURCES.nodes, name);
    return false;
  } catch (err) {
    return isNotFoundError(err);
  }
}

/** One GC pass; errors on single pods are logged and do not stop the pass. */
export async function gcOnce(deps: PodGCDeps): Promise<number> {
  let deleted = 0;
  for (const { pod, reason } of await podsToCollect(deps)) {
    try {
      await deps.client.delete(RESOURCES.pods, pod.metadata?.name ?? '', { namespace: pod.metadata?.namespace, gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid } });
      deps.logger.info('PodGC deleted pod', { pod: `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`, reason });
      deleted++;
    } catch (err) {
      if (!isNotFoundError(err)) deps.logger.warn('PodGC failed to delete pod', { pod: pod.metadata?.name, err: errorMessage(err) });
    }
  }
  return deleted;
}

export class PodGCController {
  constructor(private readonly deps: { podInformer: InformerLike<Pod>; nodeInformer: InformerLike<Node>; client: ObjectClient; logger: Logger; terminatedPodThreshold: number; gcCheckPeriodMs?: number }) {}

  async run(_workers: number, signal: AbortSignal): Promise<void> {
    const { podInformer, nodeInformer, client, logger, terminatedPodThreshold } = this.deps;
    if (!(await waitForSync([podInformer, nodeInformer], signal))) return;
    logger.info('starting podgc controller', { terminatedPodThreshold });
    while (!signal.aborted) {
      try {
        await gcOnce({ podLister: podInformer.getIndexer(), nodeLister: nodeInformer.getIndexer(), client, logger, terminatedPodThreshold });
      } catch (err) {
        logger.warn('PodGC pass failed', { err: errorMessage(err) });
      }
      await sleep(this.deps.gcCheckPeriodMs ?? 20_000, signal);
    }
  }
}
