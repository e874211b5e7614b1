import { labelSelectorFromObject, objectKey } from '@tskube/api-types';
import type { KubeObject, Pod, Service } from '@tskube/api-types';
import type { EventHandler } from './informer';
import { unwrapDeleted } from './informer';
import { NAMESPACE_INDEX } from './object-client';
import type { Lister } from './object-client';

/**
 * Keys (`ns/name`) of the Services in the pod's namespace whose non-empty selector matches the
 * pod's labels, or `old`'s labels when given (so a pod leaving a Service still enqueues it).
 * Services without a selector are skipped: their endpoints are managed by hand (upstream).
 */
export function servicesForPod(services: Lister<Service>, pod: Readonly<Pod>, old?: Readonly<Pod>): string[] {
  const out: string[] = [];
  for (const svc of services.byIndex(NAMESPACE_INDEX, pod.metadata?.namespace ?? '')) {
    const sel = svc.spec?.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    const s = labelSelectorFromObject({ matchLabels: sel });
    if (s.matches(pod.metadata?.labels) || (old && s.matches(old.metadata?.labels))) out.push(objectKey(svc));
  }
  return out;
}

/**
 * The pod handler the endpoints and endpointslice controllers share (upstream
 * `addPod`/`updatePod`/`deletePod` of both): every pod add, real update (resourceVersion
 * changed) or delete enqueues the Services selecting the pod, old or new labels.
 */
export function podToServicesHandler(services: Lister<Service>, enqueue: (key: string) => void): EventHandler<Pod> {
  const each = (pod: Readonly<Pod>, old?: Readonly<Pod>): void => {
    for (const key of servicesForPod(services, pod, old)) enqueue(key);
  };
  return {
    onAdd: (p) => each(p),
    onUpdate: (o, p) => {
      if (o.metadata?.resourceVersion !== p.metadata?.resourceVersion) each(p, o);
    },
    onDelete: (p) => each(unwrapDeleted(p)),
  };
}

/** Enqueues the object's own key on every add, update and delete (tombstones unwrapped). */
export function objectKeyHandler<T extends KubeObject>(enqueue: (key: string) => void): EventHandler<T> {
  return {
    onAdd: (o) => enqueue(objectKey(o)),
    onUpdate: (_old, o) => enqueue(objectKey(o)),
    onDelete: (o) => enqueue(objectKey(unwrapDeleted(o))),
  };
}
