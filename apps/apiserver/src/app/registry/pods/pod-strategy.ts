import type { Container, DeleteOptions, KubeObject, Pod, PodSpec, Toleration } from '@tskube/api-types';
import { fieldErr } from '../../errors/field-errors';
import { gcFinalizersAfterDelete } from '../gc-finalizers';
import { addSeconds, bumpGenerationOnFirstDeletion, nowTimestamp } from '../object-meta';
import { keepStatus, statusStrategyOf } from '../strategy';
import type { DeleteMode, Strategy } from '../strategy';
import { defaultPodSpec } from './pod-defaults';
import { validatePodSpec } from './pod-spec-validation';
import { w } from '../mutable';

/**
 * Upstream DefaultTolerationSeconds admission: unless a toleration already covers it (same key
 * or empty key, with effect NoExecute or empty), add `{key, operator: Exists, effect: NoExecute,
 * tolerationSeconds: 300}` for `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable`.
 */
export function addDefaultTolerations(spec: PodSpec): void {
  const tol = (spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tol.some((t: Toleration) => (!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute')))
      tol.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
}

/** QoS class as upstream computes it from requests/limits. */
export function qosClass(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all: Container[] = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined) guaranteed = false;
      else if (req[r] !== undefined && String(req[r]) !== String(lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The spec with the fields upstream lets an update change blanked out. */
function mutableStripped(spec: PodSpec | undefined): string {
  const s = structuredClone(spec ?? {}) as PodSpec;
  for (const c of [...(s.containers ?? []), ...(s.initContainers ?? [])]) c.image = '';
  delete s.activeDeadlineSeconds;
  delete s.tolerations;
  delete s.terminationGracePeriodSeconds;
  return JSON.stringify(s);
}

/**
 * Upstream's graceful-deletion stamp (rest.BeforeDelete): a pod not yet being deleted gets
 * deletionTimestamp now + `grace` and that grace period; one being deleted with a longer
 * recorded grace period has it shortened to `grace`, its deletionTimestamp moved back by the
 * difference (the deadline stays relative to the first DELETE); otherwise it is unchanged.
 */
function markGraceful(pod: KubeObject, grace: number): KubeObject {
  const m = w((pod.metadata ??= {}));
  const recorded = m.deletionGracePeriodSeconds;
  if (!m.deletionTimestamp) {
    bumpGenerationOnFirstDeletion(m);
    m.deletionTimestamp = nowTimestamp(grace);
    m.deletionGracePeriodSeconds = grace;
  } else if (recorded !== undefined && grace < recorded) {
    m.deletionTimestamp = addSeconds(m.deletionTimestamp, grace - recorded);
    m.deletionGracePeriodSeconds = grace;
  }
  return pod;
}

/**
 * Pods: graceful deletion keeps a bound pod (deletionTimestamp + deletionGracePeriodSeconds)
 * until its kubelet deletes it with gracePeriodSeconds=0; unbound or finished pods and
 * `gracePeriodSeconds: 0` delete at once (a negative grace period counts as 1, as upstream).
 * A pod already being deleted follows upstream's rest.BeforeDelete and generic Store: with no
 * grace period on record (or 0) it is deleted now (the Store still keeps it for finalizers);
 * a DELETE without gracePeriodSeconds or with one not shorter than the recorded one is pending
 * graceful deletion: `unchanged`, so nothing is written and the propagationPolicy does not
 * touch the finalizers; a shorter one shortens the grace period (markGraceful) and the Store
 * then applies the DELETE's garbage-collector finalizers, as upstream does after BeforeDelete;
 * 0 deletes the pod unless finalizers remain (then it is kept with grace 0, deadline moved back).
 */
function podDeleteMode(pod: Pod, opts: DeleteOptions): DeleteMode {
  const g = opts.gracePeriodSeconds;
  const asked = g == null ? undefined : g < 0 ? 1 : g;
  const m = pod.metadata;
  if (m?.deletionTimestamp) {
    const recorded = m.deletionGracePeriodSeconds;
    if (!recorded) return { kind: 'immediate' };
    if (asked === undefined || asked >= Math.max(recorded, 1)) return { kind: 'unchanged' };
    // Shortened to 0: deleted now, unless finalizers keep it (then with the deadline moved back, as any shortening).
    if (asked === 0 && !gcFinalizersAfterDelete(m.finalizers ?? [], opts).length) return { kind: 'immediate' };
    return { kind: 'mark', mark: (cur) => markGraceful(cur, asked) };
  }
  const phase = pod.status?.phase;
  if (asked === 0 || !pod.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') return { kind: 'immediate' };
  const grace = asked ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  return { kind: 'mark', mark: (cur) => markGraceful(cur, grace) };
}

export const podStrategy: Strategy<Pod> = {
  allowCreateOnUpdate: false,
  defaults: (pod) => defaultPodSpec((pod.spec ??= { containers: [] })),
  prepareForCreate: (_ctx, pod) => {
    addDefaultTolerations((pod.spec ??= { containers: [] }));
    w(pod).status = { phase: 'Pending', qosClass: qosClass(pod.spec) };
  },
  validate: (_ctx, pod) => validatePodSpec(pod.spec, 'spec'),
  prepareForUpdate: (_ctx, pod, old) => keepStatus(pod, old),
  validateUpdate: (_ctx, pod, old) => {
    const errs = validatePodSpec(pod.spec, 'spec');
    if (mutableStripped(pod.spec) !== mutableStripped(old.spec))
      errs.push(fieldErr.forbidden('spec', 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'));
    return errs;
  },
  fieldAttrs: (pod) => ({
    'spec.nodeName': pod.spec?.nodeName ?? '',
    'spec.restartPolicy': pod.spec?.restartPolicy ?? '',
    'spec.schedulerName': pod.spec?.schedulerName ?? '',
    'spec.serviceAccountName': pod.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': String(pod.spec?.hostNetwork ?? false),
    'status.phase': pod.status?.phase ?? '',
    'status.podIP': pod.status?.podIP ?? '',
    'status.nominatedNodeName': pod.status?.nominatedNodeName ?? '',
  }),
  deleteMode: podDeleteMode,
};

export const podStatusStrategy: Strategy<Pod> = { ...statusStrategyOf(podStrategy), validateUpdate: () => [] };

/** Strategy behind POST pods/<name>/binding: the spec change the main strategy forbids. */
export const podBindingStrategy: Strategy<Pod> = {
  ...podStrategy,
  prepareForUpdate: () => undefined,
  validateUpdate: () => [],
};
