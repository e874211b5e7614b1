import type { Binding, KubeObject, Pod, PodCondition, PodStatus, Status } from '@tskube/api-types';
import { BadRequestError, ConflictError, InvalidError, NotFoundError } from '../../errors/api-errors';
import { fieldErr } from '../../errors/field-errors';
import type { FieldError } from '../../errors/field-errors';
import { checkPreconditions } from '../../storage/codec';
import { nowTimestamp } from '../object-meta';
import { toApiError } from '../storage-errors';
import type { Store } from '../store';
import type { RequestContext } from '../strategy';

/** Upstream reports a refused bind against `pods/binding` (`Operation cannot be fulfilled on pods/binding "x": ...`). */
const BINDING = { group: '', resource: 'pods/binding' } as const;

/** Upstream `ValidatePodBinding`: target.kind is Node or empty, target.name is required. */
function validateBinding(binding: Binding): FieldError[] {
  const errs: FieldError[] = [];
  const kind = binding.target?.kind;
  if (kind && kind !== 'Node') errs.push(fieldErr.notSupported('target.kind', kind, ['Node', '<empty>']));
  if (!binding.target?.name) errs.push(fieldErr.required('target.name'));
  return errs;
}

/**
 * Upstream `podutil.UpdatePodCondition` with PodScheduled=True: replaces the condition in place
 * (or appends it), keeping its lastTransitionTime only if the status was already True.
 */
function withScheduled(status: PodStatus | undefined): PodStatus {
  const conds = status?.conditions ?? [];
  const i = conds.findIndex((c) => c.type === 'PodScheduled');
  const old = i >= 0 ? conds[i] : undefined;
  const cond: PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null as unknown as string, lastTransitionTime: old?.status === 'True' ? old.lastTransitionTime : nowTimestamp() };
  return { ...status, conditions: i >= 0 ? conds.map((c, j) => (j === i ? cond : c)) : [...conds, cond] };
}

/**
 * The bound pod built from `cur` without touching it (nothing of `cur` is mutated, so the watch
 * cache's shared copy can seed the update). Throws 409 (pods/binding) as upstream when the pod
 * is being deleted, already assigned, or still has scheduling gates.
 */
function boundPod(cur: Pod, podName: string, node: string, annotations: Record<string, string> | undefined): Pod {
  const refuse = (why: string): never => {
    throw new ConflictError(BINDING, podName, why);
  };
  if (cur.metadata?.deletionTimestamp) refuse(`pod ${podName} is being deleted, cannot be assigned to a host`);
  if (cur.spec?.nodeName) refuse(`pod ${podName} is already assigned to node "${cur.spec.nodeName}"`);
  if (cur.spec?.schedulingGates?.length) refuse(`pod ${podName} has non-empty .spec.schedulingGates`);
  const metadata = annotations && Object.keys(annotations).length ? { ...cur.metadata, annotations: { ...cur.metadata?.annotations, ...annotations } } : { ...cur.metadata };
  return { ...cur, metadata, spec: { ...cur.spec!, nodeName: node }, status: withScheduled(cur.status) };
}

/**
 * POST pods/<name>/binding (the scheduler's bind), as upstream's BindingREST: sets spec.nodeName,
 * merges the Binding's annotations and sets PodScheduled=True in ONE compare-and-swap on the
 * pod's key, seeded from the watch cache's copy (no read round trip; a stale copy fails the
 * compare or the checks, and the storage retries from a fresh read, so it costs time, never
 * correctness). Like upstream it writes through the storage, not the update strategy: no
 * validation, defaulting or managedFields entry for the scheduler. The Binding's
 * metadata.uid / resourceVersion are preconditions (409 on pods when they do not hold); 409 on
 * pods/binding when the pod is already bound, being deleted or gated; 404 when it does not exist.
 * Returns the Success Status upstream returns (HTTP 201); `dryRun` checks without writing.
 */
export async function bindPod(pods: Store, ctx: RequestContext, podName: string, body: KubeObject): Promise<Status> {
  const binding = body as Binding;
  if (binding.metadata?.name && binding.metadata.name !== podName) throw new BadRequestError(`the name of the object (${binding.metadata.name}) does not match the name on the URL (${podName})`);
  const errs = validateBinding(binding);
  const node = binding.target?.name; // the body is unchecked JSON: target may be missing
  if (errs.length || !node) throw new InvalidError({ group: '', kind: 'Binding' }, podName, errs);
  const storage = pods.storage;
  const key = pods.key(ctx.namespace, podName);
  const preconditions = { uid: binding.metadata?.uid, resourceVersion: binding.metadata?.resourceVersion };
  try {
    if (ctx.dryRun) {
      const cur = await storage.get(key);
      if (!cur) throw new NotFoundError(pods.info, podName);
      checkPreconditions(key, cur, preconditions);
      boundPod(cur as Pod, podName, node, binding.metadata?.annotations);
    } else {
      await storage.guaranteedUpdate(key, (cur) => boundPod(cur as Pod, podName, node, binding.metadata?.annotations), { preconditions, current: storage.getCached?.(key) });
    }
  } catch (err) {
    throw toApiError(err, pods.info, podName);
  }
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}
